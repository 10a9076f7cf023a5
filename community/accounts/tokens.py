"""Personal API tokens (stored hashed) and signed single-purpose links (confirm, reset).

A reset link is signed over the user's current password hash, so it stops working the
moment the password changes: single use without a table of used tokens.
"""
from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..db import utcnow, write_after_request
from ..extensions import db
from .models import ApiToken, User

TOKEN_PREFIX = "mkb_"  # noqa: S105  (a public marker, not a secret)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_api_token(user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name[:80], scope=scope, prefix=raw[:12], token_hash=_hash(raw))
    db.session.add(token)
    return token, raw


def find_api_token(raw: str) -> ApiToken | None:
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.token_hash == _hash(raw)))
    if token is None or not token.is_live or not token.user.active:
        return None
    return token


def mark_used(token: ApiToken) -> None:
    now = utcnow()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        write_after_request(sa.update(ApiToken).where(ApiToken.id == token.id)
                            .values(last_used_at=now))


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"community-{purpose}")


def _fingerprint(user: User, purpose: str) -> str:
    material = user.password_hash if purpose == "reset" else user.email
    return hashlib.sha256(material.encode()).hexdigest()[:16]


def make_link_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"u": user.id, "f": _fingerprint(user, purpose)})


class LinkTokenError(Exception):
    def __init__(self, reason: str):
        self.reason = reason  # "expired" or "invalid"
        super().__init__(reason)


def read_link_token(token: str, purpose: str, max_age: int) -> User:
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise LinkTokenError("expired") from exc
    except BadSignature as exc:
        raise LinkTokenError("invalid") from exc
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) else None
    if user is None or data.get("f") != _fingerprint(user, purpose):
        raise LinkTokenError("invalid")
    return user
