"""The socket access matrix: every client event of namespace /live x every role.

Roles as in the route matrix: ``anonymous`` and ``other`` (not registered) are refused at
connect; ``member`` is a registered attendee, ``partner`` a presenter, ``moderator`` and
``admin`` staff. ``ALLOWED`` lists who gets ``{"ok": true}``; everyone else connected gets
``forbidden``. A client event missing from ``ALLOWED`` fails ``test_every_event_is_covered``.
"""
# ruff: noqa: F811  (fixtures imported from live_helpers)
from __future__ import annotations

import pytest

from community.events import sockets
from community.events.live_models import (
    LiveChatMessage,
    LivePoll,
    LivePollOption,
    LiveQuestion,
    LiveRoom,
)
from community.extensions import db, socketio
from tests.matrix_support import ROLES

from .live_helpers import (  # noqa: F401
    NS,
    _no_throttle_wait,
    connect,
    emit,
    live_event,
    received,
    seat,
)

EVERYONE_INSIDE = {"member", "partner", "moderator", "admin"}
PRESENTERS = {"partner", "moderator", "admin"}
MODERATORS = {"moderator", "admin"}

ALLOWED = {
    "sync": EVERYONE_INSIDE,
    "chat_send": EVERYONE_INSIDE,
    "chat_delete": MODERATORS,
    "mute": MODERATORS,
    "question_ask": EVERYONE_INSIDE,
    "question_vote": EVERYONE_INSIDE,
    "question_mark": PRESENTERS,  # answered / highlight; hide is for moderators (below)
    "question_mark:hide": MODERATORS,
    "poll_create": PRESENTERS,
    "poll_vote": EVERYONE_INSIDE,
    "poll_close": PRESENTERS,
    "hand": EVERYONE_INSIDE,
    "session_control": PRESENTERS,
    "pin": PRESENTERS,
    "slide": PRESENTERS,
}


def _payload(case: str, event, target) -> dict:
    """A valid payload, with fresh objects for each role (so no role sees a conflict)."""
    def message():
        m = LiveChatMessage(event_id=event.id, user_id=target.id, body="Bericht")
        db.session.add(m)
        db.session.commit()
        return m.id

    def question():
        q = LiveQuestion(event_id=event.id, author_id=target.id, body="Vraag?", vote_count=0,
                         status="open", highlighted=False)
        db.session.add(q)
        db.session.commit()
        return q.id

    def poll():
        p = LivePoll(event_id=event.id, question="Peiling?", multiple=False, status="open")
        p.options = [LivePollOption(position=0, label="Ja"), LivePollOption(position=1,
                                                                           label="Nee")]
        db.session.add(p)
        db.session.commit()
        return p

    if case == "session_control":
        db.session.query(LiveRoom).filter_by(event_id=event.id).delete()
        db.session.commit()
        return {"action": "start"}
    if case == "poll_vote":
        p = poll()
        return {"poll_id": p.id, "option_ids": [p.options[0].id]}
    return {
        "sync": lambda: {},
        "chat_send": lambda: {"body": "Hallo"},
        "chat_delete": lambda: {"message_id": message()},
        "mute": lambda: {"user_id": target.id, "muted": True},
        "question_ask": lambda: {"body": "Een vraag?"},
        "question_vote": lambda: {"question_id": question()},
        "question_mark": lambda: {"question_id": question(), "action": "answered"},
        "question_mark:hide": lambda: {"question_id": question(), "action": "hide"},
        "poll_create": lambda: {"question": "Peiling?", "options": ["a", "b"],
                                "multiple": False},
        "poll_close": lambda: {"poll_id": poll().id},
        "hand": lambda: {"raised": True},
        "pin": lambda: {"message_id": message()},
        "slide": lambda: {"url": "https://example.org/dia", "title": "Dia"},
    }[case]()


def test_every_event_is_covered():
    handlers = set(socketio.server.handlers[NS]) - {"connect", "disconnect"}
    assert handlers == {case.split(":")[0] for case in ALLOWED}
    assert sockets.NAMESPACE == NS


@pytest.fixture
def world(app, make_user, live_event):
    users = {"anonymous": None, "member": make_user(), "other": make_user(),
             "partner": make_user("partner"), "moderator": make_user("moderator"),
             "admin": make_user("admin")}
    target = make_user(name="Doelwit")
    event = live_event(presenters=[users["partner"]], organiser=make_user("partner"))
    seat(users["member"], event)
    seat(target, event)
    return users, target, event


@pytest.mark.parametrize("case", sorted(ALLOWED))
def test_socket_matrix(app, world, case):
    users, target, event = world
    name = case.split(":")[0]
    failures = []
    for role in ROLES:
        sio = connect(app, users[role], event)
        if role in ("anonymous", "other"):
            if sio.is_connected(NS):
                failures.append(f"{role} connected")
            continue
        ack = emit(sio, name, _payload(case, event, target))
        want_ok = role in ALLOWED[case]
        if want_ok and not ack.get("ok"):
            failures.append(f"{case} as {role}: {ack}")
        if not want_ok and (ack.get("ok") or ack.get("error") != "forbidden"):
            failures.append(f"{case} as {role}: {ack}, expected forbidden")
        sio.disconnect(NS)
    assert not failures, "\n".join(failures)
