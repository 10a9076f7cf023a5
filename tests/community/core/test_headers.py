"""Secure defaults on every response, health check, error pages without tracebacks."""
from __future__ import annotations

import pytest
from flask import Blueprint


def test_security_headers_on_every_page(client):
    for path in ("/", "/login", "/companies", "/does-not-exist", "/api/v1/companies"):
        resp = client.get(path)
        csp = resp.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert resp.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert resp.headers["X-Frame-Options"] == "DENY"


def test_logged_in_pages_are_private(client, make_user, login):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    login(make_user())
    resp = client.get("/")
    assert resp.headers["Cache-Control"] == "private, no-store"
    assert "Cookie" in resp.headers["Vary"]


def test_session_cookie_flags(client, make_user, login):
    login(make_user())
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_no_asset_from_a_cdn(client):
    html = client.get("/").get_data(as_text=True)
    import re

    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http://", "https://", "//")), url


def test_healthz_reports_database_failure(app, client, monkeypatch):
    from community.extensions import db

    def broken(*a, **k):
        raise RuntimeError("database down")

    monkeypatch.setattr(db.session, "execute", broken)
    resp = client.get("/healthz")
    assert resp.status_code == 503
    assert resp.json["status"] == "error" and resp.json["database"] == "unreachable"


@pytest.fixture
def boom_app(app, tmp_path):
    from community.app import create_app
    from community.extensions import db
    from tests.conftest import IsolatedClient, base_config

    bp = Blueprint("boom", __name__)

    @bp.route("/boom")
    def boom():
        raise ZeroDivisionError("secret internal detail")

    config = base_config(tmp_path, app.config["SQLALCHEMY_DATABASE_URI"])
    other = create_app(config)
    other.register_blueprint(bp)
    other.test_client_class = IsolatedClient
    db._app_engines[other] = db._app_engines[app]
    return other


def test_unexpected_error_shows_generic_page_without_traceback(boom_app, caplog):
    resp = boom_app.test_client().get("/boom")
    assert resp.status_code == 500
    body = resp.get_data(as_text=True)
    assert "Traceback" not in body and "secret internal detail" not in body
    assert '<html lang="nl">' in body
    assert any("unhandled error" in r.getMessage() for r in caplog.records)


def test_production_refuses_to_start_without_secret(monkeypatch, tmp_path):
    from community.app import create_app

    monkeypatch.delenv("COMMUNITY_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"ENV": "production", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})


def test_production_cookies_are_secure(tmp_path):
    from community.app import create_app

    prod = create_app({"ENV": "production", "SECRET_KEY": "x" * 32,
                       "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
    assert prod.config["SESSION_COOKIE_SECURE"] is True
    assert prod.config["DEBUG"] is False
