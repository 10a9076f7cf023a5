"""Notifying people. The one rule: nobody is notified about what they cannot see.

``notify`` checks ``access.can(recipient, "view", target)`` for every recipient when the
notification is created, and delivery (e-mail, digests) checks again at send time, so
someone removed from a space in between hears nothing more.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..access import can
from ..extensions import db
from .models import Notification


def target_key(obj) -> tuple[str, int]:
    return type(obj).__name__.lower(), obj.id


_RESOLVERS: dict[str, type] = {}


def register_target(model: type) -> type:
    """Let notifications of ``model`` be resolved back to the object (for re-checks)."""
    _RESOLVERS[model.__name__.lower()] = model
    return model


def resolve(notification: Notification):
    model = _RESOLVERS.get(notification.target_type)
    return db.session.get(model, notification.target_id) if model else None


def notify(recipients: Iterable, kind: str, target, actor=None, **data) -> list[Notification]:
    """Create in-app notifications (no commit: part of the caller's use-case)."""
    register_target(type(target))
    target_type, target_id = target_key(target)
    created = []
    seen: set[int] = set()
    for user in recipients:
        if user is None or user.id in seen or (actor is not None and user.id == actor.id):
            continue
        seen.add(user.id)
        if not user.active or not can(user, "view", target):
            continue
        n = Notification(user_id=user.id, kind=kind, actor_id=getattr(actor, "id", None),
                         target_type=target_type, target_id=target_id, data=data)
        db.session.add(n)
        created.append(n)
    return created


def unread_count(user) -> int:
    return db.session.scalar(
        db.select(db.func.count()).select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ) or 0
