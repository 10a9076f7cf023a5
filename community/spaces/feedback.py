"""The Early Birds feedback board: early-bird members write feedback items about the
platform; the programme office (staff) reads every board and sets the status
(new, planned, done), and the author is notified of the change.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .. import audit
from ..access import require
from ..errors import NotFound, ValidationError
from ..extensions import db
from ..notifications.services import notify
from .models import FEEDBACK_STATES, FeedbackItem, Space

TITLE_MAX = 200
BODY_MAX = 5000


def board(user, space: Space) -> Space:
    """The space, if it has a feedback board ``user`` may read; NotFound otherwise."""
    require(user, "view", space)
    if not space.is_early_bird:
        raise NotFound()
    require(user, "view_feedback", space)
    return space


def items(user, space: Space, status: str | None = None) -> list[FeedbackItem]:
    board(user, space)
    stmt = db.select(FeedbackItem).where(FeedbackItem.space_id == space.id)
    if status in FEEDBACK_STATES:
        stmt = stmt.where(FeedbackItem.status == status)
    return list(db.session.scalars(stmt.order_by(FeedbackItem.created_at.desc(),
                                                 FeedbackItem.id.desc())))


def all_items(actor, status: str | None = None) -> list[tuple[FeedbackItem, Space]]:
    """Every board's items, for the programme office."""
    require(actor, "view_all_feedback")
    stmt = db.select(FeedbackItem, Space).join(Space, Space.id == FeedbackItem.space_id)
    if status in FEEDBACK_STATES:
        stmt = stmt.where(FeedbackItem.status == status)
    rows = db.session.execute(stmt.order_by(FeedbackItem.created_at.desc(),
                                            FeedbackItem.id.desc()))
    return [(item, space) for item, space in rows]


def create(user, space: Space, title: str, body: str | None) -> FeedbackItem:
    board(user, space)
    require(user, "give_feedback", space)
    title = " ".join((title or "").split())
    if not title or len(title) > TITLE_MAX:
        raise ValidationError(_l("Enter a short title (at most %(n)d characters).",
                                 n=TITLE_MAX), field="title")
    body = (body or "").strip() or None
    if body and len(body) > BODY_MAX:
        raise ValidationError(_l("At most %(n)d characters.", n=BODY_MAX), field="body")
    item = FeedbackItem(space_id=space.id, author_id=user.id, title=title, body=body)
    db.session.add(item)
    db.session.flush()
    audit.record("feedback.created", actor=user, target=item, space_id=space.id)
    db.session.commit()
    return item


def get(user, space: Space, item_id: int) -> FeedbackItem:
    board(user, space)
    item = db.session.get(FeedbackItem, item_id)
    if item is None or item.space_id != space.id:
        raise NotFound()
    return item


def set_status(actor, space: Space, item_id: int, status: str) -> FeedbackItem:
    item = get(actor, space, item_id)
    require(actor, "set_status", item)
    if status not in FEEDBACK_STATES:
        raise ValidationError(_l("Choose new, planned or done."), field="status")
    if item.status == status:
        return item
    item.status = status
    if item.author is not None:
        notify([item.author], "feedback_status", item, actor=actor, status=status)
    audit.record("feedback.status", actor=actor, target=item, status=status)
    db.session.commit()
    return item
