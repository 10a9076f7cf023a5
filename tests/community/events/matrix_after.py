"""Access expectations for the calendar, attendance and after-the-event routes.

Events, all organised by ``partner`` (``admin`` and ``moderator`` are staff):
- ``upcoming``: public, in two days; ``member`` registered.
- ``running``: public, in person, started ten minutes ago; ``member`` registered.
- ``past``: public, ended yesterday; ``member`` registered (a no-show), with a material.
- ``secret``: ended, in a secret space where ``member`` is a member; ``other`` and
  ``partner`` are outside (404, exactly like a missing event), staff see it.
``member`` has a calendar feed.

``build_event`` and ``register`` are shared with the ``test_after_*`` tests.
"""
from __future__ import annotations

import datetime as dt
import itertools

from community.db import utcnow
from community.events.models import Event, EventMaterial, Registration
from community.extensions import db
from tests.matrix_support import Case, everyone, logged_in

_seq = itertools.count(1)


def build_event(title: str = "Masterclass exportsubsidie", *, starts_at=None, hours: float = 2,
                organiser=None, space=None, presenters=(), **fields) -> Event:
    """An event written directly (no use-case rules), published unless told otherwise."""
    n = next(_seq)
    starts_at = starts_at or utcnow() + dt.timedelta(days=2)
    fields.setdefault("slug", f"after-{n}-{utcnow().timestamp():.0f}")
    fields.setdefault("checkin_code", "ABC123")
    fields.setdefault("format", "hybrid")
    fields.setdefault("address", "Avantis, Heerlen")
    fields.setdefault("conference_url", "https://meet.jit.si/mkb-masterclass")
    event = Event(title=title, starts_at=starts_at,
                  ends_at=starts_at + dt.timedelta(hours=hours),
                  organiser_id=organiser.id if organiser else None,
                  space_id=space.id if space else None,
                  description_md="Over subsidies voor export.",
                  description_html="<p>Over subsidies voor export.</p>", **fields)
    db.session.add(event)
    db.session.flush()
    for user in presenters:
        event.presenters.append(user)
    db.session.flush()
    return event


def register(event: Event, user, status: str = "registered", **fields) -> Registration:
    reg = Registration(event_id=event.id, user_id=user.id, status=status, **fields)
    db.session.add(reg)
    db.session.flush()
    return reg


def _roles(default, **per_role) -> dict:
    out = everyone(default)
    out.update(per_role)
    return out


def cases(w):
    from community.events import calendar
    from community.spaces.models import Space, SpaceMembership

    now = utcnow()
    upcoming = build_event("Matrix komend", organiser=w.partner)
    running = build_event("Matrix bezig", organiser=w.partner, format="in_person",
                          starts_at=now - dt.timedelta(minutes=10))
    past = build_event("Matrix voorbij", organiser=w.partner,
                       starts_at=now - dt.timedelta(days=1, hours=3))
    space = Space(name="Events matrix geheim", slug="events-after-matrix-geheim",
                  visibility="secret")
    db.session.add(space)
    db.session.flush()
    db.session.add(SpaceMembership(space_id=space.id, user_id=w.member.id, role="member"))
    secret = build_event("Matrix geheim", organiser=w.partner, space=space,
                         starts_at=now - dt.timedelta(days=1, hours=3))
    for event in (upcoming, running, past, secret):
        register(event, w.member)
    running_reg = db.session.scalar(db.select(Registration).where(
        Registration.event_id == running.id))
    material = EventMaterial(event_id=past.id, title="Slides",
                             url="https://example.org/slides.pdf")
    db.session.add(material)
    db.session.flush()
    _feed, token = calendar.create_feed(w.member)

    hidden = dict(other=404, partner=404)  # secret space: outside looks like missing
    present_only = dict(partner=302, moderator=302, admin=302, member=403, other=403,
                        anonymous=302)
    return [
        # calendar
        Case("events.event_ics", "GET", f"/events/{upcoming.slug}/event.ics", everyone(200)),
        Case("events.event_ics", "GET", f"/events/{secret.slug}/event.ics",
             _roles(200, anonymous=404, **hidden)),
        Case("events.event_ics", "GET", "/events/no-such-event/event.ics", everyone(404)),
        Case("events.calendar_page", "GET", "/events/calendar", logged_in(200)),
        Case("events.calendar_create", "POST", "/events/calendar", logged_in(200)),
        Case("events.calendar_revoke", "POST", "/events/calendar/revoke", logged_in(302)),
        Case("events.calendar_feed", "GET", f"/events/calendar/{token}.ics", everyone(200)),
        Case("events.calendar_feed", "GET", "/events/calendar/" + "x" * 43 + ".ics",
             everyone(404)),
        # attendance
        Case("events.checkin", "GET", f"/events/{running.slug}/checkin", logged_in(200)),
        Case("events.checkin", "GET", f"/events/{secret.slug}/checkin",
             _roles(200, anonymous=302, **hidden)),
        Case("events.checkin_submit", "POST", f"/events/{running.slug}/checkin",
             _roles(403, member=302, anonymous=302), data={"code": "abc 123"}),
        Case("events.checkin_submit", "POST", f"/events/{running.slug}/checkin",
             _roles(403, member=400, anonymous=302), data={"code": "WRONG1"}),
        Case("events.mark_attendance", "POST",
             f"/events/{running.slug}/attendance/{running_reg.id}", present_only,
             data={"present": "1"}),
        Case("events.noshows", "GET", "/events/noshows",
             _roles(403, moderator=200, admin=200, anonymous=302)),
        Case("events.noshows", "GET", "/events/noshows?period=all",
             _roles(403, moderator=200, admin=200, anonymous=302)),
        # feedback
        Case("events.feedback_page", "GET", f"/events/{past.slug}/feedback",
             _roles(200, other=403, anonymous=302)),
        Case("events.feedback_page", "GET", f"/events/{secret.slug}/feedback",
             _roles(200, anonymous=302, **hidden)),
        Case("events.feedback_submit", "POST", f"/events/{past.slug}/feedback",
             _roles(403, member=302, anonymous=302), data={"rating": "4", "comment": "Goed"}),
        Case("events.feedback_submit", "POST", f"/events/{past.slug}/feedback",
             _roles(403, member=400, anonymous=302), data={"rating": "9"}),
        Case("events.feedback_submit", "POST", f"/events/{upcoming.slug}/feedback",
             _roles(409, anonymous=302), data={"rating": "4"}),
        # materials and recording
        Case("events.material_add", "POST", f"/events/{past.slug}/materials", present_only,
             data={"title": "Hand-out", "url": "https://example.org/handout.pdf"}),
        Case("events.material_add", "POST", f"/events/{past.slug}/materials",
             dict(present_only, partner=400, moderator=400, admin=400),
             data={"title": "Hand-out", "url": "javascript:alert(1)"}),
        Case("events.material_add", "POST", f"/events/{secret.slug}/materials",
             dict(present_only, partner=404, other=404),
             data={"title": "Hand-out", "url": "https://example.org/handout.pdf"}),
        Case("events.material_delete", "POST",
             f"/events/{past.slug}/materials/{material.id}/delete", present_only),
        Case("events.recording", "POST", f"/events/{past.slug}/recording", present_only,
             data={"recording_url": "https://example.org/opname.mp4"}),
    ]
