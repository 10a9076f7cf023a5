"""Attendance and no-shows.

- In person: during the check-in window (``EVENT_CHECKIN_OPENS_MINUTES`` before the start
  until the end) a registered attendee enters the event's check-in code, which the
  organiser shows in the room; or the organiser (whoever may ``manage`` the event) marks
  people present or absent on the attendee list (also afterwards, to correct).
- Online: the live room's connect handler calls ``record_online(user, event)``.
- No-show: registration ``registered``, ``attended_at`` empty, event ended and not
  cancelled. The programme office (``view_noshows`` on "site") sees counts per person and
  per event.

Every write is idempotent: the first attendance time is kept.
"""
from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from .. import access
from ..accounts.models import User
from ..db import UTCDateTime, utcnow
from ..errors import Conflict, Forbidden, NotFound, ValidationError
from ..extensions import db
from .models import Event, Registration


def _opens_minutes() -> int:
    return int(current_app.config["EVENT_CHECKIN_OPENS_MINUTES"])


def window(event: Event) -> tuple[dt.datetime, dt.datetime]:
    """When attendance counts: from shortly before the start until the end."""
    return event.starts_at - dt.timedelta(minutes=_opens_minutes()), event.ends_at


def in_window(event: Event, now: dt.datetime | None = None) -> bool:
    opens, closes = window(event)
    return opens <= (now or utcnow()) < closes


def registration_of(user, event: Event) -> Registration | None:
    if not access.is_authenticated(user):
        return None
    return db.session.scalar(sa.select(Registration).where(
        Registration.event_id == event.id, Registration.user_id == user.id))


def normalise_code(code: str | None) -> str:
    return "".join((code or "").split()).upper()[:32]


# ---------------------------------------------------------------- in person

def check_in(user, event: Event, code: str, now: dt.datetime | None = None) -> Registration:
    """The attendee checks in with the code shown in the room (one commit)."""
    now = now or utcnow()
    access.require(user, "view", event)
    if event.is_cancelled:
        raise Conflict(_l("This event is cancelled."))
    if not event.is_in_person:
        raise Conflict(_l("This event is online only: your attendance is recorded when "
                          "you join the live room."))
    reg = registration_of(user, event)
    if reg is None or reg.status != "registered":
        raise Forbidden(_l("Only registered attendees can check in."))
    opens, closes = window(event)
    if now < opens:
        raise Conflict(_l("Check-in opens %(minutes)s minutes before the start.",
                          minutes=_opens_minutes()))
    if now >= closes:
        raise Conflict(_l("This event has ended; check-in is closed."))
    given = normalise_code(code)
    if not given:
        raise ValidationError(_l("Enter the check-in code."), field="code")
    if not hmac.compare_digest(given.encode(), normalise_code(event.checkin_code).encode()):
        raise ValidationError(_l("This check-in code is not right. Check the code shown in "
                                 "the room."), field="code")
    if reg.attended_at is None:
        reg.attended_at = now
        reg.attended_how = "in_person"
        db.session.commit()
    return reg


def mark(actor, event: Event, registration_id: int, present: bool,
         now: dt.datetime | None = None) -> Registration:
    """The organiser marks a registered attendee present (or not) in person."""
    now = now or utcnow()
    access.require(actor, "manage", event)
    reg = db.session.get(Registration, registration_id)
    if reg is None or reg.event_id != event.id:
        raise NotFound()
    if event.is_cancelled:
        raise Conflict(_l("This event is cancelled."))
    if reg.status != "registered":
        raise Conflict(_l("Only registered attendees can be marked present."))
    opens, _closes = window(event)
    if now < opens:
        raise Conflict(_l("Attendance can be recorded from %(minutes)s minutes before the "
                          "start.", minutes=_opens_minutes()))
    if present and reg.attended_at is None:
        reg.attended_at = now
        reg.attended_how = "in_person"
    elif not present:
        reg.attended_at = None
        reg.attended_how = None
    db.session.commit()
    return reg


# ---------------------------------------------------------------- online

def record_online(user, event: Event, now: dt.datetime | None = None, *,
                  commit: bool = True) -> bool:
    """Record that ``user`` joined ``event`` online (the live room's connect handler).

    Only for a registration with status ``registered`` and only within the attendance
    window; the first attendance is kept (a later in-person check-in or a reconnect
    changes nothing). One conditional UPDATE, so it is safe from any process and
    idempotent. Returns True when this call recorded the attendance. ``commit=False``
    leaves the commit to the caller's transaction.
    """
    now = now or utcnow()
    if not access.is_authenticated(user) or event.is_cancelled or not in_window(event, now):
        return False
    result = db.session.execute(
        sa.update(Registration)
        .where(Registration.event_id == event.id, Registration.user_id == user.id,
               Registration.status == "registered", Registration.attended_at.is_(None))
        .values(attended_at=now, attended_how="online")
        .execution_options(synchronize_session=False))
    if commit:
        db.session.commit()
    return result.rowcount == 1


# ---------------------------------------------------------------- lists

def attendees(event: Event) -> list[Registration]:
    """Registered attendees with their user, by name (one query)."""
    return list(db.session.scalars(
        sa.select(Registration).join(User, User.id == Registration.user_id)
        .where(Registration.event_id == event.id, Registration.status == "registered")
        .order_by(User.name, Registration.id)))


def _noshow_filter(now: dt.datetime):
    return sa.and_(Registration.status == "registered", Registration.attended_at.is_(None),
                   Event.status == "published", Event.ends_at <= now)


@dataclass
class PersonRow:
    user: User
    noshows: int
    attended: int
    last_noshow: dt.datetime | None


@dataclass
class EventRow:
    event: Event
    registered: int
    attended: int
    noshows: int


def noshows_per_person(since: dt.datetime | None = None, now: dt.datetime | None = None,
                       limit: int = 200) -> list[PersonRow]:
    """People with at least one no-show, most first (two queries)."""
    now = now or utcnow()
    missed = sa.case((Registration.attended_at.is_(None), 1), else_=0)
    came = sa.case((Registration.attended_at.is_not(None), 1), else_=0)
    last = sa.case((Registration.attended_at.is_(None), Event.starts_at), else_=None)
    query = (sa.select(Registration.user_id, sa.func.sum(missed), sa.func.sum(came),
                       sa.type_coerce(sa.func.max(last), UTCDateTime))
             .join(Event, Event.id == Registration.event_id)
             .where(Registration.status == "registered", Event.status == "published",
                    Event.ends_at <= now)
             .group_by(Registration.user_id)
             .having(sa.func.sum(missed) > 0)
             .order_by(sa.func.sum(missed).desc(), Registration.user_id)
             .limit(limit))
    if since is not None:
        query = query.where(Event.starts_at >= since)
    rows = db.session.execute(query).all()
    users = {u.id: u for u in db.session.scalars(
        sa.select(User).where(User.id.in_([r[0] for r in rows])))} if rows else {}
    return [PersonRow(users[user_id], int(noshows), int(attended), last_at)
            for user_id, noshows, attended, last_at in rows if user_id in users]


def noshows_per_event(since: dt.datetime | None = None, now: dt.datetime | None = None,
                      limit: int = 200) -> list[EventRow]:
    """Ended events with their registered, attended and no-show counts, newest first."""
    now = now or utcnow()
    registered = sa.func.count(Registration.id)
    came = sa.func.sum(sa.case((Registration.attended_at.is_not(None), 1), else_=0))
    query = (sa.select(Event, registered, came)
             .join(Registration, sa.and_(Registration.event_id == Event.id,
                                         Registration.status == "registered"))
             .where(Event.status == "published", Event.ends_at <= now)
             .group_by(Event.id)
             .order_by(Event.starts_at.desc(), Event.id.desc())
             .limit(limit))
    if since is not None:
        query = query.where(Event.starts_at >= since)
    return [EventRow(event, int(n), int(c or 0), int(n) - int(c or 0))
            for event, n, c in db.session.execute(query).all()]


def noshows_of(user, now: dt.datetime | None = None) -> int:
    """How many times ``user`` was a no-show."""
    now = now or utcnow()
    return db.session.scalar(
        sa.select(sa.func.count(Registration.id))
        .join(Event, Event.id == Registration.event_id)
        .where(Registration.user_id == user.id, _noshow_filter(now))) or 0
