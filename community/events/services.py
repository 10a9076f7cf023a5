"""Events: the write use-cases of organisers (create, edit) and the checks on their input.

Every use-case takes the acting user explicitly, checks access with ``access.require``,
validates everything before the first write and commits once. Times arrive as aware
datetimes (the forms read Europe/Amsterdam wall-clock time, ``local_to_utc``) and are
stored in UTC. Registration, cancelling and the waitlist live in ``registration``.
"""
from __future__ import annotations

import datetime as dt
import secrets
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy.orm import joinedload, lazyload, selectinload

from .. import audit
from ..access import can, require
from ..accounts.models import User
from ..db import utcnow
from ..errors import Conflict, ValidationError
from ..extensions import db
from ..plugins import fire_after_commit
from ..text import render_markdown
from . import notifications, registration
from .models import EVENT_FORMATS, EVENT_KINDS, Event

CHECKIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CAPACITY_MAX = 100_000
# changing these tells everyone registered or waitlisted
NOTIFY_ON = ("starts_at", "ends_at", "format", "address", "conference_url")

DEFAULT_CONFERENCE_HOSTS = ("meet.jit.si", "*.jitsi.net", "*.bigbluebutton.org")


def _cfg(key: str, default=None):
    return current_app.config.get(key, default)


def local_zone() -> ZoneInfo:
    return ZoneInfo(_cfg("BABEL_DEFAULT_TIMEZONE", "Europe/Amsterdam"))


def local_to_utc(value: dt.datetime | None) -> dt.datetime | None:
    """A wall-clock time in Europe/Amsterdam (naive, from a form) as an aware UTC time."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=local_zone())
    return value.astimezone(dt.UTC)


def utc_to_local(value: dt.datetime | None) -> dt.datetime | None:
    """For filling forms: the naive Europe/Amsterdam wall-clock time."""
    if value is None:
        return None
    return value.astimezone(local_zone()).replace(tzinfo=None)


# ---------------------------------------------------------------- validation

def clean_title(title: str | None) -> str:
    title = " ".join((title or "").split())
    limit = _cfg("EVENT_TITLE_MAX", 200)
    if len(title) < 5:
        raise ValidationError(_l("Give the event a title of at least 5 characters."),
                              field="title")
    if len(title) > limit:
        raise ValidationError(_l("The title has at most %(n)d characters.", n=limit),
                              field="title")
    return title


def clean_description(text: str | None) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    limit = _cfg("EVENT_DESCRIPTION_MAX", 20_000)
    if not text:
        raise ValidationError(_l("Describe the event."), field="description")
    if len(text) > limit:
        raise ValidationError(_l("The description has at most %(n)d characters.", n=limit),
                              field="description")
    return text


def clean_choice(value, choices, field: str, message) -> str:
    if value not in choices:
        raise ValidationError(message, field=field)
    return value


def _host_allowed(host: str, patterns) -> bool:
    for pattern in patterns:
        pattern = pattern.lower()
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]) and len(host) > len(pattern) - 1:
                return True
        elif host == pattern:
            return True
    return False


def clean_conference_url(url: str | None) -> str | None:
    """An https link to an allowed conference host (Jitsi, BigBlueButton), or None."""
    url = (url or "").strip()
    if not url:
        return None
    hosts = _cfg("EVENT_CONFERENCE_HOSTS", DEFAULT_CONFERENCE_HOSTS)
    message = _l("The video link must be an https link to one of: %(hosts)s.",
                 hosts=", ".join(hosts))
    if len(url) > 500 or any(c.isspace() for c in url):
        raise ValidationError(message, field="conference_url")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationError(message, field="conference_url") from None
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or parts.username or parts.password or port not in (None, 443) \
            or not host or not _host_allowed(host, hosts):
        raise ValidationError(message, field="conference_url")
    return url


def clean_url(url: str | None, field: str = "url") -> str | None:
    """Any http(s) link (recordings, materials), or None when empty."""
    url = (url or "").strip()
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("https", "http") or not parts.hostname \
            or len(url) > 500 or any(c.isspace() for c in url):
        raise ValidationError(_l("Give a complete web address starting with https://."),
                              field=field)
    return url


def clean_address(fmt: str, address: str | None) -> str | None:
    address = " ".join((address or "").split())
    if fmt in ("in_person", "hybrid"):
        if len(address) < 5:
            raise ValidationError(_l("Give the address of the venue."), field="address")
        if len(address) > 300:
            raise ValidationError(_l("The address has at most %(n)d characters.", n=300),
                                  field="address")
        return address
    return None


def clean_capacity(capacity) -> int | None:
    if capacity in (None, ""):
        return None
    try:
        capacity = int(capacity)
    except (TypeError, ValueError):
        raise ValidationError(_l("The capacity is a whole number."), field="capacity") from None
    if capacity < 0 or capacity > CAPACITY_MAX:
        raise ValidationError(_l("The capacity is between 0 and %(n)d (empty: unlimited).",
                                 n=CAPACITY_MAX), field="capacity")
    return capacity


def clean_times(starts_at, ends_at, deadline, *, must_be_future: bool):
    for value, field in ((starts_at, "starts_at"), (ends_at, "ends_at")):
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            raise ValidationError(_l("Give a date and a time."), field=field)
    if ends_at <= starts_at:
        raise ValidationError(_l("The end must be after the start."), field="ends_at")
    if ends_at - starts_at > dt.timedelta(days=14):
        raise ValidationError(_l("An event lasts at most 14 days."), field="ends_at")
    if must_be_future and starts_at <= utcnow():
        raise ValidationError(_l("The start must be in the future."), field="starts_at")
    if deadline is not None:
        if not isinstance(deadline, dt.datetime) or deadline.tzinfo is None:
            raise ValidationError(_l("Give a date and a time."), field="registration_deadline")
        if deadline > starts_at:
            raise ValidationError(_l("The registration deadline must be before the start."),
                                  field="registration_deadline")
    return starts_at, ends_at, deadline


def clean_cancel_reason(reason: str | None) -> str | None:
    reason = " ".join((reason or "").split())
    if len(reason) > 500:
        raise ValidationError(_l("The reason has at most %(n)d characters.", n=500),
                              field="reason")
    return reason or None


def clean_presenters(ids) -> list[User]:
    ids = {int(i) for i in (ids or []) if str(i).isdigit()}
    if len(ids) > 20:
        raise ValidationError(_l("At most 20 presenters."), field="presenters")
    if not ids:
        return []
    users = list(db.session.scalars(sa.select(User).where(User.id.in_(ids),
                                                          User.active.is_(True))))
    if len(users) != len(ids):
        raise ValidationError(_l("Choose presenters from the list."), field="presenters")
    return users


def presenter_candidates(actor) -> list[User]:
    """Who can be chosen as a presenter: experts, partners, consultants, staff, oneself."""
    return list(db.session.scalars(
        sa.select(User).where(User.active.is_(True),
                              sa.or_(User.role.in_(("expert", "partner", "consultant",
                                                    "moderator", "admin")),
                                     User.id == actor.id))
        .order_by(User.name).limit(500)))


def new_checkin_code() -> str:
    length = int(_cfg("EVENT_CHECKIN_CODE_LENGTH", 6))
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(length))


def _unique_slug(title: str, starts_at: dt.datetime) -> str:
    local = starts_at.astimezone(local_zone())
    base = f"{slugify(title, max_length=110) or 'bijeenkomst'}-{local:%Y-%m-%d}"
    slug, n = base, 2
    while db.session.scalar(sa.select(Event.id).where(Event.slug == slug)):
        slug, n = f"{base}-{n}", n + 1
    return slug


def _validate(data: dict, *, must_be_future: bool) -> dict:
    fmt = clean_choice(data.get("format"), EVENT_FORMATS, "format",
                       _l("Choose online, in person or hybrid."))
    starts_at, ends_at, deadline = clean_times(
        data.get("starts_at"), data.get("ends_at"), data.get("registration_deadline"),
        must_be_future=must_be_future)
    return {
        "title": clean_title(data.get("title")),
        "kind": clean_choice(data.get("kind"), EVENT_KINDS, "kind",
                             _l("Choose the kind of event from the list.")),
        "description_md": clean_description(data.get("description")),
        "format": fmt,
        "address": clean_address(fmt, data.get("address")),
        "conference_url": clean_conference_url(data.get("conference_url")),
        "starts_at": starts_at, "ends_at": ends_at, "registration_deadline": deadline,
        "capacity": clean_capacity(data.get("capacity")),
        "requires_subscription": bool(data.get("requires_subscription")),
    }


# ---------------------------------------------------------------- use-cases

def create_event(actor, data: dict, *, space=None, presenter_ids=()) -> Event:
    """Publish an event (in ``space`` or platform-wide); ``actor`` is its organiser."""
    if space is not None:
        require(actor, "view_content", space)
        require(actor, "create_event", space)
    else:
        require(actor, "create_event")
    values = _validate(data, must_be_future=True)
    presenters = clean_presenters(presenter_ids)
    now = utcnow()
    event = Event(**values, slug=_unique_slug(values["title"], values["starts_at"]),
                  description_html=render_markdown(values["description_md"]),
                  space_id=space.id if space is not None else None, organiser_id=actor.id,
                  status="published", checkin_code=new_checkin_code(), created_at=now,
                  updated_at=now)
    event.space = space
    event.organiser = actor
    event.presenters = presenters
    db.session.add(event)
    db.session.flush()
    audit.record("event.created", actor=actor, target=event)
    fire_after_commit("on_event_created", event=event, user=actor)
    db.session.commit()
    return event


def edit_event(actor, event: Event, data: dict, *, presenter_ids=()) -> Event:
    """Save changes; a changed time, place or video link is told to everyone registered
    or waitlisted; a raised capacity promotes people from the waitlist."""
    require(actor, "manage", event)
    registration.lock_event(event)
    if event.is_cancelled:
        raise Conflict(_l("A cancelled event cannot be changed."))
    times_changed = (data.get("starts_at") != event.starts_at
                     or data.get("ends_at") != event.ends_at)
    values = _validate(data, must_be_future=times_changed)
    presenters = clean_presenters(presenter_ids)
    if values["capacity"] is not None:
        taken = registration.seats_taken(event)
        if values["capacity"] < taken:
            raise ValidationError(
                _l("%(n)d people are registered already: the capacity cannot be lower.",
                   n=taken), field="capacity")
    changed = [key for key in NOTIFY_ON if values[key] != getattr(event, key)]
    for key, value in values.items():
        setattr(event, key, value)
    event.description_html = render_markdown(values["description_md"])
    event.presenters = presenters
    event.updated_at = utcnow()
    db.session.flush()
    registration.fill_seats(event)
    if changed:
        notifications.notify(registration.people_to_inform(event), "event_changed", event,
                             actor=actor, changed=changed)
    if actor.id != event.organiser_id:
        audit.record("event.edited", actor=actor, target=event)
    db.session.commit()
    return event


def find_space_filter(user, slug: str | None):
    """The space the agenda is filtered on, or None; a space whose content ``user`` may not
    see is 404, exactly like a missing one."""
    if slug is None:
        return None
    from ..errors import NotFound
    from ..spaces.models import Space

    space = db.session.scalar(sa.select(Space).where(Space.slug == slug))
    if space is None or not can(user, "view_content", space):
        raise NotFound()
    return space


def agenda_query(user, *, kind=None, fmt=None, past=False, space=None, now=None):
    """The agenda: events ``user`` may see, upcoming soonest first or past latest first."""
    from .policy import visible_events_clause

    now = now or utcnow()
    query = sa.select(Event).where(visible_events_clause(user))
    if kind:
        query = query.where(Event.kind == kind)
    if fmt:
        query = query.where(Event.format == fmt)
    if space is not None:
        query = query.where(Event.space_id == space.id)
    if past:
        return query.where(Event.ends_at < now).order_by(Event.starts_at.desc(), Event.id.desc())
    return query.where(Event.ends_at >= now).order_by(Event.starts_at, Event.id)


def upcoming_in_space(space, limit: int = 3) -> list[Event]:
    """The next published events of ``space`` that have not ended, soonest first: for the
    space page, whose caller has checked ``view_content`` (one query; presenters, the
    organiser and the space are not loaded)."""
    return list(db.session.scalars(
        sa.select(Event)
        .where(Event.space_id == space.id, Event.status == "published",
               Event.ends_at >= utcnow())
        .options(lazyload(Event.space), lazyload(Event.organiser),
                 lazyload(Event.presenters))
        .order_by(Event.starts_at, Event.id).limit(limit)))


def find_event(user, slug: str) -> Event:
    """The event with ``slug`` when ``user`` may see it (404 otherwise)."""
    from ..errors import NotFound

    event = db.session.scalar(
        sa.select(Event).where(Event.slug == slug)
        .options(joinedload(Event.organiser).lazyload(User.expertise),
                 selectinload(Event.presenters).lazyload(User.expertise)))
    if event is None or not can(user, "view", event):
        raise NotFound()
    return event
