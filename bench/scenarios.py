"""The measured pages. Adding one is one line in ``SCENARIOS``.

A scenario has a short key (for ``--scenarios``), a label for the table, a function that
gives the paths to request from the generated ``Dataset`` (the load generator cycles
through them) and whether it runs as a logged-in user. Before measuring, every path is
fetched once and must answer 200 (and, logged in, show the logout form).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .datagen import Dataset


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    paths: Callable[[Dataset], list[str]]
    logged_in: bool = False


SCENARIOS: list[Scenario] = [
    Scenario("home", "home /", lambda d: ["/"]),
    Scenario("home-user", "home / (logged in)", lambda d: ["/"], logged_in=True),
    Scenario("company", "company /companies/<id>",
             lambda d: [f"/companies/{i}" for i in d.company_ids]),
    Scenario("directory", "directory /companies?page=N",
             lambda d: [f"/companies?page={p}" for p in range(1, 21)]),
    Scenario("login", "login page /login", lambda d: ["/login"]),
    # content of bench/datagen_content.py
    Scenario("spaces", "space list /spaces", lambda d: ["/spaces", "/spaces?page=2"]),
    Scenario("space", "space /spaces/<slug>", lambda d: [f"/spaces/{s}" for s in d.space_slugs]),
    Scenario("space-user", "space /spaces/<slug> (logged in)",
             lambda d: [f"/spaces/{s}" for s in d.space_slugs], logged_in=True),
    Scenario("post", "post, 10 comments", lambda d: d.post_paths),
    Scenario("post-user", "post, 10 comments (logged in)", lambda d: d.post_paths,
             logged_in=True),
    Scenario("question", "question /qa/<id>, 50 answers",
             lambda d: [f"/qa/{i}" for i in d.question_ids]),
    Scenario("question-user", "question, 50 answers (logged in)",
             lambda d: [f"/qa/{i}" for i in d.question_ids], logged_in=True),
    Scenario("unanswered", "/qa?queue=unanswered&page=N",
             lambda d: [f"/qa?queue=unanswered&page={p}" for p in range(1, 11)]),
]


def select(keys: str | None) -> list[Scenario]:
    """The scenarios named in a comma-separated list (all when empty)."""
    if not keys:
        return list(SCENARIOS)
    wanted = [k.strip() for k in keys.split(",") if k.strip()]
    known = {s.key: s for s in SCENARIOS}
    unknown = [k for k in wanted if k not in known]
    if unknown:
        raise ValueError(f"unknown scenario(s) {', '.join(unknown)}; "
                         f"known: {', '.join(known)}")
    return [known[k] for k in wanted]
