"""Access expectations for the live-room pages (the socket events have their own matrix in
``test_live_access.py``).

A live event organised by ``partner`` (so ``partner`` may present), ``member`` registered,
``other`` not; an audience question by ``member``; a live event in a secret space where
``member`` is admin: ``other`` and ``partner`` get 404, like a missing event.
"""
from __future__ import annotations

import datetime as dt

from community.db import utcnow
from community.events.live_models import LiveQuestion
from community.events.models import Event, Registration
from community.extensions import db
from community.spaces.models import Space, SpaceMembership
from tests.matrix_support import Case, everyone


def _event(w, slug: str, space=None) -> Event:
    start = utcnow() - dt.timedelta(minutes=10)
    event = Event(slug=slug, title=f"Live {slug}", kind="masterclass", format="online",
                  conference_url="https://meet.jit.si/matrix", starts_at=start,
                  ends_at=start + dt.timedelta(hours=2), organiser_id=w.partner.id,
                  space_id=space.id if space else None, checkin_code="ABC234",
                  status="published")
    db.session.add(event)
    db.session.flush()
    return event


def _roles(default, **per_role) -> dict:
    out = everyone(default)
    out.update(per_role)
    return out


def cases(w):
    event = _event(w, "live-matrix")
    db.session.add(Registration(event_id=event.id, user_id=w.member.id, status="registered"))
    question = LiveQuestion(event_id=event.id, author_id=w.member.id,
                            body="Hoe vind ik investeerders in Limburg?", status="answered",
                            answer_text="Via het loket.", vote_count=0, highlighted=False)
    db.session.add(question)
    space = Space(name="Live matrix geheim", slug="live-matrix-geheim", visibility="secret")
    db.session.add(space)
    db.session.flush()
    db.session.add(SpaceMembership(space_id=space.id, user_id=w.member.id, role="admin"))
    secret = _event(w, "live-matrix-geheim", space=space)
    db.session.flush()

    room = f"/events/{event.slug}/live"
    hidden = f"/events/{secret.slug}/live"
    attendees = _roles(200, anonymous=302, other=403)
    return [
        Case("events.live", "GET", room, attendees),
        # member is the space admin but not registered: may see the event, not enter
        Case("events.live", "GET", hidden,
             _roles(200, anonymous=302, member=403, other=404, partner=404)),
        Case("events.live_transcript", "GET", room + "/transcript", attendees),
        Case("events.live_transcript", "GET", hidden + "/transcript",
             _roles(200, anonymous=302, member=403, other=404, partner=404)),
        Case("events.live_question_to_qa", "POST", f"{room}/questions/{question.id}/to-qa",
             _roles(302, anonymous=302, member=403, other=403)),
        Case("events.live_question_to_qa", "POST", f"{hidden}/questions/{question.id}/to-qa",
             _roles(404, anonymous=302, member=403)),
    ]
