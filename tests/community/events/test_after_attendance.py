"""Check-in by code, present marks by the organiser, online attendance and no-shows."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from community.db import utcnow
from community.events import attendance
from community.events.models import Registration
from community.extensions import db
from tests.community.events.conftest import post_form
from tests.community.events.matrix_after import register
from tests.conftest import csrf_token


def _logout(client):
    client.post("/logout", data={"csrf_token": csrf_token(client, "/settings")})


def _running(make_event, **fields):
    fields.setdefault("format", "in_person")
    fields.setdefault("address", "Avantis, Heerlen")
    return make_event(starts_in=-dt.timedelta(minutes=15), **fields)


def _reg(event, user) -> Registration:
    return db.session.scalar(sa.select(Registration).where(
        Registration.event_id == event.id, Registration.user_id == user.id))


def test_check_in_with_the_code(client, login, make_event, make_user):
    user = make_user()
    event = _running(make_event, checkin_code="KX7P2Q")
    register(event, user)
    db.session.commit()
    login(user)
    page = client.get(f"/events/{event.slug}/checkin").get_data(as_text=True)
    assert 'name="code"' in page and "KX7P2Q" not in page  # the code is not given away

    resp = post_form(client, f"/events/{event.slug}/checkin", {"code": "kx7 p2q"})
    assert resp.status_code == 302
    reg = _reg(event, user)
    assert reg.attended_at is not None and reg.attended_how == "in_person"
    first = reg.attended_at
    # checking in twice is harmless: the first time is kept
    assert post_form(client, f"/events/{event.slug}/checkin",
                     {"code": "KX7P2Q"}).status_code == 302
    db.session.expire_all()
    assert _reg(event, user).attended_at == first


def test_a_wrong_code_is_refused_and_nothing_is_written(client, login, make_event, make_user):
    user = make_user()
    event = _running(make_event, checkin_code="KX7P2Q")
    register(event, user)
    db.session.commit()
    login(user)
    for code in ("KX7P2R", "", "x" * 5000):
        resp = post_form(client, f"/events/{event.slug}/checkin", {"code": code})
        assert resp.status_code == 400
        html = resp.get_data(as_text=True)
        assert 'aria-invalid="true"' in html
        assert "check-in code" in html.lower() or "incheckcode" in html.lower()
    db.session.expire_all()
    assert _reg(event, user).attended_at is None


def test_check_in_refusals(client, login, make_event, make_user):
    user, stranger, waiting = make_user(), make_user(), make_user()
    running = _running(make_event)
    later = make_event(format="in_person", address="Heerlen", starts_in=dt.timedelta(hours=3))
    online = make_event(starts_in=-dt.timedelta(minutes=5))
    ended = make_event(format="in_person", address="Heerlen", starts_in=-dt.timedelta(hours=5))
    for event in (running, later, online, ended):
        register(event, user)
    register(running, waiting, status="waitlisted")
    db.session.commit()

    login(user)
    code = {"code": "ABC234"}
    assert post_form(client, f"/events/{later.slug}/checkin", code).status_code == 409
    assert post_form(client, f"/events/{online.slug}/checkin", code).status_code == 409
    assert post_form(client, f"/events/{ended.slug}/checkin", code).status_code == 409
    _logout(client)
    login(stranger)
    assert post_form(client, f"/events/{running.slug}/checkin", code).status_code == 403
    _logout(client)
    login(waiting)
    assert post_form(client, f"/events/{running.slug}/checkin", code).status_code == 403
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Registration.id))
                             .where(Registration.attended_at.is_not(None))) == 0


def test_organiser_marks_present_and_absent(client, login, make_event, make_user):
    organiser, user = make_user("partner"), make_user(name="Bram Aanwezig")
    event = _running(make_event, organiser=organiser)
    reg = register(event, user)
    db.session.commit()

    login(user)  # an attendee may not mark
    assert post_form(client, f"/events/{event.slug}/attendance/{reg.id}",
                     {"present": "1"}).status_code == 403
    _logout(client)

    login(organiser)
    page = client.get(f"/events/{event.slug}/checkin").get_data(as_text=True)
    assert "ABC234" in page and "Bram Aanwezig" in page
    assert post_form(client, f"/events/{event.slug}/attendance/{reg.id}",
                     {"present": "1"}).status_code == 302
    db.session.expire_all()
    assert _reg(event, user).attended_how == "in_person"
    assert post_form(client, f"/events/{event.slug}/attendance/{reg.id}",
                     {"present": "0"}).status_code == 302
    db.session.expire_all()
    assert _reg(event, user).attended_at is None
    assert post_form(client, f"/events/{event.slug}/attendance/999999",
                     {"present": "1"}).status_code == 404


def test_record_online_is_idempotent_and_only_for_registered(make_event, make_user):
    user, waiting, stranger = make_user(), make_user(), make_user()
    event = make_event(starts_in=-dt.timedelta(minutes=1))
    register(event, user)
    register(event, waiting, status="waitlisted")
    later = make_event(starts_in=dt.timedelta(days=1))
    register(later, user)
    db.session.commit()

    assert attendance.record_online(user, event) is True
    first = _reg(event, user).attended_at
    assert attendance.record_online(user, event) is False  # a reconnect changes nothing
    db.session.expire_all()
    assert _reg(event, user).attended_at == first
    assert _reg(event, user).attended_how == "online"
    assert attendance.record_online(waiting, event) is False
    assert attendance.record_online(stranger, event) is False
    assert attendance.record_online(user, later) is False  # outside the window
    db.session.expire_all()
    assert _reg(event, waiting).attended_at is None
    assert _reg(later, user).attended_at is None


def test_noshow_counts_per_person_and_per_event(client, login, make_event, make_user,
                                                count_queries):
    staff, absent, present = make_user("moderator"), make_user(name="Nina Noshow"), \
        make_user(name="Piet Present")
    past = [make_event(f"Voorbij {i}", starts_in=-dt.timedelta(days=i + 2)) for i in range(3)]
    for event in past:
        register(event, absent)
        register(event, present, attended_at=event.starts_at, attended_how="online")
    cancelled = make_event("Afgelast", starts_in=-dt.timedelta(days=9), status="cancelled")
    register(cancelled, absent)  # a cancelled event is no no-show
    upcoming = make_event("Komt nog")
    register(upcoming, absent)  # not ended yet
    left = make_event("Afgemeld", starts_in=-dt.timedelta(days=8))
    register(left, absent, status="cancelled", cancelled_at=utcnow())
    db.session.commit()

    rows = {r.user.name: (r.noshows, r.attended) for r in attendance.noshows_per_person()}
    assert rows == {"Nina Noshow": (3, 0)}
    assert attendance.noshows_of(absent) == 3 and attendance.noshows_of(present) == 0
    per_event = {r.event.title: (r.registered, r.attended, r.noshows)
                 for r in attendance.noshows_per_event()}
    assert per_event == {f"Voorbij {i}": (2, 1, 1) for i in range(3)}
    person = attendance.noshows_per_person()[0]
    assert person.last_noshow is not None and person.last_noshow.tzinfo is not None

    login(staff)
    with count_queries() as q:
        resp = client.get("/events/noshows?period=all")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert "Nina Noshow" in html and "Piet Present" not in html.split("per-event")[0]
    assert "Voorbij 0" in html
    assert q.count <= 10  # constant: one query per list, not per row


def test_noshows_page_is_for_the_programme_office(client, login, make_user):
    assert client.get("/events/noshows").status_code == 302
    login(make_user("partner"))
    assert client.get("/events/noshows").status_code == 403
