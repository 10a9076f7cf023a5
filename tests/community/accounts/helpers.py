"""Helpers shared by the account tests (fixtures are in conftest.py)."""
from __future__ import annotations

import io
import re

from community.accounts.models import User
from community.audit.models import AuditEntry
from community.extensions import db
from tests.conftest import PASSWORD, csrf_token

# Strong enough for zxcvbn (score >= 3) and not related to any test user's name.
NEW_PASSWORD = "kersenvlaai-schutterij-carnaval"


def english(client) -> None:
    """Switch the client to English, so assertions can read the English source strings
    (independent of how far the Dutch catalogue is)."""
    client.post("/language", data={"locale": "en", "next": "/",
                                   "csrf_token": csrf_token(client, "/")})


def post_form(client, path: str, data: dict, page: str = "/", **kwargs):
    """POST ``data`` to ``path`` with a valid CSRF token read from ``page``."""
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page)}, **kwargs)


def login_client(app, user, password: str = PASSWORD, **environ):
    """A fresh client logged in as ``user`` (asserting success)."""
    client = app.test_client()
    if environ:
        client.environ_base.update(environ)
    resp = post_form(client, "/login", {"email": user.email, "password": password}, "/login")
    assert resp.status_code == 302, resp.get_data(as_text=True)[-2000:]
    return client


def try_login(client, email: str, password: str, **kwargs):
    return post_form(client, "/login", {"email": email, "password": password}, "/login",
                     **kwargs)


def session_of(app, client) -> dict:
    """The decoded (signed, not encrypted) Flask session cookie of ``client``."""
    cookie = client.get_cookie("session")
    if cookie is None:
        return {}
    return app.session_interface.get_signing_serializer(app).loads(cookie.value)


def is_logged_in(client) -> bool:
    """Whether the client's cookie still opens the settings page."""
    return client.get("/settings").status_code == 200


def reload(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def count_users() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(User))


def audit_entries(action: str | None = None) -> list[AuditEntry]:
    db.session.expire_all()
    query = db.select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(db.session.scalars(query))


def link_in(message, path_prefix: str) -> str:
    """The first absolute link in an e-mail whose path starts with ``path_prefix``."""
    match = re.search(r"(https?://[^/\s]+)(" + re.escape(path_prefix) + r"\S+)",
                      message.get_content())
    assert match, f"no {path_prefix} link in: {message.get_content()}"
    return match.group(1) + match.group(2)


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def png_bytes(size=(64, 48), color=(200, 30, 30), fmt: str = "PNG", **save) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format=fmt, **save)
    return out.getvalue()


def later(monkeypatch, seconds: int) -> None:
    """Move the clock of signed links (and cookies) ``seconds`` into the future."""
    from itsdangerous import TimestampSigner

    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) + seconds)
