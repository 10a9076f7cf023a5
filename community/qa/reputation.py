"""Reputation: a ledger of points (``ReputationEvent``), totals, privileges and the top
contributors. Points come from ``QA_REPUTATION`` in config and thresholds from
``QA_PRIVILEGES``; moderators and admins have every privilege.

``award`` is called inside a service's transaction (no commit). Templates show a user's
total with ``reputation_of(user)`` (a Jinja global) and the ``qa/_reputation.html``
include.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import current_app, g
from flask_babel import lazy_gettext as _l

from ..access import is_authenticated, is_staff
from ..accounts.models import User
from ..db import utcnow
from ..extensions import db
from .models import ReputationEvent

REASON_LABELS = {
    "question_upvoted": _l("Question voted up"),
    "answer_upvoted": _l("Answer voted up"),
    "downvoted": _l("Voted down"),
    "downvote_cast": _l("You voted an answer down"),
    "answer_accepted": _l("Answer accepted"),
    "accepted_an_answer": _l("You accepted an answer"),
    "answer_helpful": _l("Answer marked helpful"),
    "content_deleted": _l("Your post was deleted"),
    "content_restored": _l("Your post was restored"),
}
_SETTLEMENTS = ("content_deleted", "content_restored")


def points_for(reason: str) -> int:
    return int(current_app.config["QA_REPUTATION"].get(reason, 0))


def award(user_id: int | None, reason: str, source_type: str, source_id: int, actor=None,
          sign: int = 1) -> None:
    """Add (``sign`` 1) or take back (``sign`` -1) the points for ``reason``."""
    points = points_for(reason) * sign
    if user_id is None or points == 0:
        return
    db.session.add(ReputationEvent(user_id=user_id, points=points, reason=reason,
                                   source_type=source_type, source_id=source_id,
                                   actor_id=getattr(actor, "id", None), created_at=utcnow()))
    cache = g.get("qa_reputation")
    if cache is not None:
        cache.pop(user_id, None)


def settle_deletion(item, source_type: str, old: str, new: str) -> None:
    """Deleting a question or answer takes back the points its author earned with it (votes,
    accepted, helpful); restoring it gives them back. One ledger row either way."""
    if (old == "deleted") == (new == "deleted") or item.author_id is None:
        return
    earned = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(ReputationEvent.points), 0))
        .where(ReputationEvent.user_id == item.author_id,
               ReputationEvent.source_type == source_type,
               ReputationEvent.source_id == item.id,
               ReputationEvent.reason.not_in(_SETTLEMENTS))) or 0
    if earned == 0:
        return
    deleting = new == "deleted"
    db.session.add(ReputationEvent(
        user_id=item.author_id, points=-earned if deleting else earned,
        reason="content_deleted" if deleting else "content_restored",
        source_type=source_type, source_id=item.id, created_at=utcnow()))
    cache = g.get("qa_reputation")
    if cache is not None:
        cache.pop(item.author_id, None)


def reputation_of(user) -> int:
    """The user's total (the sum of the ledger), cached for the request."""
    if getattr(user, "id", None) is None:
        return 0
    cache = g.setdefault("qa_reputation", {})
    if user.id not in cache:
        db.session.flush()
        cache[user.id] = db.session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(ReputationEvent.points), 0))
            .where(ReputationEvent.user_id == user.id)) or 0
    return cache[user.id]


def threshold(privilege: str) -> int:
    return int(current_app.config["QA_PRIVILEGES"].get(privilege, 0))


def has_privilege(user, privilege: str) -> bool:
    if not is_authenticated(user):
        return False
    if is_staff(user):
        return True
    needed = threshold(privilege)
    return needed <= 0 or reputation_of(user) >= needed


def history(user, limit: int = 50) -> list[ReputationEvent]:
    return list(db.session.scalars(
        sa.select(ReputationEvent).where(ReputationEvent.user_id == user.id)
        .order_by(ReputationEvent.created_at.desc(), ReputationEvent.id.desc()).limit(limit)))


PERIODS = {"week": 7, "month": 30}


def top_contributors(period: str = "week", limit: int = 20,
                     now: dt.datetime | None = None) -> list[tuple[User, int]]:
    """Active users with the most points gained in the last week or month (one query)."""
    since = (now or utcnow()) - dt.timedelta(days=PERIODS.get(period, 7))
    total = sa.func.sum(ReputationEvent.points).label("total")
    rows = db.session.execute(
        sa.select(User, total).join(ReputationEvent, ReputationEvent.user_id == User.id)
        .where(ReputationEvent.created_at >= since, User.active.is_(True))
        .group_by(User.id).having(total > 0)
        .order_by(total.desc(), User.id).limit(limit)).all()
    return [(user, int(points)) for user, points in rows]
