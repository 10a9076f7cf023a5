"""Materials (title + https link) and the recording link of an event.

Added and removed by whoever may ``present`` the event (organiser, presenters, staff).
Materials are shown to everyone who may view the event (slides and hand-outs are
meant to be shared). The recording is shown only to registered attendees (status
``registered``, attended or not) and to presenters, organiser and staff: a recording
shows the people who took part, so it stays within the group that signed up.
Links must be https (no javascript:, data: or plain http).
"""
from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from .. import access
from ..errors import Conflict, NotFound, ValidationError
from ..extensions import db
from .attendance import registration_of
from .models import Event, EventMaterial

TITLE_MAX = 200
URL_MAX = 500
MATERIALS_MAX = 50


def clean_url(raw: str | None, field: str = "url") -> str:
    url = (raw or "").strip()
    if not url:
        raise ValidationError(_l("Enter a link."), field=field)
    if len(url) > URL_MAX:
        raise ValidationError(_l("The link is too long (at most %(max)s characters).",
                                 max=URL_MAX), field=field)
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() != "https" or not parts.hostname or \
            any(c.isspace() for c in url) or parts.username or parts.password:
        raise ValidationError(_l("Enter a link that starts with https://."), field=field)
    return url


def materials(event: Event) -> list[EventMaterial]:
    return list(db.session.scalars(
        sa.select(EventMaterial).where(EventMaterial.event_id == event.id)
        .order_by(EventMaterial.created_at, EventMaterial.id)))


def may_edit(user, event: Event) -> bool:
    return access.can(user, "present", event)


_UNKNOWN = object()


def may_see_recording(user, event: Event, reg=_UNKNOWN) -> bool:
    """Registered attendees, presenters, organiser, staff (``reg``: the user's
    registration when the caller has it already)."""
    if not event.recording_url or not access.can(user, "view", event):
        return False
    if access.can(user, "present", event):
        return True
    if reg is _UNKNOWN:
        reg = registration_of(user, event)
    return reg is not None and reg.status == "registered"


def add(actor, event: Event, title: str | None, url: str | None) -> EventMaterial:
    access.require(actor, "present", event)
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(_l("Enter a title."), field="title")
    if len(title) > TITLE_MAX:
        raise ValidationError(_l("The title is too long (at most %(max)s characters).",
                                 max=TITLE_MAX), field="title")
    url = clean_url(url)
    count = db.session.scalar(sa.select(sa.func.count(EventMaterial.id))
                              .where(EventMaterial.event_id == event.id)) or 0
    if count >= MATERIALS_MAX:
        raise Conflict(_l("An event can have at most %(max)s materials.", max=MATERIALS_MAX))
    item = EventMaterial(event_id=event.id, title=title, url=url, added_by_id=actor.id)
    db.session.add(item)
    db.session.commit()
    return item


def remove(actor, event: Event, material_id: int) -> None:
    access.require(actor, "present", event)
    item = db.session.get(EventMaterial, material_id)
    if item is None or item.event_id != event.id:
        raise NotFound()
    db.session.delete(item)
    db.session.commit()


def set_recording(actor, event: Event, url: str | None) -> Event:
    """Set the recording link, or remove it with an empty value."""
    access.require(actor, "present", event)
    event.recording_url = clean_url(url, field="recording_url") if (url or "").strip() \
        else None
    db.session.commit()
    return event
