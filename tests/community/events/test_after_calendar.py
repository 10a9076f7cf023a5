"""ICS per event and the personal calendar feed (times in Europe/Amsterdam)."""
from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import icalendar
import sqlalchemy as sa

from community.db import utcnow
from community.events.models import CalendarFeed
from community.extensions import db
from community.logs import redact_path
from tests.community.events.matrix_after import build_event, register
from tests.conftest import csrf_token

AMS = ZoneInfo("Europe/Amsterdam")
UTC = dt.UTC


def _parse(resp) -> icalendar.Calendar:
    assert resp.status_code == 200, resp.data[:300]
    assert resp.mimetype == "text/calendar"
    return icalendar.Calendar.from_ical(resp.data)


def test_event_ics_has_amsterdam_times_and_the_event_details(client, make_user):
    organiser = make_user("partner")
    start = dt.datetime(2027, 6, 10, 8, 0, tzinfo=UTC)  # 10:00 summer time
    event = build_event("Masterclass export", starts_at=start, hours=2.5, organiser=organiser)
    db.session.commit()

    resp = client.get(f"/events/{event.slug}/event.ics")
    assert "attachment" in resp.headers["Content-Disposition"]
    cal = _parse(resp)
    assert str(cal["METHOD"]) == "PUBLISH"
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/Amsterdam"
    [ev] = cal.walk("VEVENT")
    assert str(ev["SUMMARY"]) == "Masterclass export"
    assert str(ev["UID"]).startswith(f"event-{event.id}@")
    assert str(ev["STATUS"]) == "CONFIRMED"
    assert str(ev["URL"]).endswith(f"/events/{event.slug}")
    assert "Avantis, Heerlen" in str(ev["LOCATION"])
    assert "https://meet.jit.si/mkb-masterclass" in str(ev["LOCATION"])
    assert "Over subsidies" in str(ev["DESCRIPTION"])
    starts, ends = ev.decoded("DTSTART"), ev.decoded("DTEND")
    assert str(starts.tzinfo) == "Europe/Amsterdam"
    assert (starts.hour, starts.minute) == (10, 0)
    assert (ends.hour, ends.minute) == (12, 30)
    assert starts.astimezone(UTC) == start
    assert b"DTSTART;TZID=Europe/Amsterdam:20270610T100000" in resp.data


def test_ics_times_across_the_daylight_saving_change(client, make_user):
    # 25 October 2026, 03:00 CEST -> 02:00 CET
    before = build_event("Voor de wissel", starts_at=dt.datetime(2026, 10, 24, 8, 0,
                                                                     tzinfo=UTC))
    after = build_event("Na de wissel", starts_at=dt.datetime(2026, 10, 26, 9, 0,
                                                                  tzinfo=UTC))
    night = build_event("Nachtsessie", starts_at=dt.datetime(2026, 10, 24, 23, 0, tzinfo=UTC),
                        hours=4)
    db.session.commit()

    for event, hour in ((before, 10), (after, 10)):  # both at 10:00 on the wall clock
        [ev] = _parse(client.get(f"/events/{event.slug}/event.ics")).walk("VEVENT")
        assert ev.decoded("DTSTART").hour == hour
        assert ev.decoded("DTSTART").astimezone(UTC) == event.starts_at
    resp = client.get(f"/events/{night.slug}/event.ics")
    [ev] = _parse(resp).walk("VEVENT")
    starts, ends = ev.decoded("DTSTART"), ev.decoded("DTEND")
    assert (starts.hour, ends.hour) == (1, 4)  # 01:00 CEST until 04:00 CET
    assert ends.astimezone(UTC) - starts.astimezone(UTC) == dt.timedelta(hours=4)
    assert starts.utcoffset() == dt.timedelta(hours=2)
    assert ends.utcoffset() == dt.timedelta(hours=1)
    assert b"DTEND;TZID=Europe/Amsterdam:20261025T040000" in resp.data
    tz = icalendar.Calendar.from_ical(resp.data).walk("VTIMEZONE")[0]
    assert {str(c["TZNAME"]) for c in tz.subcomponents} >= {"CET", "CEST"}


def test_cancelled_event_is_marked_cancelled_with_a_higher_sequence(client):
    event = build_event("Gaat niet door")
    event.created_at = event.updated_at = utcnow() - dt.timedelta(days=3)
    db.session.commit()
    [ev] = _parse(client.get(f"/events/{event.slug}/event.ics")).walk("VEVENT")
    first = int(ev["SEQUENCE"])

    event.status, event.cancelled_at = "cancelled", utcnow()
    db.session.commit()
    [ev] = _parse(client.get(f"/events/{event.slug}/event.ics")).walk("VEVENT")
    assert str(ev["STATUS"]) == "CANCELLED"
    assert int(ev["SEQUENCE"]) > first


def test_ics_of_a_hidden_event_is_404(client, login, make_user, make_space):
    member, outsider = make_user(), make_user()
    space = make_space("secret", members=[member])
    event = build_event("Geheime sessie", space=space)
    db.session.commit()
    assert client.get(f"/events/{event.slug}/event.ics").status_code == 404
    login(outsider)
    assert client.get(f"/events/{event.slug}/event.ics").status_code == 404
    client.post("/logout", data={"csrf_token": csrf_token(client, "/settings")})
    login(member)
    assert client.get(f"/events/{event.slug}/event.ics").status_code == 200


def _make_feed(client) -> str:
    token = csrf_token(client, "/events/calendar")
    resp = client.post("/events/calendar", data={"csrf_token": token})
    assert resp.status_code == 200
    assert "no-store" in resp.headers["Cache-Control"]
    match = re.search(r'value="(http://localhost/events/calendar/([^"]+)\.ics)"',
                      resp.get_data(as_text=True))
    assert match, "the new feed URL is shown once"
    return match.group(1).removeprefix("http://localhost")


def test_personal_feed_lists_registered_and_waitlisted_events(app, client, login, make_user,
                                                              make_space):
    user = make_user()
    space = make_space("secret", members=[user])
    going = build_event("Ik ga", starts_at=utcnow() + dt.timedelta(days=3))
    waiting = build_event("Wachtlijst", starts_at=utcnow() + dt.timedelta(days=4))
    left = build_event("Afgemeld", starts_at=utcnow() + dt.timedelta(days=5))
    in_space = build_event("In de ruimte", space=space,
                           starts_at=utcnow() + dt.timedelta(days=6))
    build_event("Niet aangemeld")
    register(going, user)
    register(waiting, user, status="waitlisted")
    register(left, user, status="cancelled", cancelled_at=utcnow())
    register(in_space, user)
    db.session.commit()

    login(user)
    path = _make_feed(client)
    raw = path.rsplit("/", 1)[1].removesuffix(".ics")
    stored = db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    assert stored.token_hash != raw and raw not in stored.token_hash  # only the hash

    anonymous = app.test_client()  # a calendar program: no login
    cal = _parse(anonymous.get(path))
    status = {str(e["SUMMARY"]): str(e["STATUS"]) for e in cal.walk("VEVENT")}
    assert status == {"Ik ga": "CONFIRMED", "Wachtlijst": "TENTATIVE",
                      "In de ruimte": "CONFIRMED"}
    ev = next(e for e in cal.walk("VEVENT") if str(e["SUMMARY"]) == "Ik ga")
    assert str(ev.decoded("DTSTART").tzinfo) == "Europe/Amsterdam"

    # removed from the space: its event disappears from the feed
    from community.spaces.models import SpaceMembership

    db.session.execute(sa.delete(SpaceMembership).where(SpaceMembership.space_id == space.id))
    db.session.commit()
    cal = _parse(anonymous.get(path))
    assert "In de ruimte" not in {str(e["SUMMARY"]) for e in cal.walk("VEVENT")}

    # the event is cancelled by the organiser: still there, marked cancelled
    going.status = "cancelled"
    db.session.commit()
    cal = _parse(anonymous.get(path))
    assert {str(e["SUMMARY"]): str(e["STATUS"]) for e in cal.walk("VEVENT")}["Ik ga"] == \
        "CANCELLED"


def test_personal_feed_also_lists_what_i_organise_or_present(app, client, login, make_user,
                                                              make_space):
    user = make_user("expert")
    organised = build_event("Ik organiseer", organiser=user)
    presented = build_event("Ik presenteer", presenters=[user])
    outsider_space = make_space("secret")
    build_event("Geheim, ik presenteer", presenters=[user], space=outsider_space)
    build_event("Van een ander")
    db.session.commit()

    login(user)
    cal = _parse(app.test_client().get(_make_feed(client)))
    status = {str(e["SUMMARY"]): str(e["STATUS"]) for e in cal.walk("VEVENT")}
    assert status == {"Ik organiseer": "CONFIRMED", "Ik presenteer": "CONFIRMED"}
    assert organised.id != presented.id


def test_feed_revoke_and_replace(app, client, login, make_user):
    user = make_user()
    register(build_event("Sessie"), user)
    db.session.commit()
    login(user)
    first = _make_feed(client)
    anonymous = app.test_client()
    assert anonymous.get(first).status_code == 200

    second = _make_feed(client)  # a new link replaces the old one
    assert second != first
    assert anonymous.get(first).status_code == 404
    assert anonymous.get(second).status_code == 200
    page = client.get("/events/calendar").get_data(as_text=True)
    assert second not in page  # shown only once

    resp = client.post("/events/calendar/revoke",
                       data={"csrf_token": csrf_token(client, "/events/calendar")})
    assert resp.status_code == 302
    assert anonymous.get(second).status_code == 404
    assert anonymous.get("/events/calendar/nonsense.ics").status_code == 404
    assert "no calendar link" in client.get("/events/calendar").get_data(as_text=True).lower() \
        or "geen agendalink" in client.get("/events/calendar").get_data(as_text=True).lower()


def test_feed_of_a_deactivated_user_is_404(app, client, login, make_user):
    user = make_user()
    login(user)
    path = _make_feed(client)
    user.active = False
    db.session.commit()
    assert app.test_client().get(path).status_code == 404


def test_calendar_pages_need_login_and_csrf(client, login, make_user):
    assert client.get("/events/calendar").status_code == 302
    login(make_user())
    assert client.post("/events/calendar", data={}).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(CalendarFeed.id))) == 0


def test_feed_token_is_redacted_in_logs():
    token = "k3J9xQ_a8Lm2pZr7Tt5vWc1yBn4eHs6dUf0gIo2jK"
    assert token not in redact_path(f"/events/calendar/{token}.ics")
    assert redact_path("/events/calendar") == "/events/calendar"
