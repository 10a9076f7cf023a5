"""Every route x every role against the expected status.

Each feature keeps its cases in ``tests/community/<feature>/matrix.py`` (``cases(world)``
returns a list of ``Case``). A route of the app without a case fails this test, so a new
route cannot ship without its access expectations.
"""
from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from community.extensions import db, limiter
from tests.conftest import PASSWORD
from tests.matrix_support import ROLES, World

IGNORED_ENDPOINTS = {"static", "api-docs.openapi_json"}


def _matrix_modules():
    root = Path(__file__).parent
    for path in sorted(root.rglob("matrix.py")):
        rel = path.relative_to(root.parent).with_suffix("")
        yield importlib.import_module(".".join(rel.parts))


def _login(app, user):
    client = app.test_client()
    if user is None:
        return client
    first = client.get("/login")
    html = first.get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html)
    resp = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                       "csrf_token": token.group(1)})
    assert resp.status_code == 302, resp.get_data(as_text=True)[-3000:]
    return client


def _token(client) -> str:
    html = client.get("/").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_every_route_matches_the_matrix(app, make_user, make_company, _transaction):
    world = World(member=make_user("member", name="Lid Een"),
                  other=make_user("member", name="Ander Lid"),
                  partner=make_user("partner", name="Partner Loket"),
                  moderator=make_user("moderator", name="Mod Erator"),
                  admin=make_user("admin", name="Ad Min"),
                  make_user=make_user, make_company=make_company)
    cases = []
    for module in _matrix_modules():
        cases.extend(module.cases(world))
    db.session.commit()

    covered = {c.endpoint for c in cases}
    routes = {rule.endpoint for rule in app.url_map.iter_rules()} - IGNORED_ENDPOINTS
    missing = sorted(routes - covered)
    assert not missing, f"routes without access-matrix cases: {missing}"

    users = {"anonymous": None, "member": world.member, "other": world.other,
             "partner": world.partner, "moderator": world.moderator, "admin": world.admin}
    limiter.reset()
    clients = {role: _login(app, users[role]) for role in ROLES}
    tokens = {role: _token(clients[role]) for role in ROLES}
    cookies = {role: clients[role].get_cookie("session").value for role in ROLES}
    # Release (not roll back) the test's own savepoint: the logins above live inside it.
    db.session.commit()
    db.session.remove()

    failures = []
    for case in cases:
        for role in ROLES:
            savepoint = _transaction.begin_nested()
            try:
                client = clients[role]
                client.set_cookie("session", cookies[role])  # undo what earlier cases did
                kwargs = {}
                if case.json is not None:
                    kwargs["json"] = case.json
                    kwargs["headers"] = {"X-CSRFToken": tokens[role]}
                elif case.method != "GET":
                    kwargs["data"] = {**(case.data or {}), "csrf_token": tokens[role]}
                resp = client.open(case.url, method=case.method, **kwargs)
                if resp.status_code not in case.expected(role):
                    failures.append(f"{case.method} {case.url} as {role}: {resp.status_code}, "
                                    f"expected {case.expected(role)}")
            finally:
                db.session.remove()
                savepoint.rollback()
                limiter.reset()
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("module", list(_matrix_modules()), ids=lambda m: m.__name__)
def test_matrix_modules_define_cases(module):
    assert callable(getattr(module, "cases", None))
