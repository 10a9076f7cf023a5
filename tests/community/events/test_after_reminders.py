"""Reminder e-mails: once per mark, not for cancelled things, in the user's language."""
from __future__ import annotations

import datetime as dt

import pytest

from community.db import utcnow
from community.events import reminders
from community.events.models import Registration
from community.extensions import db
from tests.community.events.matrix_after import register

START = dt.datetime(2030, 1, 15, 9, 0, tzinfo=dt.UTC)  # 10:00 in Amsterdam (winter)


@pytest.fixture
def mail_context(app):
    with app.test_request_context("/", base_url=app.config["SERVER_NAME_FOR_MAIL"]):
        yield


def _send(hours_before: float):
    return reminders.send_due(now=START - dt.timedelta(hours=hours_before))


def test_each_reminder_is_sent_once(mail_context, make_event, make_user, outbox):
    user = make_user(name="Anouk", locale="en")
    event = make_event("Masterclass groei", starts_at=START)
    register(event, user)
    db.session.commit()

    assert _send(30) == [] and outbox == []  # not yet
    sent = _send(23)
    assert [(s.user_id, s.hours) for s in sent] == [(user.id, 24)]
    assert len(outbox) == 1
    msg = outbox[0]
    assert msg["To"] == user.email
    assert "Masterclass groei" in msg["Subject"] and "Reminder" in msg["Subject"]
    body = msg.get_content()
    assert "Hello Anouk" in body
    assert "10:00" in body  # Europe/Amsterdam, not 09:00 UTC
    assert "January 15, 2030" in body or "15 January 2030" in body
    assert f"/events/{event.slug}" in body and "event.ics" in body

    assert _send(22) == [] and len(outbox) == 1  # cron again: nothing new
    assert [s.hours for s in _send(0.5)] == [1]
    assert len(outbox) == 2
    assert _send(0.2) == [] and len(outbox) == 2
    reg = db.session.scalar(db.select(Registration).where(Registration.user_id == user.id))
    assert ",24," in reg.reminders_sent and ",1," in reg.reminders_sent


def test_dutch_reminder_and_late_registration_gets_only_the_closest(mail_context, make_event,
                                                                    make_user, outbox):
    user = make_user(name="Joep", locale="nl")
    event = make_event("Workshop export", starts_at=START)
    register(event, user)
    db.session.commit()

    sent = _send(0.5)  # registered late: the 1-hour reminder only, one mail
    assert [s.hours for s in sent] == [1]
    assert len(outbox) == 1
    body = outbox[0].get_content()
    assert "Hallo Joep" in body or "Beste Joep" in body or "Joep" in body
    assert "januari" in body and "10:00" in body
    assert _send(0.4) == [] and len(outbox) == 1


def test_no_reminders_for_cancelled_or_waitlisted(mail_context, make_event, make_user, outbox):
    cancelled_event = make_event("Afgelast", starts_at=START)
    cancelled_event.status = "cancelled"
    event = make_event("Gaat door", starts_at=START)
    register(cancelled_event, make_user())
    register(event, make_user(), status="cancelled", cancelled_at=utcnow())
    register(event, make_user(), status="waitlisted")
    off = make_user()
    register(event, off)
    from community.notifications.models import NotificationPreference

    db.session.add(NotificationPreference(user_id=off.id, email_mode="off"))
    gone = make_user()
    register(event, gone)
    gone.active = False
    db.session.commit()

    assert _send(1) == []
    assert outbox == []
    assert _send(-1) == []  # started: never


def test_cli_command_sends_due_reminders_once(app, make_event, make_user, outbox):
    user = make_user()
    event = make_event("Bijna", starts_in=dt.timedelta(minutes=40))
    register(event, user)
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["events", "remind"])
    assert result.exit_code == 0, result.output
    assert "sent 1 reminder" in result.output
    assert len(outbox) == 1
    result = runner.invoke(args=["events", "remind"])
    assert "sent 0 reminder" in result.output
    assert len(outbox) == 1
