"""Feedback after an event: a rating from 1 to 5 and an optional comment.

Who: registered attendees (registration status ``registered``) once the event has ended,
attended or not recorded (in-person check-in is easily skipped, so requiring a recorded
attendance would lose honest feedback). One answer per person, which they can change.
Not for cancelled events.

Who sees the figures (average, count, distribution) and the comments: whoever may
``present`` the event (organiser, presenters, staff). Comments are shown without names,
so people can be frank; staff can still trace abuse in the database.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from .. import access
from ..db import utcnow
from ..errors import Conflict, Forbidden, ValidationError
from ..extensions import db
from .attendance import registration_of
from .models import Event, EventFeedback

RATINGS = (1, 2, 3, 4, 5)


def _comment_max() -> int:
    return int(current_app.config["EVENT_FEEDBACK_COMMENT_MAX"])


_UNKNOWN = object()


def may_give(user, event: Event, now: dt.datetime | None = None, reg=_UNKNOWN) -> bool:
    """A registered attendee of an ended, not cancelled event (``reg``: the user's
    registration when the caller has it already)."""
    if event.is_cancelled or not event.has_ended(now):
        return False
    if reg is _UNKNOWN:
        reg = registration_of(user, event)
    return reg is not None and reg.status == "registered" and access.can(user, "view", event)


def may_see_figures(user, event: Event) -> bool:
    return access.can(user, "present", event)


def feedback_of(user, event: Event) -> EventFeedback | None:
    if not access.is_authenticated(user):
        return None
    return db.session.scalar(sa.select(EventFeedback).where(
        EventFeedback.event_id == event.id, EventFeedback.user_id == user.id))


def parse_rating(raw) -> int:
    try:
        rating = int(str(raw).strip())
    except (TypeError, ValueError):
        rating = 0
    if rating not in RATINGS:
        raise ValidationError(_l("Choose a rating from 1 to 5."), field="rating")
    return rating


def give(user, event: Event, rating, comment: str | None,
         now: dt.datetime | None = None) -> EventFeedback:
    """Save (or change) ``user``'s feedback; one commit. Bad input changes nothing."""
    access.require(user, "view", event)
    if event.is_cancelled:
        raise Conflict(_l("This event is cancelled."))
    if not event.has_ended(now):
        raise Conflict(_l("Feedback opens when the event has ended."))
    if not may_give(user, event, now):
        raise Forbidden(_l("Only registered attendees can give feedback on this event."))
    value = parse_rating(rating)
    text = (comment or "").replace("\r\n", "\n").strip()
    if len(text) > _comment_max():
        raise ValidationError(_l("The comment is too long (at most %(max)s characters).",
                                 max=_comment_max()), field="comment")
    item = feedback_of(user, event)
    if item is None:
        item = EventFeedback(event_id=event.id, user_id=user.id, rating=value,
                             comment=text or None)
        db.session.add(item)
    else:
        item.rating, item.comment, item.updated_at = value, text or None, utcnow()
    db.session.commit()
    return item


@dataclass
class Figures:
    count: int = 0
    average: float | None = None
    distribution: dict[int, int] = field(default_factory=lambda: {r: 0 for r in RATINGS})

    @property
    def average_text(self) -> str:
        """The average formatted for the current locale (``4,3`` in Dutch)."""
        from flask_babel import format_decimal

        return format_decimal(self.average, "0.0") if self.average is not None else ""

    def share(self, rating: int) -> int:
        """Percentage of answers with ``rating`` (for the bar chart)."""
        return round(100 * self.distribution.get(rating, 0) / self.count) if self.count else 0


def figures(event: Event) -> Figures:
    """Satisfaction figures of one event (one query)."""
    out = Figures()
    rows = db.session.execute(
        sa.select(EventFeedback.rating, sa.func.count())
        .where(EventFeedback.event_id == event.id)
        .group_by(EventFeedback.rating)).all()
    total = 0
    for rating, n in rows:
        out.distribution[int(rating)] = int(n)
        out.count += int(n)
        total += int(rating) * int(n)
    if out.count:
        out.average = round(total / out.count, 1)
    return out


def comments(event: Event, limit: int = 200) -> list[EventFeedback]:
    """Feedback with a comment, newest first (shown without names)."""
    return list(db.session.scalars(
        sa.select(EventFeedback)
        .where(EventFeedback.event_id == event.id, EventFeedback.comment.is_not(None))
        .order_by(EventFeedback.updated_at.desc()).limit(limit)))
