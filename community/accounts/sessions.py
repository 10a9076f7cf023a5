"""Server-side login sessions (see ``UserSession``).

The signed Flask cookie carries only a random session key; the database row decides
whether that key is still live. This is what makes logout and password changes end
sessions for real, even when an old cookie is replayed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import session

from ..db import utcnow
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
    if utcnow() - row.last_seen_at > _TOUCH_EVERY:
        row.last_seen_at = utcnow()
        mark_touched()
    return row.user


def mark_touched() -> None:
    """Ask for a commit at the end of a successful request (see ``site.commit_touches``)."""
    db.session.info["touched"] = True


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
