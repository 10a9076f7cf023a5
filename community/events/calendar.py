"""Calendar files: one event as ICS, and each user's personal, secret calendar feed.

Times are written as local Europe/Amsterdam times (``DTSTART;TZID=Europe/Amsterdam``)
with a VTIMEZONE covering the events, so calendar programs show the right hour on both
sides of a daylight-saving change. ``SEQUENCE`` grows with every change of the event
(seconds between creation and last update) and a cancelled event is ``STATUS:CANCELLED``,
so a client that already holds it updates or strikes it through.

The feed: a user creates a secret URL (``/events/calendar/<token>.ics``); only the token's
SHA-256 is stored, so the URL is shown once. Creating a new one revokes the old ones; a
revoked token is a 404. The feed lists the events the user is registered for (confirmed)
or waitlisted for (``STATUS:TENTATIVE``), and every event is checked again with
``access.can(user, "view", event)`` when the feed is fetched: an event the user may no
longer see is simply absent.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from zoneinfo import ZoneInfo

import icalendar
import sqlalchemy as sa
from flask import current_app

from .. import access
from ..db import utcnow
from ..errors import NotFound
from ..extensions import db
from .models import CalendarFeed, Event, EventPresenter, Registration

TZID = "Europe/Amsterdam"
TZ = ZoneInfo(TZID)
PRODID = "-//MKB Limburg Community//Events//NL"
# how far back the personal feed reaches (older events are of no use in a calendar)
FEED_PAST_DAYS = 180
FEED_MAX_EVENTS = 500


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _uid(event: Event) -> str:
    host = current_app.config.get("SERVER_NAME_FOR_MAIL", "community.example")
    host = host.split("://", 1)[-1].strip("/") or "community.example"
    return f"event-{event.id}@{host}"


def sequence(event: Event) -> int:
    """Grows whenever the event changes (RFC 5545 §3.8.7.4)."""
    changed = (event.updated_at or event.created_at) - event.created_at
    return max(0, int(changed.total_seconds()))


def _location(event: Event) -> str | None:
    parts = []
    if event.is_in_person and event.address:
        parts.append(event.address)
    if event.is_online and event.conference_url:
        parts.append(event.conference_url)
    return " / ".join(parts) or None


def component(event: Event, url: str, *, tentative: bool = False) -> icalendar.Event:
    """One VEVENT; ``url`` is the absolute address of the event page."""
    item = icalendar.Event()
    item.add("uid", _uid(event))
    item.add("dtstamp", utcnow())
    item.add("created", event.created_at)
    item.add("last-modified", event.updated_at or event.created_at)
    item.add("sequence", sequence(event))
    item.add("dtstart", event.starts_at.astimezone(TZ))
    item.add("dtend", event.ends_at.astimezone(TZ))
    item.add("summary", event.title)
    description = (event.description_md or "").strip()
    item.add("description", (description + "\n\n" + url).strip())
    location = _location(event)
    if location:
        item.add("location", location)
    if event.is_online and event.conference_url:
        # RFC 7986 CONFERENCE: clients show a "join" button
        item.add("conference", event.conference_url,
                 parameters={"VALUE": "URI", "FEATURE": "AUDIO,VIDEO"})
    item.add("url", url)
    if event.is_cancelled:
        item.add("status", "CANCELLED")
    elif tentative:
        item.add("status", "TENTATIVE")
    else:
        item.add("status", "CONFIRMED")
    item.add("transp", "TRANSPARENT" if event.is_cancelled else "OPAQUE")
    return item


def _calendar(name: str | None = None) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("name", name)
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", TZID)
        cal.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "PT1H")
    return cal


def _finish(cal: icalendar.Calendar, events: list[Event]) -> bytes:
    if events:
        first = min(e.starts_at for e in events).astimezone(TZ).date() - dt.timedelta(days=1)
        last = max(e.ends_at for e in events).astimezone(TZ).date() + dt.timedelta(days=1)
        cal.add_missing_timezones(first_date=first, last_date=last)
    return cal.to_ical()


def event_ics(event: Event, url: str) -> bytes:
    """The ICS file of one event (the caller checked that the user may view it)."""
    cal = _calendar()
    cal.add_component(component(event, url))
    return _finish(cal, [event])


# ---------------------------------------------------------------- personal feed

def live_feed(user) -> CalendarFeed | None:
    return db.session.scalar(
        sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id,
                                      CalendarFeed.revoked_at.is_(None))
        .order_by(CalendarFeed.created_at.desc()).limit(1))


def revoke_feeds(user) -> int:
    """Revoke every live feed of ``user``; returns how many (idempotent)."""
    result = db.session.execute(
        sa.update(CalendarFeed)
        .where(CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None))
        .values(revoked_at=utcnow()))
    db.session.commit()
    return result.rowcount or 0


def create_feed(user) -> tuple[CalendarFeed, str]:
    """A new secret feed for ``user`` (older ones are revoked); returns the raw token once."""
    db.session.execute(
        sa.update(CalendarFeed)
        .where(CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None))
        .values(revoked_at=utcnow()))
    raw = secrets.token_urlsafe(32)
    feed = CalendarFeed(user_id=user.id, token_hash=_hash(raw))
    db.session.add(feed)
    db.session.commit()
    return feed, raw


def feed_for_token(raw: str) -> CalendarFeed:
    """The live feed of a raw token; unknown, revoked or of an inactive user: NotFound."""
    if not raw or len(raw) > 100:
        raise NotFound()
    feed = db.session.scalar(sa.select(CalendarFeed)
                             .where(CalendarFeed.token_hash == _hash(raw)))
    if feed is None or not feed.is_live or not feed.user.active:
        raise NotFound()
    return feed


def feed_entries(user, now: dt.datetime | None = None) -> list[tuple[Event, Registration | None]]:
    """(event, registration) pairs for the feed: events the user is registered or waitlisted
    for, organises or presents (registration None), still visible to them."""
    since = (now or utcnow()) - dt.timedelta(days=FEED_PAST_DAYS)
    mine = Registration.status.in_(("registered", "waitlisted"))
    presents = sa.select(EventPresenter.event_id).where(EventPresenter.user_id == user.id)
    rows = db.session.execute(
        sa.select(Event, Registration)
        .outerjoin(Registration, sa.and_(Registration.event_id == Event.id,
                                         Registration.user_id == user.id, mine))
        .where(Event.ends_at >= since,
               sa.or_(Registration.id.is_not(None), Event.organiser_id == user.id,
                      Event.id.in_(presents)))
        .order_by(Event.starts_at).limit(FEED_MAX_EVENTS)).all()
    return [(event, reg) for event, reg in rows if access.can(user, "view", event)]


def feed_ics(feed: CalendarFeed, url_for_event) -> bytes:
    """The personal feed; ``url_for_event(event)`` gives the absolute event page address."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    user = feed.user
    with force_locale(user.locale or "nl"):
        name = _("My events – MKB Limburg Community")
    cal = _calendar(name)
    entries = feed_entries(user)
    for event, reg in entries:
        cal.add_component(component(event, url_for_event(event),
                                    tentative=reg is not None and reg.status == "waitlisted"))
    return _finish(cal, [event for event, _reg in entries])
