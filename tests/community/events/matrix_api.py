"""Access expectations for the events JSON API (``/api/v1/events``), with the session
cookie (and CSRF token) of each role; anonymous writes answer 401.

Events organised by ``partner`` (``moderator`` and ``admin`` are staff):
- ``public``: platform-wide, in a week, capacity 10; ``member`` registered.
- ``secret``: in a secret space where ``member`` is the space admin; ``other`` and
  ``partner`` are outside: 404, exactly like a missing event; staff see it.
"""
from __future__ import annotations

import datetime as dt

from community.db import utcnow
from community.events.models import Event, Registration
from community.extensions import db
from community.spaces.models import Space, SpaceMembership
from tests.matrix_support import Case, everyone


def _event(w, slug: str, space=None, **fields) -> Event:
    starts = utcnow() + dt.timedelta(days=7)
    event = Event(slug=slug, title=f"API {slug}", kind="masterclass", format="online",
                  conference_url="https://meet.jit.si/matrix-api", description_md="x",
                  description_html="<p>x</p>", starts_at=starts,
                  ends_at=starts + dt.timedelta(hours=2), organiser_id=w.partner.id,
                  space_id=space.id if space else None, checkin_code="MATRIX",
                  status="published", **fields)
    db.session.add(event)
    db.session.flush()
    return event


def _roles(default, **per_role) -> dict:
    out = everyone(default)
    out.update(per_role)
    return out


def cases(w):
    public = _event(w, "matrix-api-openbaar", capacity=10)
    db.session.add(Registration(event_id=public.id, user_id=w.member.id, status="registered"))
    space = Space(name="Events API matrix geheim", slug="events-api-matrix-geheim",
                  visibility="secret")
    db.session.add(space)
    db.session.flush()
    db.session.add(SpaceMembership(space_id=space.id, user_id=w.member.id, role="admin"))
    secret = _event(w, "matrix-api-geheim", space=space)
    db.session.flush()

    p, s = public.slug, secret.slug
    hidden = dict(other=404, partner=404)
    return [
        Case("events_api.list_events", "GET", "/api/v1/events", everyone(200)),
        Case("events_api.list_events", "GET", "/api/v1/events?kind=workshop&format=hybrid",
             everyone(200)),
        Case("events_api.list_events", "GET", "/api/v1/events?kind=feest", everyone(422)),
        Case("events_api.get_event", "GET", f"/api/v1/events/{p}", everyone(200)),
        Case("events_api.get_event", "GET", f"/api/v1/events/{s}",
             _roles(200, anonymous=404, **hidden)),
        Case("events_api.get_event", "GET", "/api/v1/events/bestaat-niet", everyone(404)),
        Case("events_api.register", "POST", f"/api/v1/events/{p}/registration",
             _roles(201, member=409, anonymous=401), json={}),
        Case("events_api.register", "POST", f"/api/v1/events/{s}/registration",
             _roles(201, anonymous=401, **hidden), json={}),
        Case("events_api.unregister", "DELETE", f"/api/v1/events/{p}/registration",
             _roles(409, member=200, anonymous=401)),
        Case("events_api.unregister", "DELETE", f"/api/v1/events/{s}/registration",
             _roles(409, anonymous=401, **hidden)),
    ]
