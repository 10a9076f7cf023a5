"""Bad input on the organiser's form and on registration: a clear message, a 4xx status
and nothing stored."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from community.db import utcnow
from community.events.models import Event, Registration
from community.extensions import db
from tests.community.events.conftest import post_form
from tests.community.events.test_events_flow import _local, login_as

pytestmark = pytest.mark.usefixtures("english")  # asserts English messages

START = utcnow().replace(microsecond=0) + dt.timedelta(days=5)


def _good(**changes) -> dict:
    data = {"title": "Workshop subsidies aanvragen", "kind": "workshop",
            "description": "Stap voor stap een aanvraag maken.", "format": "online",
            "conference_url": "https://meet.jit.si/subsidies", "address": "",
            "starts_at": _local(START), "ends_at": _local(START + dt.timedelta(hours=2)),
            "registration_deadline": "", "capacity": "20"}
    data.update(changes)
    return data


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Event))


BAD = [
    ({"title": "Hoi"}, "at least 5 characters"),
    ({"title": "x" * 201}, ""),
    ({"kind": "party"}, ""),
    ({"format": "telepathy"}, ""),
    ({"description": ""}, ""),
    ({"ends_at": _local(START - dt.timedelta(hours=1))}, "end must be after the start"),
    ({"starts_at": _local(utcnow() - dt.timedelta(days=1)),
      "ends_at": _local(utcnow() - dt.timedelta(days=1) + dt.timedelta(hours=1))},
     "in the future"),
    ({"starts_at": "morgen"}, ""),
    ({"registration_deadline": _local(START + dt.timedelta(hours=1))},
     "registration deadline must be before the start"),
    ({"conference_url": "http://meet.jit.si/subsidies"}, "https link"),
    ({"conference_url": "https://evil.example/meet.jit.si"}, "https link"),
    ({"conference_url": "https://meet.jit.si.evil.example/x"}, "https link"),
    ({"conference_url": "https://user:pw@meet.jit.si/x"}, "https link"),
    ({"conference_url": "javascript:alert(1)"}, "https link"),
    ({"format": "in_person", "conference_url": ""}, "address of the venue"),
    ({"format": "hybrid", "address": "  "}, "address of the venue"),
    ({"capacity": "-1"}, ""),
    ({"capacity": "veel"}, ""),
    ({"capacity": "1000000"}, "capacity is between"),
    ({"presenters": ["999999"]}, ""),
]


@pytest.mark.parametrize("changes,message", BAD)
def test_bad_event_input_is_refused_with_a_message(app, make_user, changes, message):
    client = login_as(app, make_user("partner"))
    before = _count()
    resp = post_form(client, "/events/new", _good(**changes))
    assert resp.status_code == 400, changes
    page = resp.get_data(as_text=True)
    assert 'class="error"' in page or "flash-error" in page
    if message:
        assert message in page
    assert _count() == before


def test_good_input_is_accepted_and_subdomain_hosts_work(app, make_user):
    client = login_as(app, make_user("partner"))
    resp = post_form(client, "/events/new", _good(
        conference_url="https://bbb.bigbluebutton.org/rooms/abc-123"))
    assert resp.status_code == 302, resp.get_data(as_text=True)[-1500:]
    event = db.session.scalar(sa.select(Event).order_by(Event.id.desc()))
    assert event.address is None and event.capacity == 20


def test_bad_edit_changes_nothing(app, make_user, make_event):
    organiser = make_user("partner")
    event = make_event("Masterclass export", organiser=organiser)
    client = login_as(app, organiser)
    resp = post_form(client, f"/events/{event.slug}/edit", _good(
        title="Masterclass export naar Duitsland", format="in_person", conference_url=""))
    assert resp.status_code == 400
    db.session.expire_all()
    assert db.session.get(Event, event.id).title == "Masterclass export"


def test_edit_of_cancelled_event_is_refused(app, make_user, make_event):
    organiser = make_user("partner")
    event = make_event(organiser=organiser, status="cancelled", cancelled_at=utcnow())
    client = login_as(app, organiser)
    resp = post_form(client, f"/events/{event.slug}/edit", _good())
    assert resp.status_code == 409
    assert "cancelled event cannot be changed" in resp.get_data(as_text=True)


def test_cancel_reason_too_long(app, make_user, make_event):
    organiser = make_user("partner")
    event = make_event(organiser=organiser)
    client = login_as(app, organiser)
    resp = post_form(client, f"/events/{event.slug}/cancel", {"reason": "x" * 501})
    assert resp.status_code == 400
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "published"


def test_registration_refusals_over_http(app, make_user, make_event):
    event = make_event(capacity=1, registration_deadline=utcnow() + dt.timedelta(days=1))
    user = make_user()
    client = login_as(app, user)
    assert post_form(client, f"/events/{event.slug}/register").status_code == 302
    resp = post_form(client, f"/events/{event.slug}/register")
    assert resp.status_code == 409
    assert "already registered" in resp.get_data(as_text=True)
    closed = make_event(registration_deadline=utcnow() - dt.timedelta(minutes=1))
    resp = post_form(client, f"/events/{closed.slug}/register")
    assert resp.status_code == 409 and "deadline has passed" in resp.get_data(as_text=True)
    resp = post_form(client, f"/events/{closed.slug}/unregister")
    assert resp.status_code == 409 and "not registered" in resp.get_data(as_text=True)
    # without a CSRF token nothing happens
    assert client.post(f"/events/{closed.slug}/register").status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1
