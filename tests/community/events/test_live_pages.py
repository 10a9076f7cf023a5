"""The live-room page, the transcript afterwards, turning audience questions into
knowledge-square questions, and the throttled broadcasts."""
# ruff: noqa: F811  (fixtures imported from live_helpers)
from __future__ import annotations

import re
import threading
import time

from community import realtime
from community.events.live_models import LiveChatMessage, LiveQuestion
from community.extensions import db
from community.qa.models import Answer, Question

from .live_helpers import (  # noqa: F401
    _no_throttle_wait,
    browser,
    connect,
    emit,
    live_event,
    received,
    seat,
)


def _token(client) -> str:
    html = client.get("/").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_room_page_for_attendee_and_presenter(app, make_user, live_event):
    presenter, member = make_user("expert"), make_user()
    event = live_event(presenters=[presenter])
    seat(member, event)
    resp = browser(app, member).get(f"/events/{event.slug}/live")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    assert f'data-event-id="{event.id}"' in html
    assert 'aria-live="polite"' in html and "vendor/socket.io.min.js" in html
    assert 'src="https://meet.jit.si/mkb-limburg-test"' in html
    assert "Presenter controls" not in html and "Presentatorbediening" not in html
    assert 'data-can-present="false"' in html
    assert "<script>" not in html  # no inline script (CSP)
    csp = resp.headers["Content-Security-Policy"]
    assert "frame-src 'self' https://meet.jit.si" in csp
    assert 'camera=(self "https://meet.jit.si"' in resp.headers["Permissions-Policy"]
    html = browser(app, presenter).get(f"/events/{event.slug}/live").get_data(as_text=True)
    assert 'data-can-present="true"' in html and 'data-live-form="poll"' in html


def test_other_pages_keep_the_strict_frame_policy(app, client):
    assert "meet.jit.si" not in client.get("/").headers["Content-Security-Policy"]


def test_room_page_refuses_non_attendee(app, make_user, live_event):
    event = live_event()
    assert browser(app, make_user()).get(f"/events/{event.slug}/live").status_code == 403
    assert app.test_client().get(f"/events/{event.slug}/live").status_code == 302


def test_transcript_and_knowledge_square(app, make_user, live_event, count_queries):
    presenter, member = make_user("expert"), make_user()
    event = live_event(presenters=[presenter])
    seat(member, event)
    p, a = connect(app, presenter, event), connect(app, member, event)
    emit(p, "session_control", {"action": "start"})
    emit(a, "chat_send", {"body": "Goedemiddag!"})
    deleted = emit(a, "chat_send", {"body": "Weg ermee"})["id"]
    moderator = connect(app, make_user("moderator"), event)
    emit(moderator, "chat_delete", {"message_id": deleted})
    qid = emit(a, "question_ask", {"body": "Welke subsidies zijn er voor starters?"})["id"]
    emit(p, "question_mark", {"question_id": qid, "action": "answered",
                              "answer": "Kijk bij de regionale ontwikkelingsmaatschappij."})
    poll = emit(p, "poll_create", {"question": "Nuttig?", "options": ["Ja", "Nee"],
                                   "multiple": False})
    emit(p, "session_control", {"action": "end"})
    assert poll["ok"]

    client = browser(app, member)
    with count_queries() as q:
        resp = client.get(f"/events/{event.slug}/live/transcript")
    assert resp.status_code == 200 and q.count <= 20, q.count
    html = resp.get_data(as_text=True)
    assert "Goedemiddag!" in html and "Weg ermee" not in html
    assert "Welke subsidies zijn er voor starters?" in html
    assert "regionale ontwikkelingsmaatschappij" in html and "Nuttig?" in html
    assert "to-qa" not in html  # only presenters get the button

    # an attendee may not publish; the presenter may, once, with the answer
    url = f"/events/{event.slug}/live/questions/{qid}/to-qa"
    assert client.post(url, data={"csrf_token": _token(client)}).status_code == 403
    pres = browser(app, presenter)
    assert pres.post(url, data={}).status_code == 400  # CSRF
    assert "to-qa" in pres.get(f"/events/{event.slug}/live/transcript").get_data(as_text=True)
    resp = pres.post(url, data={"csrf_token": _token(pres)})
    assert resp.status_code == 302
    live_q = db.session.get(LiveQuestion, qid)
    created = db.session.get(Question, live_q.qa_question_id)
    assert created.title == "Welke subsidies zijn er voor starters?"
    assert resp.headers["Location"].endswith(f"/{created.id}") or str(created.id) in \
        resp.headers["Location"]
    answer = db.session.query(Answer).filter_by(question_id=created.id).one()
    assert "regionale ontwikkelingsmaatschappij" in answer.body_md
    again = pres.post(url, data={"csrf_token": _token(pres)})
    assert again.status_code == 303  # already there: a message, nothing new
    assert db.session.query(Question).filter_by(id=created.id).count() == 1


def test_transcript_refused_for_non_attendee(app, make_user, live_event):
    event = live_event()
    db.session.add(LiveChatMessage(event_id=event.id, body="intern"))
    db.session.commit()
    resp = browser(app, make_user()).get(f"/events/{event.slug}/live/transcript")
    assert resp.status_code == 403 and "intern" not in resp.get_data(as_text=True)


def test_coalescer_sends_first_at_once_and_latest_after_the_interval():
    sent, done = [], threading.Event()
    coalescer = realtime.Coalescer()

    def sender(n):
        def send():
            sent.append(n)
            if n == 9:
                done.set()
        return send

    for n in range(10):
        coalescer.submit("room", sender(n), 0.2)
    assert sent == [0]
    assert done.wait(2)
    time.sleep(0.05)
    assert sent == [0, 9]  # everything in between was coalesced
    coalescer.submit("other-room", sender(20), 0.2)
    assert sent == [0, 9, 20]  # per key


def test_throttled_presence_reaches_the_room(app, make_user, live_event, monkeypatch):
    monkeypatch.setitem(app.config, "LIVE_BROADCAST_INTERVAL", 0.2)
    one, two = make_user(), make_user()
    event = live_event()
    seat(one, event)
    seat(two, event)
    a = connect(app, one, event)
    received(a)
    connect(app, two, event)
    deadline = time.time() + 2
    counts = []
    while time.time() < deadline and 2 not in counts:
        counts += [p["count"] for p in received(a, "presence")]
        time.sleep(0.05)
    assert 2 in counts
