"""Every client event: the happy path (stored, then broadcast to the room) and its bad
inputs (error to the sender only, ack ok false, nothing stored, the room unaffected)."""
# ruff: noqa: F811  (fixtures imported from live_helpers)
from __future__ import annotations

import pytest

from community.events.live_models import (
    LiveChatMessage,
    LiveHand,
    LiveMute,
    LivePoll,
    LivePollBallot,
    LiveQuestion,
    LiveQuestionVote,
    LiveRoom,
)
from community.extensions import db

from .live_helpers import (  # noqa: F401
    NS,
    _no_throttle_wait,
    connect,
    emit,
    live_event,
    received,
    seat,
)


@pytest.fixture
def room(app, make_user, live_event):
    """A live event with a presenter, a moderator and two attendees, all connected."""
    presenter = make_user("expert", name="Piet Presentator")
    moderator = make_user("moderator", name="Mona Moderator")
    anna, bram = make_user(name="Anna"), make_user(name="Bram")
    event = live_event(presenters=[presenter])
    seat(anna, event)
    seat(bram, event)
    socks = {name: connect(app, user, event) for name, user in
             (("presenter", presenter), ("moderator", moderator), ("anna", anna),
              ("bram", bram))}
    for s in socks.values():
        received(s)

    class Room:
        pass

    r = Room()
    r.event, r.presenter, r.moderator, r.anna, r.bram = event, presenter, moderator, anna, bram
    r.s = socks
    return r


def refused(sio, name, data, code):
    ack = emit(sio, name, data)
    assert ack["ok"] is False, ack
    assert ack["error"] == code, ack
    assert ack["message"]
    errors = received(sio, "error")
    assert errors and errors[-1]["code"] == code and errors[-1]["event"] == name
    return ack


def quiet(*socks):
    for s in socks:
        assert received(s) == [], received(s)


# ---------------------------------------------------------------- chat

def test_chat_is_stored_then_broadcast(room):
    ack = emit(room.s["anna"], "chat_send", {"body": "  Hallo <b>allemaal</b>\x00 "})
    assert ack["ok"] and ack["id"]
    msg = db.session.get(LiveChatMessage, ack["id"])
    assert msg.body == "Hallo <b>allemaal</b>"  # plain text; clients never render HTML
    for name in ("presenter", "bram", "anna"):
        got = received(room.s[name], "chat_message")
        assert got == [{"id": msg.id, "user": {"id": room.anna.id, "name": "Anna"},
                        "body": "Hallo <b>allemaal</b>", "at": msg.created_at.isoformat()}]


@pytest.mark.parametrize("data", [
    {}, {"body": ""}, {"body": "   "}, {"body": 12}, {"body": None}, {"body": ["a"]},
    {"body": "x" * 1001}, "just a string", [1, 2], 42,
])
def test_chat_bad_input(room, data):
    refused(room.s["anna"], "chat_send", data, "invalid")
    assert db.session.query(LiveChatMessage).count() == 0
    quiet(room.s["bram"])


def test_huge_payload_refused_and_server_keeps_running(room):
    refused(room.s["anna"], "chat_send", {"body": "x" * 50_000}, "invalid")
    refused(room.s["anna"], "chat_send", {"body": "ok", "junk": ["y" * 10] * 1000}, "invalid")
    assert emit(room.s["anna"], "chat_send", {"body": "nog steeds hier"})["ok"]


def test_chat_rate_limit_counts_stored_messages(room, app, monkeypatch):
    monkeypatch.setitem(app.config, "LIVE_CHAT_PER_WINDOW", 3)
    for i in range(3):
        assert emit(room.s["anna"], "chat_send", {"body": f"bericht {i}"})["ok"]
    received(room.s["bram"])
    refused(room.s["anna"], "chat_send", {"body": "te snel"}, "rate_limited")
    assert db.session.query(LiveChatMessage).count() == 3
    quiet(room.s["bram"])
    assert emit(room.s["bram"], "chat_send", {"body": "ik mag wel"})["ok"]  # per person


def test_moderator_deletes_chat_and_unpins(room):
    ack = emit(room.s["anna"], "chat_send", {"body": "Koop nu!!!"})
    assert emit(room.s["presenter"], "pin", {"message_id": ack["id"]})["ok"]
    received(room.s["bram"])
    refused(room.s["bram"], "chat_delete", {"message_id": ack["id"]}, "forbidden")
    assert emit(room.s["moderator"], "chat_delete", {"message_id": ack["id"]})["ok"]
    got = received(room.s["bram"])
    assert ("chat_deleted", {"id": ack["id"]}) in got
    assert ("pinned", {"message": None}) in got
    assert db.session.get(LiveChatMessage, ack["id"]).deleted_at is not None
    refused(room.s["moderator"], "chat_delete", {"message_id": ack["id"]}, "not_found")
    refused(room.s["moderator"], "chat_delete", {"message_id": "1"}, "invalid")


def test_muted_user_cannot_chat_or_ask(room):
    refused(room.s["anna"], "mute", {"user_id": room.bram.id, "muted": True}, "forbidden")
    assert emit(room.s["moderator"], "mute", {"user_id": room.bram.id, "muted": True})["ok"]
    assert received(room.s["anna"], "muted") == [{"user_id": room.bram.id, "muted": True}]
    received(room.s["bram"])
    refused(room.s["bram"], "chat_send", {"body": "hallo?"}, "muted")
    refused(room.s["bram"], "question_ask", {"body": "mag ik iets vragen?"}, "muted")
    assert db.session.query(LiveChatMessage).count() == 0
    assert emit(room.s["moderator"], "mute", {"user_id": room.bram.id, "muted": False})["ok"]
    assert emit(room.s["bram"], "chat_send", {"body": "weer terug"})["ok"]


def test_mute_bad_input(room):
    m = room.s["moderator"]
    refused(m, "mute", {"user_id": room.bram.id}, "invalid")
    refused(m, "mute", {"user_id": room.bram.id, "muted": "yes"}, "invalid")
    refused(m, "mute", {"user_id": 99999999, "muted": True}, "not_found")
    refused(m, "mute", {"user_id": room.presenter.id, "muted": True}, "forbidden")
    assert db.session.query(LiveMute).count() == 0


# ---------------------------------------------------------------- questions

def test_question_ask_vote_once_mark_and_hide(room):
    ack = emit(room.s["anna"], "question_ask", {"body": "Wat kost een KvK-inschrijving?"})
    assert ack["ok"]
    q = received(room.s["bram"], "question")[0]
    assert q["body"] == "Wat kost een KvK-inschrijving?" and q["votes"] == 0
    assert q["status"] == "open" and q["author"]["id"] == room.anna.id

    assert emit(room.s["bram"], "question_vote", {"question_id": ack["id"]}) == \
        {"ok": True, "votes": 1}
    assert received(room.s["anna"], "question_votes") == [{"id": ack["id"], "votes": 1}]
    refused(room.s["bram"], "question_vote", {"question_id": ack["id"]}, "already_voted")
    assert db.session.query(LiveQuestionVote).count() == 1
    assert db.session.get(LiveQuestion, ack["id"]).vote_count == 1

    refused(room.s["anna"], "question_mark", {"question_id": ack["id"], "action": "answered"},
            "forbidden")
    assert emit(room.s["presenter"], "question_mark",
                {"question_id": ack["id"], "action": "highlight"})["ok"]
    assert received(room.s["bram"], "question")[-1]["highlighted"] is True
    assert emit(room.s["presenter"], "question_mark",
                {"question_id": ack["id"], "action": "answered",
                 "answer": "Ongeveer 80 euro."})["ok"]
    q = received(room.s["bram"], "question")[-1]
    assert q["status"] == "answered" and q["answer"] == "Ongeveer 80 euro."
    # presenters mark, moderators hide
    refused(room.s["presenter"], "question_mark", {"question_id": ack["id"], "action": "hide"},
            "forbidden")
    assert emit(room.s["moderator"], "question_mark",
                {"question_id": ack["id"], "action": "hide"})["ok"]
    hidden = received(room.s["bram"], "question")[-1]
    assert hidden["status"] == "hidden" and hidden["body"] == ""
    refused(room.s["anna"], "question_vote", {"question_id": ack["id"]}, "not_found")


def test_highlighting_one_question_unhighlights_the_other(room):
    a = emit(room.s["anna"], "question_ask", {"body": "Eerste vraag"})["id"]
    b = emit(room.s["bram"], "question_ask", {"body": "Tweede vraag"})["id"]
    for qid in (a, b):
        assert emit(room.s["presenter"], "question_mark",
                    {"question_id": qid, "action": "highlight"})["ok"]
    assert [db.session.get(LiveQuestion, i).highlighted for i in (a, b)] == [False, True]


@pytest.mark.parametrize("name,data", [
    ("question_ask", {}), ("question_ask", {"body": 5}), ("question_ask", {"body": "x" * 501}),
    ("question_vote", {}), ("question_vote", {"question_id": "1"}),
    ("question_vote", {"question_id": True}), ("question_vote", {"question_id": -3}),
    ("question_mark", {"question_id": 1}), ("question_mark", {"question_id": 1, "action": "x"}),
])
def test_question_bad_input(room, name, data):
    sock = room.s["presenter"] if name == "question_mark" else room.s["anna"]
    refused(sock, name, data, "invalid")
    assert db.session.query(LiveQuestion).count() == 0
    quiet(room.s["bram"])


def test_question_of_another_event_is_not_found(room, app, make_user, live_event):
    other_event = live_event()
    carl = make_user()
    seat(carl, other_event)
    ack = emit(connect(app, carl, other_event), "question_ask", {"body": "Elders gevraagd"})
    refused(room.s["anna"], "question_vote", {"question_id": ack["id"]}, "not_found")


# ---------------------------------------------------------------- polls

def test_poll_create_vote_once_results_close(room):
    ack = emit(room.s["presenter"], "poll_create",
               {"question": "Waar zit je?", "options": ["Thuis", "Kantoor", "Onderweg"],
                "multiple": False})
    assert ack["ok"]
    poll = received(room.s["anna"], "poll")[0]
    assert poll["status"] == "open" and [o["label"] for o in poll["options"]] == \
        ["Thuis", "Kantoor", "Onderweg"]
    first, second = poll["options"][0]["id"], poll["options"][1]["id"]
    assert emit(room.s["anna"], "poll_vote", {"poll_id": ack["id"], "option_ids": [first]})["ok"]
    assert received(room.s["bram"], "poll_results") == \
        [{"id": ack["id"], "counts": {str(first): 1}, "total": 1}]
    refused(room.s["anna"], "poll_vote", {"poll_id": ack["id"], "option_ids": [second]},
            "already_voted")
    refused(room.s["bram"], "poll_vote", {"poll_id": ack["id"], "option_ids": [first, second]},
            "invalid")  # single choice
    assert db.session.query(LivePollBallot).count() == 1
    refused(room.s["anna"], "poll_close", {"poll_id": ack["id"]}, "forbidden")
    assert emit(room.s["presenter"], "poll_close", {"poll_id": ack["id"]})["ok"]
    closed = received(room.s["bram"], "poll")[-1]
    assert closed["status"] == "closed" and closed["total"] == 1
    refused(room.s["bram"], "poll_vote", {"poll_id": ack["id"], "option_ids": [first]},
            "conflict")


def test_multiple_choice_poll_and_new_poll_closes_the_open_one(room):
    one = emit(room.s["presenter"], "poll_create",
               {"question": "Eerste", "options": ["a", "b"], "multiple": False})["id"]
    two = emit(room.s["presenter"], "poll_create",
               {"question": "Welke onderwerpen?", "options": ["Geld", "Mensen", "Markt"],
                "multiple": True})["id"]
    assert db.session.get(LivePoll, one).status == "closed"
    options = [o.id for o in db.session.get(LivePoll, two).options]
    ack = emit(room.s["bram"], "poll_vote", {"poll_id": two, "option_ids": options[:2]})
    assert ack["ok"] and ack["total"] == 1 and ack["counts"] == {str(options[0]): 1,
                                                                 str(options[1]): 1}


@pytest.mark.parametrize("data", [
    {}, {"question": "Vraag?"}, {"question": "Vraag?", "options": "a,b"},
    {"question": "Vraag?", "options": ["alleen"]},
    {"question": "Vraag?", "options": ["a", "A"]},
    {"question": "Vraag?", "options": ["a", ""]},
    {"question": "Vraag?", "options": ["a", 2]},
    {"question": "Vraag?", "options": [str(i) for i in range(11)]},
    {"question": "Vraag?", "options": ["a", "x" * 201]},
    {"question": "", "options": ["a", "b"]},
    {"question": "Vraag?", "options": ["a", "b"], "multiple": "ja"},
])
def test_poll_create_bad_input(room, data):
    refused(room.s["presenter"], "poll_create", data, "invalid")
    assert db.session.query(LivePoll).count() == 0
    quiet(room.s["anna"])


def test_poll_vote_bad_input(room):
    poll_id = emit(room.s["presenter"], "poll_create",
                   {"question": "Vraag?", "options": ["a", "b"], "multiple": False})["id"]
    received(room.s["bram"])
    for data in ({}, {"poll_id": poll_id}, {"poll_id": poll_id, "option_ids": []},
                 {"poll_id": poll_id, "option_ids": "1"},
                 {"poll_id": poll_id, "option_ids": [True]},
                 {"poll_id": poll_id, "option_ids": [123456]}):
        refused(room.s["anna"], "poll_vote", data, "invalid")
    refused(room.s["anna"], "poll_vote", {"poll_id": 999999, "option_ids": [1]}, "not_found")
    assert db.session.query(LivePollBallot).count() == 0
    quiet(room.s["bram"])


# ---------------------------------------------------------------- hands, session, pin, slide

def test_raise_and_lower_hands(room):
    anna = {"id": room.anna.id, "name": room.anna.name}
    assert emit(room.s["anna"], "hand", {"raised": True}) == \
        {"ok": True, "user_ids": [room.anna.id]}
    assert received(room.s["presenter"], "hands") == [{"user_ids": [room.anna.id],
                                                        "people": [anna]}]
    assert emit(room.s["anna"], "hand", {"raised": True})["ok"]  # idempotent
    assert db.session.query(LiveHand).count() == 1
    refused(room.s["bram"], "hand", {"raised": False, "user_id": room.anna.id}, "forbidden")
    refused(room.s["bram"], "hand", {"raised": True, "user_id": room.anna.id}, "invalid")
    refused(room.s["bram"], "hand", {"raised": "yes"}, "invalid")
    assert emit(room.s["presenter"], "hand", {"raised": False, "user_id": room.anna.id})["ok"]
    assert db.session.query(LiveHand).count() == 0


def test_leaving_lowers_the_hand(room):
    assert emit(room.s["anna"], "hand", {"raised": True})["ok"]
    received(room.s["bram"])
    room.s["anna"].disconnect(NS)
    got = received(room.s["bram"])
    assert ("hands", {"user_ids": [], "people": []}) in got
    presence = [payload for name, payload in got if name == "presence"][-1]
    assert presence["count"] == 3 and room.anna.id not in [p["id"] for p in presence["people"]]


def test_session_start_and_end(room):
    refused(room.s["anna"], "session_control", {"action": "start"}, "forbidden")
    refused(room.s["presenter"], "session_control", {"action": "begin"}, "invalid")
    refused(room.s["presenter"], "session_control", {"action": "end"}, "conflict")
    assert emit(room.s["presenter"], "session_control", {"action": "start"}) == \
        {"ok": True, "status": "live"}
    session = received(room.s["anna"], "session")[0]
    assert session["status"] == "live" and session["started_at"]
    emit(room.s["anna"], "hand", {"raised": True})
    emit(room.s["presenter"], "poll_create", {"question": "Q?", "options": ["a", "b"],
                                              "multiple": False})
    assert emit(room.s["presenter"], "session_control", {"action": "end"})["ok"]
    got = dict(received(room.s["bram"]))
    assert got["session"]["status"] == "ended"
    assert got["hands"] == {"user_ids": [], "people": []}
    assert got["poll"]["status"] == "closed"
    assert db.session.get(LiveRoom, room.event.id).ended_at is not None
    # after the end the room takes no more chat, questions or hands
    refused(room.s["anna"], "chat_send", {"body": "nog iets"}, "session_ended")
    refused(room.s["anna"], "question_ask", {"body": "nog een vraag"}, "session_ended")
    refused(room.s["anna"], "hand", {"raised": True}, "session_ended")


def test_pin_and_unpin(room):
    msg = emit(room.s["anna"], "chat_send", {"body": "Belangrijk!"})["id"]
    received(room.s["bram"])
    refused(room.s["anna"], "pin", {"message_id": msg}, "forbidden")
    refused(room.s["presenter"], "pin", {}, "invalid")
    refused(room.s["presenter"], "pin", {"message_id": "x"}, "invalid")
    refused(room.s["presenter"], "pin", {"message_id": 999999}, "not_found")
    assert emit(room.s["presenter"], "pin", {"message_id": msg})["ok"]
    assert received(room.s["bram"], "pinned")[0]["message"]["body"] == "Belangrijk!"
    assert emit(room.s["moderator"], "pin", {"message_id": None})["ok"]
    assert received(room.s["bram"], "pinned") == [{"message": None}]


def test_slide(room):
    assert emit(room.s["presenter"], "slide", {"url": "https://example.org/dia", "title": "Dia 1"})
    got = received(room.s["anna"], "slide")[0]
    assert got["url"] == "https://example.org/dia" and got["title"] == "Dia 1"
    assert got["presenter"]["id"] == room.presenter.id
    refused(room.s["anna"], "slide", {"url": "https://example.org"}, "forbidden")
    for data in ({"url": "javascript:alert(1)"}, {"url": "data:text/html,x"},
                 {"url": "ftp://x.org/a"}, {"url": 5}, {"url": "https://x.org/" + "a" * 600},
                 {"url": "https://x.org", "title": "t" * 201}):
        refused(room.s["presenter"], "slide", data, "invalid")
    assert db.session.get(LiveRoom, room.event.id).slide_url == "https://example.org/dia"


def test_unknown_event_names_are_ignored(room):
    assert room.s["anna"].emit("drop_tables", {"x": 1}, namespace=NS, callback=True) is None
    assert emit(room.s["anna"], "chat_send", {"body": "nog steeds hier"})["ok"]


def test_presence_names_are_capped_but_the_count_is_complete(app, make_user, live_event):
    app.config["LIVE_PRESENCE_LIST_MAX"] = 2
    try:
        event = live_event()
        people = [make_user(name=f"Deelnemer {i}") for i in range(4)]
        sockets = []
        for user in people:
            seat(user, event)
            sockets.append(connect(app, user, event))
        state = received(connect(app, people[0], event), "state")[0]
        assert state["presence"]["count"] == 4
        assert [u["name"] for u in state["presence"]["people"]] == ["Deelnemer 0", "Deelnemer 1"]
        # a raised hand is named even when its owner is beyond the capped list
        assert emit(sockets[3], "hand", {"raised": True})["ok"]
        hands = received(sockets[0], "hands")[-1]
        assert hands["people"] == [{"id": people[3].id, "name": "Deelnemer 3"}]
    finally:
        app.config["LIVE_PRESENCE_LIST_MAX"] = 50
