"""The JSON API base: OpenAPI document, tokens, content types, CSRF, errors."""
from __future__ import annotations

from community.accounts.services import create_api_token
from tests.conftest import csrf_token


def _bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def test_openapi_describes_every_api_endpoint(app, client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    paths = set(spec["paths"])
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api-docs.openapi_json":
            openapi_path = rule.rule.replace("<int:", "{") \
                .replace("<", "{").replace(">", "}")
            assert openapi_path in paths, f"{rule.rule} missing from openapi.json"
    assert "bearerAuth" in spec["components"]["securitySchemes"]


def test_me_with_token(client, make_user):
    user = make_user(name="Token Gebruiker")
    _token, raw = create_api_token(user, "script", "read")
    resp = client.get("/api/v1/me", headers=_bearer(raw))
    assert resp.status_code == 200
    assert resp.json["email"] == user.email and resp.json["name"] == "Token Gebruiker"
    assert "password_hash" not in resp.json


def test_unknown_or_malformed_token_is_401_json(client):
    for header in ("Bearer mkb_nope", "Bearer ", "Basic abc", "Bearer " + "x" * 5000):
        resp = client.get("/api/v1/me", headers={"Authorization": header})
        assert resp.status_code == 401
        assert resp.is_json and resp.json["message"]
        assert "Bearer" in resp.headers["WWW-Authenticate"]


def test_anonymous_me_is_401(client):
    assert client.get("/api/v1/me").status_code == 401


def test_companies_list_and_detail(client, make_company):
    a = make_company(name="Alfa Bouw", region="zuid", municipality="Heerlen")
    make_company(name="Beta Logistiek", region="noord", municipality="Venlo")
    body = client.get("/api/v1/companies?region=zuid").json
    assert [c["name"] for c in body["items"]] == ["Alfa Bouw"] and body["total"] == 1
    assert client.get(f"/api/v1/companies/{a.id}").json["municipality"] == "Heerlen"
    missing = client.get("/api/v1/companies/999999")
    assert missing.status_code == 404 and missing.is_json


def test_bad_query_arguments_are_422_json(client):
    for query in ("per_page=1000", "page=0", "sector=ZZ", "page=abc"):
        resp = client.get(f"/api/v1/companies?{query}")
        assert resp.status_code == 422, query
        assert resp.is_json and "errors" in resp.json


def test_update_me_with_write_token_ignores_privileged_fields(client, make_user):
    from community.accounts.models import User
    from community.extensions import db

    user = make_user(name="Oude Naam")
    _t, raw = create_api_token(user, "w", "write")
    resp = client.patch("/api/v1/me", headers=_bearer(raw), json={
        "name": "Nieuwe Naam", "expertise": ["export", "Financiering"],
        "role": "admin", "is_admin": True, "email": "hacker@example.org", "company_id": 1})
    assert resp.status_code == 200, resp.json
    assert resp.json["name"] == "Nieuwe Naam" and resp.json["role"] == "member"
    db.session.expire_all()
    fresh = db.session.get(User, user.id)
    assert fresh.role == "member" and fresh.email == user.email
    assert sorted(t.slug for t in fresh.expertise) == ["export", "financiering"]


def test_wrong_content_type_is_415_and_nothing_changes(client, make_user):
    user = make_user(name="Blijft")
    _t, raw = create_api_token(user, "w", "write")
    resp = client.patch("/api/v1/me", data="name=Anders", headers={
        **_bearer(raw), "Content-Type": "application/x-www-form-urlencoded"})
    assert resp.status_code == 415 and resp.is_json
    assert client.get("/api/v1/me", headers=_bearer(raw)).json["name"] == "Blijft"


def test_invalid_json_fields_are_422(client, make_user):
    user = make_user()
    _t, raw = create_api_token(user, "w", "write")
    resp = client.patch("/api/v1/me", headers=_bearer(raw), json={"name": "", "visibility": "x"})
    assert resp.status_code == 422 and set(resp.json["errors"]["json"]) == {"name", "visibility"}


def test_method_not_allowed_is_405_with_allow(client):
    resp = client.delete("/api/v1/companies")
    assert resp.status_code == 405 and resp.is_json
    assert "GET" in resp.headers["Allow"]


def test_read_token_cannot_write_and_cookie_writes_need_csrf(client, make_user, login):
    user = make_user(name="Ongewijzigd")
    _t, raw = create_api_token(user, "r", "read")
    resp = client.patch("/api/v1/me", json={"name": "Via leestoken"}, headers=_bearer(raw))
    assert resp.status_code == 403 and resp.is_json
    login(user)
    resp = client.patch("/api/v1/me", json={"name": "Zonder CSRF"})
    assert resp.status_code == 400  # a cookie-authenticated write needs a CSRF token
    resp = client.patch("/api/v1/me", json={"name": "Met CSRF"},
                        headers={"X-CSRFToken": csrf_token(client)})
    assert resp.status_code == 200 and resp.json["name"] == "Met CSRF"


def test_revoked_token_stops_working(client, make_user, login):
    user = make_user()
    token, raw = create_api_token(user, "tijdelijk", "read")
    assert client.get("/api/v1/me", headers=_bearer(raw)).status_code == 200
    login(user)
    resp = client.post(f"/settings/tokens/{token.id}/revoke", data={"csrf_token":
                                                                     csrf_token(client)})
    assert resp.status_code == 302
    other = client.application.test_client()
    assert other.get("/api/v1/me", headers=_bearer(raw)).status_code == 401
