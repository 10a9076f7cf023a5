"""Who may enter a live room (the connect handler refuses, not a decorator), what a
(re)joining client receives, and losing access while connected."""
# ruff: noqa: F811  (fixtures imported from live_helpers)
from __future__ import annotations

from community.events.live_models import LivePresence
from community.events.models import Registration
from community.extensions import db

from .live_helpers import (  # noqa: F401
    NS,
    _no_throttle_wait,
    browser,
    connect,
    emit,
    live_event,
    received,
    seat,
)


def test_attendee_connects_and_receives_state(app, make_user, live_event):
    member = make_user(name="Anna Aanwezig")
    event = live_event()
    seat(member, event)
    sio = connect(app, member, event)
    assert sio.is_connected(NS)
    state = received(sio, "state")[0]
    assert state["event_id"] == event.id
    assert state["session"]["status"] == "waiting"
    assert state["me"]["id"] == member.id and state["me"]["can_present"] is False
    assert state["presence"]["count"] == 1
    assert state["presence"]["people"] == [{"id": member.id, "name": "Anna Aanwezig"}]
    # presence is stored per socket; online attendance is recorded
    assert db.session.query(LivePresence).filter_by(event_id=event.id).count() == 1
    reg = db.session.query(Registration).filter_by(event_id=event.id, user_id=member.id).one()
    assert reg.attended_how == "online" and reg.attended_at is not None
    sio.disconnect(NS)
    assert db.session.query(LivePresence).filter_by(event_id=event.id).count() == 0


def test_refused_without_login(app, live_event):
    event = live_event()
    sio = connect(app, None, event)
    assert not sio.is_connected(NS)


def test_refused_when_not_registered_or_waitlisted(app, make_user, live_event):
    event = live_event()
    stranger, waiting, cancelled = make_user(), make_user(), make_user()
    seat(waiting, event, "waitlisted")
    seat(cancelled, event, "cancelled")
    for user in (stranger, waiting, cancelled):
        assert not connect(app, user, event).is_connected(NS)
    assert db.session.query(LivePresence).count() == 0


def test_refused_for_hidden_or_missing_event(app, make_user, make_space, live_event):
    outsider = make_user()
    space = make_space("secret")
    event = live_event(space=space)
    seat(outsider, event)  # even a (stale) seat does not open a room the user cannot see
    assert not connect(app, outsider, event).is_connected(NS)
    assert not connect(app, outsider, event, auth={"event_id": 987654}).is_connected(NS)


def test_refused_with_bad_auth_payload(app, make_user, live_event):
    member = make_user()
    event = live_event()
    seat(member, event)
    client = browser(app, member)
    for auth in ({}, {"event_id": "1"}, {"event_id": True}, {"event_id": None}, {"x": 1}):
        assert not connect(app, member, event, client=client, auth=auth).is_connected(NS)


def test_presenter_organiser_and_staff_enter_without_registration(app, make_user, live_event):
    presenter, moderator = make_user("expert"), make_user("moderator")
    organiser = make_user("partner")
    event = live_event(presenters=[presenter], organiser=organiser)
    for user in (presenter, organiser, moderator):
        sio = connect(app, user, event)
        assert sio.is_connected(NS)
        me = received(sio, "state")[0]["me"]
        assert me["can_present"] is True
    assert me["can_moderate"] is True  # the moderator


def test_foreign_origin_refused(app, make_user, live_event):
    member = make_user()
    event = live_event()
    seat(member, event)
    client = browser(app, member)
    evil = connect(app, member, event, client=client, headers={"Origin": "https://evil.example"})
    assert not evil.is_connected(NS)
    same = connect(app, member, event, client=client, headers={"Origin": "http://localhost"})
    assert same.is_connected(NS)


def test_foreign_origin_refused_by_the_transport_too(app, client):
    """Engine.IO's own check (cors_allowed_origins=None: same origin only) on the handshake."""
    url = "/socket.io/?EIO=4&transport=polling"
    assert client.get(url, headers={"Origin": "https://evil.example"}).status_code == 400
    assert client.get(url, headers={"Origin": "http://localhost"}).status_code == 200


def test_late_joiner_receives_the_current_state(app, make_user, live_event):
    presenter, early, late = make_user("expert"), make_user(), make_user()
    event = live_event(presenters=[presenter])
    seat(early, event)
    seat(late, event)
    p = connect(app, presenter, event)
    a = connect(app, early, event)
    assert emit(p, "session_control", {"action": "start"})["ok"]
    msg = emit(a, "chat_send", {"body": "Goedemorgen allemaal"})
    assert emit(p, "pin", {"message_id": msg["id"]})["ok"]
    q = emit(a, "question_ask", {"body": "Hoe vraag ik subsidie aan?"})
    poll = emit(p, "poll_create", {"question": "Hoe groot is je bedrijf?",
                                    "options": ["1-10", "11-50"], "multiple": False})
    assert emit(a, "hand", {"raised": True})["ok"]
    assert emit(p, "slide", {"url": "https://example.org/dia/3", "title": "Dia 3"})["ok"]
    b = connect(app, late, event)
    state = received(b, "state")[0]
    assert state["session"]["status"] == "live"
    assert state["pinned"]["body"] == "Goedemorgen allemaal"
    assert [m["body"] for m in state["chat"]] == ["Goedemorgen allemaal"]
    assert [x["id"] for x in state["questions"]] == [q["id"]]
    assert state["poll"]["id"] == poll["id"] and state["poll"]["status"] == "open"
    assert [o["label"] for o in state["poll"]["options"]] == ["1-10", "11-50"]
    assert state["hands"] == [early.id]
    assert state["presenters"] == [{"id": presenter.id, "name": presenter.name}]
    assert state["presenting"]["id"] == presenter.id
    assert state["slide"]["url"] == "https://example.org/dia/3"
    assert state["presence"]["count"] == 3
    # sync sends it again, to the sender only
    received(a)
    assert emit(b, "sync")["ok"]
    assert received(b, "state")[0]["event_id"] == event.id
    assert received(a, "state") == []


def test_chat_history_is_limited(app, make_user, live_event, monkeypatch):
    monkeypatch.setitem(app.config, "LIVE_HISTORY", 3)
    monkeypatch.setitem(app.config, "LIVE_CHAT_PER_WINDOW", 100)
    member = make_user()
    event = live_event()
    seat(member, event)
    a = connect(app, member, event)
    for i in range(5):
        assert emit(a, "chat_send", {"body": f"bericht {i}"})["ok"]
    b = connect(app, member, event)
    assert [m["body"] for m in received(b, "state")[0]["chat"]] == \
        ["bericht 2", "bericht 3", "bericht 4"]


def test_cancelled_registration_is_refused_at_the_next_action(app, make_user, live_event):
    member = make_user()
    event = live_event()
    reg = seat(member, event)
    sio = connect(app, member, event)
    # written directly (the cancel use-case refuses after the start; an organiser may still
    # remove someone): the next action is refused, nothing is stored
    db.session.execute(Registration.__table__.update().where(
        Registration.__table__.c.id == reg.id).values(status="cancelled"))
    db.session.commit()
    ack = emit(sio, "chat_send", {"body": "Nog iets?"})
    assert ack["ok"] is False and ack["error"] == "not_attending"
    assert received(sio, "error")[0]["code"] == "not_attending"
    from community.events.live_models import LiveChatMessage
    assert db.session.query(LiveChatMessage).count() == 0


def test_cancelling_through_the_model_closes_the_socket(app, make_user, live_event):
    member = make_user()
    event = live_event()
    reg = seat(member, event)
    sio = connect(app, member, event)
    reg = db.session.get(Registration, reg.id)
    reg.status = "cancelled"
    db.session.commit()
    assert not sio.is_connected(NS)
    assert db.session.query(LivePresence).count() == 0


def test_logout_disconnects_the_socket(app, make_user, live_event):
    member = make_user()
    event = live_event()
    seat(member, event)
    sio = connect(app, member, event)
    other_browser = connect(app, member, event)  # another login session stays
    client = sio.http
    html = client.get("/").get_data(as_text=True)
    import re
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert not sio.is_connected(NS)
    assert other_browser.is_connected(NS)
    # the old cookie is refused too, also for a new socket
    assert not connect(app, member, event, client=client).is_connected(NS)


def test_secret_space_events_never_reach_other_rooms(app, make_user, make_space, live_event):
    insider, outsider = make_user(), make_user()
    space = make_space("secret", members=[insider])
    secret = live_event(space=space)
    public = live_event()
    seat(insider, secret)
    seat(outsider, public)
    seat(insider, public)
    a = connect(app, insider, secret)
    b = connect(app, outsider, public)
    received(b)
    assert emit(a, "chat_send", {"body": "Geheim plan"})["ok"]
    assert emit(a, "question_ask", {"body": "Geheime vraag?"})["ok"]
    assert emit(a, "hand", {"raised": True})["ok"]
    assert received(b) == []
    # the outsider cannot join the secret room by naming it either
    assert not connect(app, outsider, secret).is_connected(NS)


def test_removal_from_a_secret_space_closes_its_live_rooms_at_once(app, make_user, make_space,
                                                                   live_event):
    from community.spaces import memberships

    admin, member, stays = make_user(), make_user(), make_user()
    space = make_space("secret", admin=admin, members=[member, stays])
    event = live_event(space=space)
    seat(member, event)
    seat(stays, event)
    removed, other = connect(app, member, event), connect(app, stays, event)
    assert removed.is_connected(NS) and other.is_connected(NS)
    memberships.remove_member(admin, space, member.id)
    assert not removed.is_connected(NS)
    assert other.is_connected(NS)
    assert not connect(app, member, event).is_connected(NS)


def test_leaving_an_open_space_keeps_its_public_live_room(app, make_user, make_space,
                                                          live_event):
    from community.spaces import memberships

    member = make_user()
    space = make_space("open", members=[member])
    event = live_event(space=space)
    seat(member, event)
    sio = connect(app, member, event)
    memberships.leave(member, space)
    assert sio.is_connected(NS)
