"""Personal API tokens: made in settings, shown once, stored hashed, scoped, revocable."""
from __future__ import annotations

import hashlib
import re

import pytest

from community.accounts.models import ApiToken
from community.audit.models import AuditEntry
from community.extensions import db
from tests.community.accounts.helpers import audit_entries, english, login_client, post_form, reload
from tests.conftest import csrf_token


def _create(client, name="Mijn script", scope="read"):
    return post_form(client, "/settings/tokens", {"token-name": name, "token-scope": scope},
                     "/settings")


def _raw_token(resp) -> str:
    match = re.search(r"\b(mkb_[A-Za-z0-9_-]{20,})", resp.get_data(as_text=True))
    assert match, "no token on the page"
    return match.group(1)


def _bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def _tokens(user) -> list[ApiToken]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(ApiToken).where(ApiToken.user_id == user.id)))


@pytest.fixture
def member(app, user):
    client = login_client(app, user)
    english(client)
    return client


def test_token_is_shown_once_and_stored_only_as_a_hash(app, member, user):
    resp = _create(member)
    assert resp.status_code == 201
    assert "Copy it now: it will not be shown again." in resp.get_data(as_text=True)
    raw = _raw_token(resp)

    [token] = _tokens(user)
    assert token.name == "Mijn script" and token.scope == "read"
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith(token.prefix) and len(token.prefix) < len(raw) // 3
    stored = [str(getattr(token, c.key)) for c in ApiToken.__table__.columns]
    assert not any(raw in value for value in stored)

    page = member.get("/settings").get_data(as_text=True)
    assert raw not in page and token.prefix in page and "Mijn script" in page
    # The audit log notes the creation, never the token itself.
    entry = audit_entries("token.created")[-1]
    assert raw not in str(entry.data) and entry.data["scope"] == "read"


def test_read_token_reads_but_cannot_write(app, client, member, user):
    english(client)
    raw = _raw_token(_create(member, scope="read"))
    resp = client.get("/api/v1/me", headers=_bearer(raw))
    assert resp.status_code == 200 and resp.json["email"] == "anna@example.org"
    resp = client.patch("/api/v1/me", headers=_bearer(raw), json={"job_title": "Gewijzigd"})
    assert resp.status_code == 403
    assert resp.is_json and "may only read" in resp.json["message"]
    assert reload(user).job_title is None


def test_write_token_can_change_the_profile(client, member, user):
    raw = _raw_token(_create(member, scope="write"))
    resp = client.patch("/api/v1/me", headers=_bearer(raw), json={"job_title": "Via de API"})
    assert resp.status_code == 200 and resp.json["job_title"] == "Via de API"
    assert reload(user).job_title == "Via de API"
    assert _tokens(user)[0].last_used_at is not None


def test_revoked_token_is_refused_with_401_json(client, member, user):
    english(client)
    raw = _raw_token(_create(member))
    [token] = _tokens(user)
    assert client.get("/api/v1/me", headers=_bearer(raw)).status_code == 200
    resp = post_form(member, f"/settings/tokens/{token.id}/revoke", {}, "/settings")
    assert resp.status_code == 302
    assert _tokens(user)[0].revoked_at is not None
    assert "revoked" in member.get("/settings").get_data(as_text=True)
    resp = client.get("/api/v1/me", headers=_bearer(raw))
    assert resp.status_code == 401 and resp.is_json
    assert resp.json["message"] == "Unknown, revoked or malformed API token."
    assert "invalid_token" in resp.headers["WWW-Authenticate"]
    assert len(audit_entries("token.revoked")) == 1


@pytest.mark.parametrize("header", [
    "Bearer mkb_" + "x" * 43,  # well-formed but unknown
    "Bearer not-a-community-token",
    "Bearer ",
    "Bearer mkb_" + "x" * 300,
    "Basic YW5uYTpnZWhlaW0=",
])
def test_unknown_or_malformed_token_is_401_json(client, user, header):
    resp = client.get("/api/v1/me", headers={"Authorization": header})
    assert resp.status_code == 401 and resp.is_json
    assert "email" not in resp.json


def test_token_of_a_deactivated_account_stops_working(client, member, user):
    raw = _raw_token(_create(member))
    user.active = False
    db.session.commit()
    assert client.get("/api/v1/me", headers=_bearer(raw)).status_code == 401


def test_someone_else_cannot_revoke_my_token(app, client, member, user, make_user):
    raw = _raw_token(_create(member))
    [token] = _tokens(user)
    other = login_client(app, make_user())
    resp = post_form(other, f"/settings/tokens/{token.id}/revoke", {}, "/settings")
    assert resp.status_code == 404
    assert _tokens(user)[0].revoked_at is None
    assert client.get("/api/v1/me", headers=_bearer(raw)).status_code == 200
    assert "Mijn script" not in other.get("/settings").get_data(as_text=True)


def test_invalid_scope_or_missing_name_creates_nothing(member, user):
    assert _create(member, scope="admin").status_code == 400
    assert _create(member, name="").status_code == 400
    assert _tokens(user) == []


def test_token_forms_need_a_csrf_token(member, user):
    resp = member.post("/settings/tokens", data={"token-name": "x", "token-scope": "write"})
    assert resp.status_code == 400
    assert _tokens(user) == []
    _raw_token(_create(member))
    [token] = _tokens(user)
    assert member.post(f"/settings/tokens/{token.id}/revoke").status_code == 400
    assert _tokens(user)[0].revoked_at is None


def test_cookie_authenticated_api_writes_need_csrf(member, user):
    resp = member.patch("/api/v1/me", json={"job_title": "Zonder token"})
    assert resp.status_code == 400 and resp.is_json
    assert reload(user).job_title is None
    token = csrf_token(member, "/settings")
    resp = member.patch("/api/v1/me", json={"job_title": "Met token"},
                        headers={"X-CSRFToken": token})
    assert resp.status_code == 200
    assert reload(user).job_title == "Met token"


def test_no_token_value_anywhere_in_the_audit_log(member, user):
    raw = _raw_token(_create(member, scope="write"))
    [token] = _tokens(user)
    post_form(member, f"/settings/tokens/{token.id}/revoke", {}, "/settings")
    for entry in db.session.scalars(db.select(AuditEntry)):
        assert raw not in str(entry.data) and raw[4:] not in str(entry.data)
