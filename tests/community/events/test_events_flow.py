"""Events end to end: a partner organises a masterclass in Dutch, entrepreneurs register,
the page shows places and the waitlist, the organiser edits and sees the attendee list,
and the event can be found; the demo loads realistic events."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from community.db import utcnow
from community.events.models import Event, Registration
from community.extensions import db
from community.notifications.models import Notification
from tests.community.events.conftest import post_form

pytestmark = pytest.mark.usefixtures("english")  # asserts English messages


def _local(value: dt.datetime) -> str:
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo("Europe/Amsterdam")).strftime("%Y-%m-%dT%H:%M")


def _kinds(user) -> list[str]:
    return list(db.session.scalars(sa.select(Notification.kind)
                                   .where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def login_as(app, user, locale: str = "en"):
    """A logged-in client reading pages in ``locale`` (English: the tests' source strings)."""
    from tests.conftest import PASSWORD, csrf_token

    client = app.test_client()
    token = csrf_token(client, "/login")
    resp = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                       "csrf_token": token})
    assert resp.status_code == 302
    if locale != "nl":
        resp = client.post("/language", data={"locale": locale, "next": "/",
                                              "csrf_token": csrf_token(client, "/")})
        assert resp.status_code == 302
    return client


def test_organise_register_waitlist_and_attendee_list(app, make_user):
    organiser = make_user("partner", name="Koen Loket")
    presenter = make_user("expert", name="Anouk Financier", job_title="Financieringsspecialist")
    first, second = make_user(name="Sanne Bakker"), make_user(name="Bram Metaal")
    starts = (utcnow() + dt.timedelta(days=10)).replace(hour=14, minute=0, second=0,
                                                        microsecond=0)
    org = login_as(app, organiser)
    assert org.get("/events/new").status_code == 200
    resp = post_form(org, "/events/new", {
        "title": "Financiering voor groei", "kind": "masterclass",
        "description": "Over **borgstellingen** en leningen. <script>x()</script>",
        "format": "online", "conference_url": "https://meet.jit.si/financiering-groei",
        "starts_at": _local(starts), "ends_at": _local(starts + dt.timedelta(hours=2)),
        "capacity": "1", "presenters": [str(presenter.id)]})
    assert resp.status_code == 302, resp.get_data(as_text=True)[-2000:]
    event = db.session.scalar(sa.select(Event).order_by(Event.id.desc()))
    assert event.title == "Financiering voor groei" and event.organiser_id == organiser.id
    assert event.starts_at == starts  # Dutch wall-clock time in, UTC stored
    assert [p.id for p in event.presenters] == [presenter.id]
    assert "<script" not in event.description_html and "<strong>" in event.description_html
    assert len(event.checkin_code) == 6
    assert resp.headers["Location"].endswith(f"/events/{event.slug}")

    page = app.test_client().get(f"/events/{event.slug}").get_data(as_text=True)
    assert "Financiering voor groei" in page and "Anouk Financier" in page
    assert "meet.jit.si" not in page  # the video link is for participants only

    c1 = login_as(app, first)
    assert post_form(c1, f"/events/{event.slug}/register").status_code == 302
    page = c1.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "You are registered" in page or "aangemeld" in page
    assert "meet.jit.si/financiering-groei" in page

    c2 = login_as(app, second)
    assert post_form(c2, f"/events/{event.slug}/register").status_code == 302
    reg2 = db.session.scalar(sa.select(Registration).where(Registration.user_id == second.id))
    assert reg2.status == "waitlisted"
    page = c2.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "number 1 on the waitlist" in page or "nummer 1 op de wachtlijst" in page
    assert _kinds(first) == ["event_registered"]
    assert _kinds(second) == ["event_waitlisted"]

    listing = org.get(f"/events/{event.slug}/attendees").get_data(as_text=True)
    assert "Sanne Bakker" in listing and "Bram Metaal" in listing

    # the first attendee cancels: the waitlisted person gets the place and hears it
    assert post_form(c1, f"/events/{event.slug}/unregister").status_code == 302
    db.session.expire_all()
    assert db.session.get(Registration, reg2.id).status == "registered"
    assert db.session.get(Registration, reg2.id).promoted_at is not None
    assert _kinds(second) == ["event_waitlisted", "event_promoted"]

    # the organiser moves the event: everyone registered hears about it
    later = starts + dt.timedelta(days=1)
    resp = post_form(org, f"/events/{event.slug}/edit", {
        "title": "Financiering voor groei", "kind": "masterclass",
        "description": "Over borgstellingen.", "format": "hybrid",
        "address": "Bedrijvencentrum De Roerdelta, Roermond",
        "conference_url": "https://meet.jit.si/financiering-groei",
        "starts_at": _local(later), "ends_at": _local(later + dt.timedelta(hours=2)),
        "capacity": "5", "presenters": [str(presenter.id)]})
    assert resp.status_code == 302, resp.get_data(as_text=True)[-2000:]
    db.session.expire_all()
    assert db.session.get(Event, event.id).format == "hybrid"
    assert _kinds(second)[-1] == "event_changed"
    assert "event_changed" not in _kinds(first)  # cancelled: no longer told


def test_agenda_filters_upcoming_and_past(app, client, make_event):
    workshop = make_event("Workshop dashboards in Excel", kind="workshop", format="in_person",
                          address="Akerstraat 101, Heerlen", conference_url=None)
    online = make_event("Masterclass export naar Duitsland")
    past = make_event("Masterclass personeel vinden", starts_in=dt.timedelta(days=-3))
    page = client.get("/events").get_data(as_text=True)
    assert workshop.title in page and online.title in page and past.title not in page
    page = client.get("/events?kind=workshop").get_data(as_text=True)
    assert workshop.title in page and online.title not in page
    page = client.get("/events?format=online").get_data(as_text=True)
    assert online.title in page and workshop.title not in page
    page = client.get("/events?when=past").get_data(as_text=True)
    assert past.title in page and online.title not in page
    assert client.get("/events?kind=<script>&format=x&page=abc").status_code == 200


def test_live_link_shows_for_participants_shortly_before_the_start(app, make_event,
                                                                   make_user, register_as):
    attendee, outsider = make_user(), make_user()
    event = make_event("Live masterclass", starts_in=dt.timedelta(minutes=20))
    register_as(attendee, event)
    from community.events.views import live_url

    with app.test_request_context():
        link = f'href="{live_url(event)}"'
    page = login_as(app, attendee).get(f"/events/{event.slug}").get_data(as_text=True)
    assert link in page
    page = login_as(app, outsider).get(f"/events/{event.slug}").get_data(as_text=True)
    assert link not in page
    later = make_event("Masterclass volgende week")
    register_as(attendee, later)
    with app.test_request_context():
        later_link = f'href="{live_url(later)}"'
    page = login_as(app, attendee).get(f"/events/{later.slug}").get_data(as_text=True)
    assert later_link not in page  # the room opens 30 minutes before the start


def test_cancelled_event_page_says_so(app, client, make_event):
    event = make_event("Netwerkontbijt Parkstad", status="cancelled", cancelled_at=utcnow(),
                       cancel_reason="De locatie wordt verbouwd.")
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "De locatie wordt verbouwd." in page


def test_events_are_found_by_search(app, client, make_event):
    event = make_event("Masterclass kunststofrecycling voor maakbedrijven")
    page = client.get("/search?q=kunststofrecycling").get_data(as_text=True)
    assert f"/events/{event.slug}" in page


def test_demo_events(app):
    from community.demo import load

    assert load(app) is True
    events = {e.title: e for e in db.session.scalars(sa.select(Event))}
    assert len(events) >= 6
    live = events["Financiering voor groei"]
    assert live.format == "online" and live.presenters and live.is_online
    assert live.starts_at > utcnow() and live.starts_at - utcnow() < dt.timedelta(hours=1)
    seats = db.session.scalar(sa.select(sa.func.count()).select_from(Registration).where(
        Registration.event_id == live.id, Registration.status == "registered"))
    assert seats >= 5
    assert any(e.ends_at < utcnow() for e in events.values())
    assert any(e.is_cancelled for e in events.values())
    assert any(e.kind == "network" for e in events.values())
