"""Registration: capacity and the waitlist, promotion in order, deadlines, double
registration, cancelling (by the attendee or the organiser: everyone hears it), the
subscription check, and capacity that holds under concurrent registrations (PostgreSQL)."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from community.db import utcnow
from community.errors import Conflict, Forbidden
from community.events import registration
from community.events.models import Registration
from community.extensions import db
from community.notifications.models import Notification
from tests.concurrency_support import fresh_postgres, run_all  # noqa: F401

pytestmark = pytest.mark.usefixtures("english")  # asserts English messages


def _kinds(user) -> list[str]:
    return list(db.session.scalars(sa.select(Notification.kind)
                                   .where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def _status(event) -> dict[int, str]:
    return {r.user_id: r.status for r in db.session.scalars(
        sa.select(Registration).where(Registration.event_id == event.id))}


def test_capacity_then_waitlist_then_promotion_in_order(app, make_event, make_user):
    event = make_event(capacity=2)
    a, b, c, d, e = (make_user() for _ in range(5))
    assert [registration.register(u, event).status for u in (a, b, c, d, e)] == [
        "registered", "registered", "waitlisted", "waitlisted", "waitlisted"]
    assert registration.waitlist_position(registration.active_registration(d, event)) == 2
    registration.cancel(a, event)
    assert _status(event)[c.id] == "registered" and _status(event)[d.id] == "waitlisted"
    assert _kinds(c) == ["event_waitlisted", "event_promoted"]
    assert _kinds(d) == ["event_waitlisted"]
    # leaving the waitlist frees nothing
    registration.cancel(e, event)
    assert _status(event)[d.id] == "waitlisted"
    registration.cancel(b, event)
    assert _status(event)[d.id] == "registered"
    assert registration.seats_taken(event) == 2


def test_registering_again_after_cancelling_goes_to_the_back(app, make_event, make_user):
    event = make_event(capacity=1)
    a, b, c = make_user(), make_user(), make_user()
    registration.register(a, event)
    registration.register(b, event)
    registration.cancel(b, event)
    registration.register(c, event)
    again = registration.register(b, event)
    assert again.status == "waitlisted"
    assert registration.waitlist_position(again) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)
                             .where(Registration.user_id == b.id)) == 1


def test_double_registration_is_refused(app, make_event, make_user):
    event = make_event(capacity=1)
    a, b = make_user(), make_user()
    registration.register(a, event)
    registration.register(b, event)
    with pytest.raises(Conflict, match="already registered"):
        registration.register(a, event)
    with pytest.raises(Conflict, match="already on the waitlist"):
        registration.register(b, event)
    assert registration.seats_taken(event) == 1


def test_closed_registration(app, make_event, make_user):
    user = make_user()
    passed = make_event(registration_deadline=utcnow() - dt.timedelta(hours=1))
    started = make_event(starts_in=dt.timedelta(minutes=-5))
    cancelled = make_event(status="cancelled", cancelled_at=utcnow())
    for event, text in ((passed, "deadline"), (started, "started"),
                        (cancelled, "cancelled")):
        with pytest.raises(Conflict, match=text):
            registration.register(user, event)
    unconfirmed = make_user(confirmed=False)
    with pytest.raises(Forbidden):
        registration.register(unconfirmed, make_event())
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


def test_zero_capacity_means_waitlist_only(app, make_event, make_user):
    event = make_event(capacity=0)
    assert registration.register(make_user(), event).status == "waitlisted"


def test_cancel_after_start_is_refused(app, make_event, make_user):
    event = make_event(starts_in=dt.timedelta(days=1))
    user = make_user()
    registration.register(user, event)
    event.starts_at = utcnow() - dt.timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(Conflict):
        registration.cancel(user, event)
    with pytest.raises(Conflict, match="not registered"):
        registration.cancel(make_user(), make_event())


def test_subscription_required(app, make_event, make_user, monkeypatch):
    from community.billing import entitlements

    event = make_event(requires_subscription=True)
    user = make_user()
    asked = []

    def no_access(company, feature):
        asked.append(feature)
        return False

    monkeypatch.setattr(entitlements, "has_access", no_access)
    with pytest.raises(Forbidden, match="subscription"):
        registration.register(user, event)
    assert asked == ["events.subscriber_only"]
    monkeypatch.undo()
    assert registration.register(user, event).status == "registered"  # billing default: yes


def test_organiser_cancels_everyone_hears_it(app, make_event, make_user, outbox):
    organiser = make_user("partner")
    event = make_event(capacity=1, organiser=organiser)
    seated, waiting = make_user(name="Lotte Hoeve"), make_user(name="Iris Web")
    gone = make_user()
    registration.register(gone, event)
    registration.cancel(gone, event)
    registration.register(seated, event)
    registration.register(waiting, event)
    outbox.clear()
    registration.cancel_event(organiser, event, "Te weinig aanmeldingen")
    assert event.is_cancelled and event.cancel_reason == "Te weinig aanmeldingen"
    assert _kinds(seated)[-1] == "event_cancelled"
    assert _kinds(waiting)[-1] == "event_cancelled"
    assert "event_cancelled" not in _kinds(gone)
    assert sorted(m["To"] for m in outbox) == sorted([seated.email, waiting.email])
    assert all("Te weinig aanmeldingen" in m.get_content() for m in outbox)
    with pytest.raises(Conflict):
        registration.cancel_event(organiser, event)
    with pytest.raises(Conflict, match="cancelled"):
        registration.register(make_user(), event)


def test_only_the_organiser_or_staff_cancels(app, make_event, make_user):
    event = make_event()
    with pytest.raises(Forbidden):
        registration.cancel_event(make_user("partner"), event)
    registration.cancel_event(make_user("moderator"), event)
    assert event.is_cancelled


def test_raising_capacity_promotes_the_waitlist(app, make_event, make_user):
    from community.events import services

    organiser = make_user("partner")
    event = make_event(capacity=1, organiser=organiser)
    people = [make_user() for _ in range(3)]
    for p in people:
        registration.register(p, event)
    data = dict(title=event.title, kind=event.kind, description="Nieuw", format="online",
                conference_url=event.conference_url, starts_at=event.starts_at,
                ends_at=event.ends_at, capacity=2)
    services.edit_event(organiser, event, data)
    assert [_status(event)[p.id] for p in people] == ["registered", "registered",
                                                      "waitlisted"]
    with pytest.raises(Exception, match="capacity cannot be lower"):
        services.edit_event(organiser, event, {**data, "capacity": 1})


# ---------------------------------------------------------------- concurrency (PostgreSQL)

def test_capacity_holds_under_concurrent_registrations_and_cancels(tmp_path, fresh_postgres):  # noqa: F811
    from flask_migrate import upgrade

    from community.accounts.models import User
    from community.app import create_app
    from community.events.models import Event
    from tests.conftest import base_config

    config = base_config(tmp_path, fresh_postgres)
    config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_size": 10, "max_overflow": 40}
    app = create_app(config)
    with app.app_context():
        upgrade(revision="heads")
        users = [User(email=f"deelnemer{i}@example.org", name=f"Deelnemer {i}",
                      role="member", password_hash="x", confirmed_at=utcnow())
                 for i in range(40)]
        db.session.add_all(users)
        starts = utcnow() + dt.timedelta(days=3)
        event = Event(slug="drukke-masterclass", title="Drukke masterclass",
                      kind="masterclass", format="online", description_md="x",
                      description_html="x", starts_at=starts,
                      ends_at=starts + dt.timedelta(hours=2), capacity=5,
                      checkin_code="CONCUR", status="published")
        db.session.add(event)
        db.session.commit()
        user_ids, event_id = [u.id for u in users], event.id

    def act(user_id: int, what):
        def fn():
            with app.app_context(), app.test_request_context("/"):
                user = db.session.get(User, user_id)
                ev = db.session.get(Event, event_id)
                what(user, ev)
        return fn

    errors = run_all([act(i, registration.register) for i in user_ids[:30]])
    assert errors == []
    with app.app_context():
        statuses = list(db.session.scalars(sa.select(Registration.status)
                                           .where(Registration.event_id == event_id)))
        assert statuses.count("registered") == 5 and statuses.count("waitlisted") == 25
        seated = list(db.session.scalars(sa.select(Registration.user_id).where(
            Registration.event_id == event_id, Registration.status == "registered")))

    # the five seated cancel while ten newcomers register: never more than five seats
    fns = [act(i, registration.cancel) for i in seated]
    fns += [act(i, registration.register) for i in user_ids[30:]]
    errors = run_all(fns)
    assert errors == []
    with app.app_context():
        rows = list(db.session.scalars(sa.select(Registration)
                                       .where(Registration.event_id == event_id)
                                       .order_by(Registration.created_at,
                                                 Registration.id)))
        assert sum(r.status == "registered" for r in rows) == 5
        promoted = [r for r in rows if r.promoted_at is not None]
        assert len(promoted) == 5
        waiting_before = [r for r in rows if r.user_id in user_ids[:30]
                          and r.user_id not in seated]
        # the first five of the original waitlist got the places, in order
        assert {r.user_id for r in promoted} == {r.user_id for r in waiting_before[:5]}
        db.engine.dispose()
