"""Server-side login sessions (see ``UserSession``).

The signed Flask cookie carries only a random session key; the database row decides
whether that key is still live. This is what makes logout and password changes end
sessions for real, even when an old cookie is replayed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa
from flask import current_app, session

from ..db import utcnow, write_after_request
from ..extensions import db
from .models import User, UserSession

SESSION_KEY = "sid"
_TOUCH_EVERY = dt.timedelta(minutes=5)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start(user: User, user_agent: str | None) -> str:
    """Create a live session row for ``user`` and return its key (not committed)."""
    key = secrets.token_urlsafe(32)
    db.session.add(UserSession(key_hash=_hash(key), user=user, user_agent=(user_agent or "")[:200]))
    return key


def resolve(user_id: str, key: str | None) -> User | None:
    """The user for a cookie, if its session row is live and belongs to that user."""
    if not key or not str(user_id).isdigit():
        return None
    row = db.session.get(UserSession, _hash(key))
    if row is None or row.revoked_at is not None or row.user_id != int(user_id):
        return None
    now = utcnow()
    this = sa.update(UserSession).where(UserSession.key_hash == row.key_hash)
    if expired(row, now):
        write_after_request(this.values(revoked_at=now))
        return None
    if now - row.last_seen_at > _TOUCH_EVERY:
        write_after_request(this.values(last_seen_at=now))
    return row.user


def expired(row: UserSession, now: dt.datetime) -> bool:
    """Idle and absolute time-outs (ASVS 3.3): a forgotten session ends by itself."""
    idle = dt.timedelta(seconds=current_app.config["SESSION_IDLE_TIMEOUT"])
    absolute = dt.timedelta(seconds=current_app.config["SESSION_ABSOLUTE_TIMEOUT"])
    return now - row.last_seen_at > idle or now - row.created_at > absolute


def current_key_hash() -> str | None:
    key = session.get(SESSION_KEY)
    return _hash(key) if key else None


def revoke(key_hash: str) -> None:
    row = db.session.get(UserSession, key_hash)
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()


def revoke_all(user: User, *, except_hash: str | None = None) -> int:
    rows = db.session.scalars(
        db.select(UserSession).where(UserSession.user_id == user.id,
                                     UserSession.revoked_at.is_(None))
    ).all()
    count = 0
    for row in rows:
        if row.key_hash != except_hash:
            row.revoked_at = utcnow()
            count += 1
    return count


def live_sessions(user: User) -> list[UserSession]:
    return list(db.session.scalars(
        db.select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .order_by(UserSession.last_seen_at.desc())
    ))
