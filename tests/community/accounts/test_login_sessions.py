"""Logging in and out, server-side sessions, CSRF on account forms, safe redirects."""
from __future__ import annotations

import pytest

from community.accounts.models import UserSession
from community.extensions import db
from tests.community.accounts.helpers import (
    NEW_PASSWORD,
    audit_entries,
    english,
    is_logged_in,
    login_client,
    post_form,
    reload,
    session_of,
    try_login,
)
from tests.conftest import PASSWORD, csrf_token


def _live_sessions(user) -> list[UserSession]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(UserSession).where(
        UserSession.user_id == user.id, UserSession.revoked_at.is_(None))))


def test_login_with_the_right_password_opens_the_account(app, client, user):
    assert not is_logged_in(client)
    resp = try_login(client, "ANNA@example.org", PASSWORD)  # e-mail is case-insensitive
    assert resp.status_code == 302 and resp.headers["Location"] == "/"
    assert is_logged_in(client)
    assert "Anna de Vries" in client.get("/").get_data(as_text=True)
    assert reload(user).last_login_at is not None
    assert len(_live_sessions(user)) == 1
    assert [e.actor_id for e in audit_entries("login.succeeded")] == [user.id]


@pytest.mark.parametrize("email, password", [
    ("anna@example.org", "verkeerd-wachtwoord-123"),
    ("niemand@example.org", PASSWORD),  # unknown account: the same answer
    ("anna@example.org", ""),
])
def test_wrong_credentials_are_refused_with_one_generic_message(client, user, email, password):
    english(client)
    resp = try_login(client, email, password)
    assert resp.status_code == 400
    html = resp.get_data(as_text=True)
    if password:
        assert "E-mail address or password is incorrect." in html
    assert not is_logged_in(client)
    assert _live_sessions(user) == []


def test_deactivated_account_cannot_log_in(client, make_user):
    english(client)
    blocked = make_user(active=False)
    resp = try_login(client, blocked.email, PASSWORD)
    assert resp.status_code == 400
    assert "E-mail address or password is incorrect." in resp.get_data(as_text=True)
    assert not is_logged_in(client)


def test_session_id_changes_at_login(app, client, user):
    client.get("/login")
    before = session_of(app, client)
    assert "sid" not in before and "csrf_token" in before
    try_login(client, user.email, PASSWORD)
    first = session_of(app, client)
    assert first["sid"] and first["_user_id"] == str(user.id)
    assert first.get("csrf_token") != before["csrf_token"]  # nothing from before survives

    # Logging in again (e.g. from the login page in another tab) gives a new session id
    # and ends the previous one: its cookie no longer opens the account.
    old_cookie = client.get_cookie("session").value
    try_login(client, user.email, PASSWORD)
    second = session_of(app, client)
    assert second["sid"] != first["sid"]
    assert is_logged_in(client)
    replay = app.test_client()
    replay.set_cookie("session", old_cookie)
    assert not is_logged_in(replay)
    assert len(_live_sessions(user)) == 1


def test_session_cookie_is_httponly_and_samesite(client, user, login):
    login(user)
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_production_config_makes_the_session_cookie_secure(tmp_path, monkeypatch):
    from flask import Flask

    from community import config

    monkeypatch.setenv("COMMUNITY_SECRET_KEY", "x" * 40)
    app = Flask("prod", instance_path=str(tmp_path))
    config.load(app, {"ENV": "production", "DATABASE_URL": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_logout_ends_the_session_and_a_replayed_cookie_is_refused(app, client, user, login):
    login(user)
    captured = client.get_cookie("session").value
    resp = post_form(client, "/logout", {})
    assert resp.status_code == 302
    assert not is_logged_in(client)
    assert _live_sessions(user) == []
    assert [e.actor_id for e in audit_entries("logout")] == [user.id]

    attacker = app.test_client()
    attacker.set_cookie("session", captured)
    resp = attacker.get("/settings")
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/login")
    assert attacker.get("/api/v1/me").status_code == 401


def test_logout_without_csrf_token_is_refused(client, user, login):
    login(user)
    resp = client.post("/logout")
    assert resp.status_code == 400
    assert is_logged_in(client)  # a cross-site form cannot log the user out


def test_password_change_ends_other_sessions_but_keeps_this_one(app, user, outbox):
    laptop = login_client(app, user, HTTP_USER_AGENT="Laptop")
    phone = login_client(app, user, HTTP_USER_AGENT="Phone")
    captured = phone.get_cookie("session").value
    english(laptop)
    resp = post_form(laptop, "/settings/password", {"password-current_password": PASSWORD,
                                                    "password-password": NEW_PASSWORD},
                     "/settings", follow_redirects=True)
    assert resp.status_code == 200
    assert "Your password is changed. 1 other sessions were ended." in \
        resp.get_data(as_text=True)
    assert is_logged_in(laptop)
    assert not is_logged_in(phone)
    replay = app.test_client()
    replay.set_cookie("session", captured)
    assert not is_logged_in(replay)
    assert [s.user_agent for s in _live_sessions(user)] == ["Laptop"]
    # A notice goes to the owner.
    assert [m["To"] for m in outbox] == [user.email]
    assert outbox[0]["Subject"] in ("Your password was changed", "Je wachtwoord is gewijzigd",
                                    "Uw wachtwoord is gewijzigd")
    # The old password no longer works, the new one does.
    assert try_login(app.test_client(), user.email, PASSWORD).status_code == 400
    login_client(app, user, NEW_PASSWORD)


def test_password_change_needs_the_current_password(app, user, outbox):
    laptop = login_client(app, user)
    phone = login_client(app, user)
    english(laptop)
    resp = post_form(laptop, "/settings/password",
                     {"password-current_password": "niet-mijn-wachtwoord",
                      "password-password": NEW_PASSWORD}, "/settings")
    assert resp.status_code == 400
    assert "Your current password is incorrect." in resp.get_data(as_text=True)
    assert is_logged_in(phone)
    assert outbox == []
    login_client(app, user, PASSWORD)  # unchanged


def test_log_out_everywhere_else(app, user):
    laptop = login_client(app, user, HTTP_USER_AGENT="Laptop")
    phone = login_client(app, user, HTTP_USER_AGENT="Phone")
    page = laptop.get("/settings").get_data(as_text=True)
    assert "Laptop" in page and "Phone" in page  # the session list shows both devices
    resp = post_form(laptop, "/settings/sessions/end", {}, "/settings")
    assert resp.status_code == 302
    assert is_logged_in(laptop) and not is_logged_in(phone)
    assert "Phone" not in laptop.get("/settings").get_data(as_text=True)


def test_login_required_pages_send_you_back_after_login(client, user):
    resp = client.get("/settings")
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/login?next=%2Fsettings"
    token = csrf_token(client, "/login?next=%2Fsettings")
    resp = client.post("/login?next=%2Fsettings",
                       data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert resp.status_code == 302 and resp.headers["Location"] == "/settings"


@pytest.mark.parametrize("target", [
    "//evil.example", "https://evil.example", "/\\evil.example", "\\\\evil.example",
    "http:evil.example", " //evil.example", "/\t/evil.example", "javascript:alert(1)",
    "%2F%2Fevil.example", "evil.example",
])
def test_next_parameter_never_leaves_the_site(client, user, target):
    from urllib.parse import quote

    path = "/login?next=" + quote(target, safe="")
    token = csrf_token(client, path)
    resp = client.post(path, data={"email": user.email, "password": PASSWORD,
                                   "csrf_token": token})
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/"


def test_next_in_the_login_form_is_escaped_and_safe(client):
    html = client.get('/login?next=//evil.example/"><script>').get_data(as_text=True)
    assert '<form method="post" class="stacked card" action="/login?next=/"' in html
    assert "<script>" not in html


def test_deactivating_an_account_ends_its_sessions_at_once(app, user):
    client = login_client(app, user)
    user.active = False
    db.session.commit()
    assert not is_logged_in(client)
    assert client.get("/api/v1/me").status_code == 401


@pytest.mark.parametrize("column, age_days", [("last_seen_at", 15), ("created_at", 31)])
def test_idle_and_old_sessions_end_by_themselves(app, client, user, column, age_days):
    import datetime as dt

    from community.db import utcnow

    client = login_client(app, user)
    assert is_logged_in(client)
    row = _live_sessions(user)[0]
    setattr(row, column, utcnow() - dt.timedelta(days=age_days))
    db.session.commit()
    assert not is_logged_in(client)
    assert _live_sessions(user) == []


def test_secret_tokens_never_reach_the_log(app, client, caplog):
    import logging

    token = "Zm9vYmFyLXNlY3JldC10b2tlbi12YWx1ZQ"
    with caplog.at_level(logging.INFO, logger="community"):
        client.get(f"/password/reset/{token}")
        logging.getLogger("community.test").warning("probe")
    from community.logs import redact_path

    assert redact_path(f"/password/reset/{token}") == "/password/reset/[redacted]"
    assert redact_path("/spaces/invitations/token/" + token).endswith("/token/[redacted]")
    assert redact_path("/companies/12") == "/companies/12"
    assert all(token not in str(getattr(r, "path", "")) for r in caplog.records)
