"""Registering for events: seats, the waitlist, cancelling and automatic promotion.

Capacity never overflows, also under concurrency: every use-case that hands out or frees
a seat first locks the event's row (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite a
writing transaction holds the database's single write lock), then counts the seats and
writes, in one transaction. The waitlist is ordered by ``Registration.created_at`` (then
id); when a seat comes free (an attendee cancels, the organiser raises the capacity) the
first waitlisted people are promoted in that order and notified.

``active_registration(user, event)`` is the user's registration that is not cancelled
(``registered`` or ``waitlisted``), or None; a seat is ``status == "registered"``.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..access import is_authenticated, is_staff, require
from ..accounts.models import User
from ..db import utcnow
from ..errors import Conflict, Forbidden, NotFound
from ..extensions import db
from . import notifications, policy
from .models import Event, Registration

ACTIVE = ("registered", "waitlisted")


def active_registration(user, event: Event) -> Registration | None:
    if not is_authenticated(user):
        return None
    return db.session.scalar(sa.select(Registration).where(
        Registration.event_id == event.id, Registration.user_id == user.id,
        Registration.status.in_(ACTIVE)))


def seats_taken(event: Event) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Registration).where(
        Registration.event_id == event.id, Registration.status == "registered")) or 0


def waitlist_position(registration: Registration) -> int | None:
    """1-based place on the waitlist, or None when not waitlisted."""
    if registration is None or registration.status != "waitlisted":
        return None
    ahead = db.session.scalar(sa.select(sa.func.count()).select_from(Registration).where(
        Registration.event_id == registration.event_id,
        Registration.status == "waitlisted",
        sa.or_(Registration.created_at < registration.created_at,
               sa.and_(Registration.created_at == registration.created_at,
                       Registration.id < registration.id)))) or 0
    return ahead + 1


def counts(event_ids) -> dict[int, dict[str, int]]:
    """{event_id: {"registered": n, "waitlisted": m}} for many events in one query."""
    ids = list(event_ids)
    out = {i: {"registered": 0, "waitlisted": 0} for i in ids}
    if not ids:
        return out
    rows = db.session.execute(
        sa.select(Registration.event_id, Registration.status, sa.func.count())
        .where(Registration.event_id.in_(ids), Registration.status.in_(ACTIVE))
        .group_by(Registration.event_id, Registration.status))
    for event_id, status, n in rows:
        out[event_id][status] = n
    return out


def lock_event(event: Event) -> Event:
    """Take the event's row lock (PostgreSQL) and reload it: the state decisions use."""
    db.session.execute(sa.select(Event.id).where(Event.id == event.id).with_for_update())
    db.session.refresh(event)
    return event


def refusal(user, event: Event):
    """Why ``user`` may not register now (a DomainError to raise), or None when they may."""
    now = utcnow()
    if not is_authenticated(user):
        return Forbidden(_l("Log in to register."))
    if not user.is_confirmed:
        return Forbidden(_l("Confirm your e-mail address before you register."))
    if event.is_cancelled:
        return Conflict(_l("This event is cancelled."))
    if event.has_started(now):
        return Conflict(_l("Registration is closed: the event has already started."))
    if event.registration_deadline is not None and now > event.registration_deadline:
        return Conflict(_l("Registration is closed: the registration deadline has passed."))
    if event.requires_subscription and not policy.has_subscription(user):
        return Forbidden(_l("This event is for companies with a subscription."))
    return None


def register(user, event: Event) -> Registration:
    """Register ``user``: a seat while there is one, otherwise the waitlist. Commits."""
    require(user, "view", event)
    lock_event(event)
    refused = refusal(user, event)
    if refused is not None:
        raise refused
    registration = db.session.scalar(sa.select(Registration).where(
        Registration.event_id == event.id, Registration.user_id == user.id))
    if registration is not None and registration.status in ACTIVE:
        raise Conflict(_l("You are already registered for this event.")
                       if registration.status == "registered"
                       else _l("You are already on the waitlist for this event."))
    fill_seats(event)  # the queue goes first (normally empty while seats are free)
    full = event.capacity is not None and seats_taken(event) >= event.capacity
    status = "waitlisted" if full else "registered"
    now = utcnow()
    if registration is None:
        registration = Registration(event_id=event.id, user_id=user.id, status=status,
                                    created_at=now)
        db.session.add(registration)
    else:  # registering again after cancelling: to the back of the queue
        registration.status = status
        registration.created_at = now
        registration.cancelled_at = None
        registration.promoted_at = None
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_l("You are already registered for this event.")) from None
    kind = "event_registered" if status == "registered" else "event_waitlisted"
    notifications.notify([user], kind, event)
    db.session.commit()
    return registration


def cancel(user, event: Event) -> Registration:
    """The attendee cancels; a freed seat goes to the first person on the waitlist."""
    require(user, "view", event)
    lock_event(event)
    registration = active_registration(user, event)
    if registration is None:
        raise Conflict(_l("You are not registered for this event."))
    if event.has_started() and not event.is_cancelled:
        raise Conflict(_l("The event has already started; you can no longer cancel."))
    had_seat = registration.status == "registered"
    registration.status = "cancelled"
    registration.cancelled_at = utcnow()
    db.session.flush()
    if had_seat and not event.is_cancelled:
        fill_seats(event)
    db.session.commit()
    return registration


def fill_seats(event: Event) -> list[Registration]:
    """Promote waitlisted people, first come first served, while seats are free.

    Call with the event locked (``lock_event``) inside the use-case's transaction; no
    commit. Each promoted person is notified.
    """
    if event.is_cancelled or event.has_started():
        return []
    free = None if event.capacity is None else event.capacity - seats_taken(event)
    if free is not None and free <= 0:
        return []
    query = (sa.select(Registration).where(Registration.event_id == event.id,
                                           Registration.status == "waitlisted")
             .options(selectinload(Registration.user))
             .order_by(Registration.created_at, Registration.id))
    if free is not None:
        query = query.limit(free)
    promoted = list(db.session.scalars(query))
    now = utcnow()
    for registration in promoted:
        registration.status = "registered"
        registration.promoted_at = now
    db.session.flush()
    for registration in promoted:
        notifications.notify([registration.user], "event_promoted", event)
    return promoted


def people_to_inform(event: Event) -> list:
    """Everyone registered or waitlisted for ``event`` (users)."""
    from ..accounts.models import User

    return list(db.session.scalars(
        sa.select(User).join(Registration, Registration.user_id == User.id)
        .where(Registration.event_id == event.id, Registration.status.in_(ACTIVE))
        .order_by(Registration.created_at)))


def cancel_event(actor, event: Event, reason: str | None = None) -> Event:
    """The organiser (or staff) cancels the event: everyone registered or waitlisted is
    notified in the app and by e-mail. Registrations keep their status (history)."""
    from .services import clean_cancel_reason

    require(actor, "manage", event)
    lock_event(event)
    if event.is_cancelled:
        raise Conflict(_l("This event is already cancelled."))
    if event.has_ended():
        raise Conflict(_l("This event has already taken place."))
    reason = clean_cancel_reason(reason)
    event.status = "cancelled"
    event.cancelled_at = utcnow()
    event.cancel_reason = reason
    people = people_to_inform(event)
    notifications.notify(people, "event_cancelled", event, actor=actor)
    notifications.mail_cancellation(event, [p for p in people if p.id != actor.id])
    from .. import audit

    audit.record("event.cancelled", actor=actor, target=event)
    db.session.commit()
    return event


def attendees(actor, event: Event) -> list[Registration]:
    """All registrations of an event for its organiser: seats, waitlist, cancelled."""
    require(actor, "view_attendees", event)
    order = sa.case((Registration.status == "registered", 0),
                    (Registration.status == "waitlisted", 1), else_=2)
    return list(db.session.scalars(
        sa.select(Registration).where(Registration.event_id == event.id)
        .options(selectinload(Registration.user).lazyload(User.expertise))
        .order_by(order, Registration.created_at, Registration.id)))


def find_registration(actor, event: Event, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        raise NotFound()
    if not (is_staff(actor) or policy.manage_event(actor, event)):
        raise NotFound()
    return registration
