"""Access expectations for every events route (the core pages, then the after-the-event
cases of ``matrix_after``, the live-room cases of ``matrix_live`` and the JSON API cases of
``matrix_api`` when present).

Events organised by ``partner`` (``moderator`` and ``admin`` are staff):
- ``public``: platform-wide, in a week, capacity 10; ``member`` registered.
- ``cancelled``: platform-wide, cancelled by its organiser.
- ``secret``: in a secret space where ``member`` is the space admin; ``other`` and
  ``partner`` are outside: 404, exactly like a missing event; staff see it.
"""
from __future__ import annotations

import datetime as dt
import importlib

from community.db import utcnow
from community.events.models import Event, Registration
from community.extensions import db
from community.spaces.models import Space, SpaceMembership
from tests.matrix_support import Case, everyone, logged_in


def _event(w, slug: str, space=None, **fields) -> Event:
    starts = utcnow() + dt.timedelta(days=7)
    fields.setdefault("status", "published")
    event = Event(slug=slug, title=f"Matrix {slug}", kind="masterclass", format="online",
                  conference_url="https://meet.jit.si/matrix", description_md="x",
                  description_html="<p>x</p>", starts_at=starts,
                  ends_at=starts + dt.timedelta(hours=2), organiser_id=w.partner.id,
                  space_id=space.id if space else None, checkin_code="MATRIX",
                  **fields)
    db.session.add(event)
    db.session.flush()
    return event


def _roles(default, **per_role) -> dict:
    out = everyone(default)
    out.update(per_role)
    return out


def _core(w):
    public = _event(w, "matrix-openbaar", capacity=10)
    db.session.add(Registration(event_id=public.id, user_id=w.member.id, status="registered"))
    cancelled = _event(w, "matrix-geannuleerd", status="cancelled", cancelled_at=utcnow())
    space = Space(name="Events matrix geheim", slug="events-matrix-geheim",
                  visibility="secret")
    db.session.add(space)
    db.session.flush()
    db.session.add(SpaceMembership(space_id=space.id, user_id=w.member.id, role="admin"))
    secret = _event(w, "matrix-geheim", space=space)
    db.session.flush()

    p, c, s = public.slug, cancelled.slug, secret.slug
    secret_read = _roles(200, other=404, partner=404, anonymous=404)
    secret_post = _roles(302, other=404, partner=404)
    manager = dict(partner=200, moderator=200, admin=200, member=403, other=403,
                   anonymous=302)
    manager_post = dict(partner=302, moderator=302, admin=302, member=403, other=403,
                        anonymous=302)
    creator = dict(partner=200, moderator=200, admin=200, member=403, other=403,
                   anonymous=302)
    bad_event = {"title": "", "kind": "masterclass", "format": "online"}
    return [
        Case("events.index", "GET", "/events", everyone(200)),
        Case("events.index", "GET", "/events?when=past&kind=workshop&format=hybrid",
             everyone(200)),
        Case("events.show", "GET", f"/events/{p}", everyone(200)),
        Case("events.show", "GET", f"/events/{c}", everyone(200)),
        Case("events.show", "GET", f"/events/{s}", secret_read),
        Case("events.show", "GET", "/events/bestaat-niet", everyone(404)),
        Case("events.register", "POST", f"/events/{p}/register",
             _roles(302, member=409)),
        Case("events.register", "POST", f"/events/{c}/register", logged_in(409)),
        Case("events.register", "POST", f"/events/{s}/register", secret_post),
        Case("events.unregister", "POST", f"/events/{p}/unregister",
             _roles(409, member=302, anonymous=302)),
        Case("events.unregister", "POST", f"/events/{s}/unregister",
             _roles(409, other=404, partner=404, anonymous=302)),
        Case("events.create", "GET", "/events/new", creator),
        Case("events.create", "POST", "/events/new", _roles(400, member=403, other=403,
                                                            anonymous=302), data=bad_event),
        Case("events.create", "GET", f"/events/new?space={space.slug}",
             _roles(200, other=404, partner=404, anonymous=302)),
        Case("events.edit", "GET", f"/events/{p}/edit", manager),
        Case("events.edit", "GET", f"/events/{s}/edit",
             _roles(403, moderator=200, admin=200, partner=404, other=404,
                    anonymous=302)),
        Case("events.edit", "POST", f"/events/{p}/edit",
             dict(manager, partner=400, moderator=400, admin=400), data=bad_event),
        Case("events.cancel_event", "POST", f"/events/{p}/cancel", manager_post,
             data={"reason": "Te weinig aanmeldingen"}),
        Case("events.cancel_event", "POST", f"/events/{c}/cancel",
             dict(manager_post, partner=409, moderator=409, admin=409)),
        Case("events.attendees", "GET", f"/events/{p}/attendees", manager),
        Case("events.attendees", "GET", f"/events/{s}/attendees",
             _roles(403, moderator=200, admin=200, other=404, partner=404, anonymous=302)),
    ]


def cases(w):
    out = _core(w)
    for name in ("matrix_after", "matrix_live", "matrix_api"):
        try:
            module = importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{name}":
                raise
            continue
        out.extend(module.cases(w))
    return out
