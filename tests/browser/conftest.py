"""Real browsers against a real server: Debian's Chromium driven by Playwright.

Playwright's own browser download is not used (CI has no access to it): the browser is
the system's ``chromium`` (``apt install chromium``; ``.ci/run`` installs it). Without it
the tests skip, or fail under ``COMMUNITY_REQUIRE_SERVICES=1``.

One ``community serve`` process (threading) per session, on a SQLite database prepared the
way ``make run`` does it: ``community db upgrade`` and ``community demo``. The demo loader's
masterclass "Financiering voor groei" starts ten minutes after loading, with its presenters
set and the demo entrepreneurs registered, so its live room is ready.
"""
from __future__ import annotations

import secrets
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass

import pytest

from bench import live
from bench import server as bench_server
from tests.conftest import PASSWORD, service_missing

DEMO_DOMAIN = "demo.mkb-limburg.example"
LIVE_TITLE = "Financiering voor groei"
TIMEOUT_MS = 10_000


@dataclass
class Site:
    base_url: str
    slug: str  # the demo masterclass that is about to start
    server: bench_server.Server

    def url(self, path: str) -> str:
        return self.base_url + path


def _community(env: dict, *args: str) -> None:
    result = subprocess.run([sys.executable, "-c", "from community.cli import main; main()",  # noqa: S603
                             *args], env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, f"community {' '.join(args)}:\n{result.stderr[-3000:]}"


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if not path:
        service_missing("Chromium (apt install chromium)")
    return path


@pytest.fixture(scope="session")
def site(tmp_path_factory, chromium_path) -> Site:
    instance = tmp_path_factory.mktemp("browser-instance")
    url = f"sqlite:///{instance / 'community.db'}"
    env = live.live_env(str(instance), url, secret=secrets.token_urlsafe(32),
                        env="development",
                        extra={"COMMUNITY_LIVE_BROADCAST_INTERVAL": "0.1"})
    _community(env, "db", "upgrade")
    _community(env, "demo")
    with sqlite3.connect(instance / "community.db") as conn:
        (slug,) = conn.execute("SELECT slug FROM event WHERE title = ?", (LIVE_TITLE,)).fetchone()
    srv = live.start_server(str(instance), env, name="browser")
    try:
        yield Site(srv.base_url, slug, srv)
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path,
                                    args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            yield browser
        finally:
            browser.close()


STUB = "<!doctype html><html lang=en><title>Elsewhere</title><p>Not loaded in tests.</p>"


class Person:
    """One browser context (its own cookies) with a page that records every error.

    Nothing leaves the machine: a request to another site (the live room embeds the
    masterclass's Jitsi room in an iframe) gets a stub page, and its URL is kept in
    ``elsewhere``, so the tests behave the same with or without internet access.
    """

    def __init__(self, browser, site: Site, name: str) -> None:
        self.name = name
        self.site = site
        self.elsewhere: list[str] = []
        self.context = browser.new_context(locale="nl-NL")
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.route(lambda url: not url.startswith(site.base_url + "/"), self._stub)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))

    def _stub(self, route) -> None:
        self.elsewhere.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body=STUB)

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console error: {message.text} ({message.location})")

    def goto(self, path: str) -> None:
        response = self.page.goto(self.site.url(path))
        assert response is not None and response.ok, (self.name, path, response and response.status)

    def login(self, user: str) -> None:
        self.goto("/login")
        self.page.fill("input[name=email]", f"{user}@{DEMO_DOMAIN}")
        self.page.fill("input[name=password]", PASSWORD)
        with self.page.expect_navigation():
            self.page.locator("main form").first.locator("button[type=submit]").click()
        assert "/login" not in self.page.url, f"{self.name} could not log in as {user}"

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def people(browser, site):
    """``people(name)`` opens a fresh browser context; all are closed after the test."""
    opened: list[Person] = []

    def open_person(name: str) -> Person:
        person = Person(browser, site, name)
        opened.append(person)
        return person

    yield open_person
    for person in opened:
        person.close()


def axe_check(page, impacts=("serious", "critical")) -> tuple[list[str], str]:
    """Run axe-core (bundled by axe-playwright-python) on the page.

    Returns the violations with one of ``impacts``, described, and a summary of all of
    them (any impact) for the assertion message.
    """
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = []
    for violation in results.response["violations"]:
        if violation["impact"] in impacts:
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
            bad.append(f"{violation['id']} ({violation['impact']}): {violation['help']} "
                       f"on {targets}")
    return bad, results.generate_snapshot()
