"""@mentions in posts and comments: handles, rendering with linked mentions, notifying.

A person's handle is the slug of their name (python-slugify), so "Jan de Vries" is
``@jan-de-vries``. Handles never contain e-mail addresses. When two active people share a
handle, the mention is ambiguous and links nobody. Mentions are linked to the profile for
every reader; only people who may see the post are notified.
"""
from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from flask import current_app
from slugify import slugify
from sqlalchemy.orm import lazyload

from ..access import can
from ..accounts.models import User
from ..extensions import db
from ..feeds import services as feeds
from ..text import mentions as find_handles
from ..text import render_markdown
from . import post_policy  # noqa: F401  (registers the post and comment rules)
from .post_models import Post

MAX_MENTIONS = 20  # handles looked up per text; the trust rules may allow fewer


def handle_of(user) -> str:
    """The @handle of a person: the slug of their name (never part of their e-mail)."""
    return slugify(user.name or "", max_length=40)


def _handle_pattern(handle: str) -> str:
    """A LIKE pattern that finds the names a handle may come from: separators become
    ``%`` and vowels ``_`` (so "José" or "Ülker" are found); the exact check is in Python."""
    out = []
    for ch in handle:
        if ch == "-":
            out.append("%")
        elif ch in "aeiouy":
            out.append("_")
        else:
            out.append(ch)
    return "%" + "".join(out) + "%"


def resolve_handles(handles: Iterable[str]) -> dict[str, User]:
    """Active people by lower-cased handle; ambiguous and unknown handles are left out."""
    wanted = []
    for h in handles:
        h = h.lower()
        if slugify(h) == h and h not in wanted:
            wanted.append(h)
    wanted = wanted[:MAX_MENTIONS]
    if not wanted:
        return {}
    lowered = sa.func.lower(User.name)
    candidates = db.session.scalars(
        sa.select(User).options(lazyload(User.expertise))
        .where(User.active.is_(True), sa.or_(*[lowered.like(_handle_pattern(h))
                                               for h in wanted]))
        .limit(200 * len(wanted)))
    found: dict[str, list[User]] = {}
    for user in candidates:
        h = handle_of(user)
        if h in wanted:
            found.setdefault(h, []).append(user)
    return {h: users[0] for h, users in found.items() if len(users) == 1}


def _profile_path(user: User) -> str:
    return current_app.url_map.bind("localhost").build("accounts.profile",
                                                       {"user_id": user.id})


def render_body(source: str) -> tuple[str, dict[str, User]]:
    """Safe HTML with mentions linked, and the people mentioned (by handle)."""
    people = resolve_handles(find_handles(source))
    urls = {h: _profile_path(u) for h, u in people.items()}
    return render_markdown(source, urls), people


def preview(body_md: str) -> str:
    """What the post will look like (sanitised HTML with mentions linked); saves nothing."""
    return render_body(body_md or "")[0]


def notify_mentions(author, target, post: Post, people: Iterable[User]) -> None:
    """Tell feeds about mentioned people who may see ``target``; nobody else hears of it."""
    seen, users = set(), []
    for user in people:
        if user.id in seen or user.id == getattr(author, "id", None):
            continue
        seen.add(user.id)
        if can(user, "view", target):
            users.append(user)
    if users:
        feeds.mentioned(author, target, users, post)
