"""Reminder e-mails before an event (``community events remind``, run from cron).

For every hour mark in ``EVENT_REMINDER_HOURS`` (e.g. 24 and 1) a registered attendee
gets one e-mail once the start is that close. Each mark is sent at most once per
registration: ``Registration.reminders_sent`` records the marks (``",24,1,"``) and is
claimed with a conditional UPDATE before the mail is queued, so two cron runs at the
same moment never send the same reminder twice. Someone who registers late gets only the
closest reminder (registering 30 minutes before the start: the 1-hour one, and the
24-hour mark is recorded as passed).

Not reminded: cancelled events, cancelled or waitlisted registrations, events that have
started, inactive users, users who may no longer see the event, and users who turned all
e-mail off (``email_mode == "off"``, the one-click unsubscribe of notification mails).
Mails are rendered in the user's language with Europe/Amsterdam times and go out only
after the commit that recorded them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale, format_date, format_time
from flask_babel import lazy_gettext as _l

from .. import access, mail
from ..db import utcnow
from ..extensions import db
from ..notifications.services import email_modes
from .calendar import TZ
from .models import Event, Registration


@dataclass
class Sent:
    registration_id: int
    user_id: int
    event_id: int
    hours: int


def reminder_hours() -> list[int]:
    raw = current_app.config["EVENT_REMINDER_HOURS"]
    if isinstance(raw, int | str):
        raw = [raw]
    hours = sorted({int(h) for h in raw if int(h) > 0}, reverse=True)
    return hours


def _marks(reg: Registration) -> set[int]:
    return {int(p) for p in (reg.reminders_sent or "").split(",") if p.strip().isdigit()}


def _encode(marks: set[int]) -> str:
    return "," + ",".join(str(h) for h in sorted(marks, reverse=True)) + "," if marks else ""


def due(now: dt.datetime | None = None) -> list[tuple[Registration, list[int]]]:
    """(registration, hour marks now reached and not yet sent), oldest start first."""
    now = now or utcnow()
    hours = reminder_hours()
    if not hours:
        return []
    horizon = now + dt.timedelta(hours=max(hours))
    regs = db.session.scalars(
        sa.select(Registration).join(Registration.event)
        .where(Registration.status == "registered", Event.status == "published",
               Event.starts_at > now, Event.starts_at <= horizon)
        .order_by(Event.starts_at, Registration.id)).all()
    out = []
    for reg in regs:
        left = reg.event.starts_at - now
        reached = {h for h in hours if left <= dt.timedelta(hours=h)}
        todo = sorted(reached - _marks(reg), reverse=True)
        if todo:
            out.append((reg, todo))
    return out


def _claim(reg: Registration, marks: list[int]) -> bool:
    """Record ``marks`` as sent unless another run did it first (compare-and-set)."""
    before = reg.reminders_sent or ""
    after = _encode(_marks(reg) | set(marks))
    result = db.session.execute(
        sa.update(Registration)
        .where(Registration.id == reg.id, Registration.reminders_sent == before,
               Registration.status == "registered")
        .values(reminders_sent=after)
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def _message(reg: Registration, hours: int):
    event, user = reg.event, reg.user
    locale = user.locale or "nl"
    link = mail.external_url(url_for("events.show", slug=event.slug))
    ics = mail.external_url(url_for("events.event_ics", slug=event.slug))
    with force_locale(locale):
        starts = f"{format_date(event.starts_at, 'full')} {format_time(event.starts_at, 'short')}"
        same_day = event.starts_at.astimezone(TZ).date() == event.ends_at.astimezone(TZ).date()
        ends = format_time(event.ends_at, "short") if same_day else \
            f"{format_date(event.ends_at, 'full')} {format_time(event.ends_at, 'short')}"
    subject = _l("Reminder: %(title)s starts in %(hours)s hour(s)",
                 title=event.title, hours=hours)
    return mail.build(user.email, subject, "event_reminder", locale=locale, user=user,
                      event=event, hours=hours, starts=starts, ends=ends, link=link, ics=ics)


def send_due(now: dt.datetime | None = None) -> list[Sent]:
    """Send every reminder that is due (idempotent); one commit, mails after it."""
    now = now or utcnow()
    pending = due(now)
    if not pending:
        return []
    modes = email_modes(reg.user_id for reg, _ in pending)
    sent: list[Sent] = []
    for reg, marks in pending:
        if not _claim(reg, marks):
            continue
        user = reg.user
        if not user.active or modes.get(user.id) == "off" or \
                not access.can(user, "view", reg.event):
            continue  # the marks stay recorded: nothing to send later either
        hours = min(marks)  # the closest mark reached: one mail, not two at once
        mail.send_after_commit(_message(reg, hours))
        sent.append(Sent(reg.id, reg.user_id, reg.event_id, hours))
    db.session.commit()
    return sent
