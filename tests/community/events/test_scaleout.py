"""Two real server processes share one live room through Redis.

``community serve`` twice on one database (a SQLite file, or a fresh PostgreSQL
database), both with ``COMMUNITY_REDIS_URL``; on PostgreSQL the second one runs
``--production`` (gevent) when gevent is installed, so the two async modes also meet.
Real users log in over HTTP and real ``python-socketio`` clients (websocket transport)
connect to different processes: each sees the other's chat, question votes and poll
(created on one process, voted on the other, results on both). A third process without
any socket server (as a command-line job or an HTTP worker would) publishes to the room
through the queue, and both clients hear it.
"""
from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys
import textwrap
import threading
import time
from contextlib import ExitStack

import pytest
import socketio

from bench import live
from bench import server as bench_server
from tests.community.search.test_processes import shared_database  # noqa: F401  (fixture)

pytestmark = [pytest.mark.slow, pytest.mark.redis]

PREPARE = textwrap.dedent("""
    import logging, sys
    logging.disable(logging.WARNING)
    from bench import live
    data = live.prepare(sys.argv[1], sys.argv[2], users=6)
    print(data.to_json())
""")

PUBLISH = textwrap.dedent("""
    import logging, sys
    logging.disable(logging.WARNING)
    import sqlalchemy as sa
    from community.app import create_app
    from community.events.payloads import Slide
    from community.extensions import db
    from community.realtime import publish

    app = create_app()
    assert app.config["REDIS_URL"]
    sys.stdin.readline()  # created in advance; publish when the test says so
    with app.app_context():
        db.session.execute(sa.select(1))
        publish(f"event:{sys.argv[1]}", Slide(url="https://example.org/dia-3", title="Dia 3"))
        db.session.commit()
""")

WAIT = 15.0


class Listener:
    """A real Socket.IO client that keeps every server-to-client event it hears."""

    EVENTS = ("state", "chat_message", "question", "question_votes", "poll", "poll_results",
              "slide", "session", "error", "presence")

    def __init__(self, name: str) -> None:
        self.name = name
        self.client = socketio.Client(reconnection=False, request_timeout=WAIT)
        self.heard: list[tuple[str, dict]] = []
        self._cond = threading.Condition()
        for event in self.EVENTS:
            self.client.on(event, self._recorder(event), namespace=live.NAMESPACE)

    def _recorder(self, event: str):
        def record(data=None):
            with self._cond:
                self.heard.append((event, data))
                self._cond.notify_all()
        return record

    def connect(self, srv, cookie: str, event_id: int) -> None:
        try:
            self.client.connect(srv.base_url, headers={"Cookie": cookie},
                                auth={"event_id": event_id}, namespaces=[live.NAMESPACE],
                                transports=["websocket"], wait_timeout=WAIT)
        except socketio.exceptions.ConnectionError as exc:
            message = f"{self.name} could not connect: {exc}\n{srv.log_tail(80)}"
            raise AssertionError(message) from exc
        assert self.client.transport() == "websocket"

    def call(self, event: str, data: dict) -> dict:
        ack = self.client.call(event, data, namespace=live.NAMESPACE, timeout=WAIT)
        assert isinstance(ack, dict) and ack.get("ok"), (self.name, event, ack)
        return ack

    def wait_for(self, event: str, match=lambda data: True) -> dict:
        deadline = time.monotonic() + WAIT
        with self._cond:
            while True:
                for name, data in self.heard:
                    if name == event and match(data):
                        return data
                left = deadline - time.monotonic()
                if left <= 0:
                    heard = [n for n, _ in self.heard]
                    raise AssertionError(f"{self.name} never heard {event} (heard {heard})")
                self._cond.wait(left)


def _disconnect_all(listeners: list[Listener]) -> None:
    """Side by side: a client's disconnect can take seconds (it waits for its reader)."""
    threads = [threading.Thread(target=listener.client.disconnect) for listener in listeners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)


def test_two_processes_share_chat_votes_and_polls_through_redis(tmp_path, shared_database,  # noqa: F811
                                                                redis_url):
    url = shared_database
    instance = tmp_path / "instance"
    instance.mkdir()
    base_env = bench_server.server_env(str(instance), url, env="development")
    prepared = subprocess.run([sys.executable, "-c", PREPARE, url, str(instance)],  # noqa: S603
                              env=base_env, capture_output=True, text=True, timeout=120)
    assert prepared.returncode == 0, prepared.stderr[-3000:]
    data = json.loads(prepared.stdout.strip().splitlines()[-1])
    event_id = data["event_id"]

    env = live.live_env(str(instance), url, secret=secrets.token_urlsafe(32),
                        redis_url=redis_url, env="development",
                        extra={"COMMUNITY_LIVE_BROADCAST_INTERVAL": "0.1"})
    listeners: list[Listener] = []
    with ExitStack() as stack:
        publisher = subprocess.Popen([sys.executable, "-c", PUBLISH, str(event_id)],  # noqa: S603
                                     env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        stack.callback(publisher.kill)
        # gevent only on PostgreSQL: on SQLite a greenlet waiting for the write lock
        # blocks its whole process (see docs/deploy.md)
        gevent = live.have_gevent() and url.startswith("postgresql")
        one, two = live.start_servers(str(instance), [(env, "one", False),
                                                      (env, "two", gevent)])
        stack.callback(one.stop)
        stack.callback(two.stop)
        assert "(threading)" in one.log_tail()
        assert ("(gevent)" if gevent else "(threading)") in two.log_tail()

        organiser_cookie, *cookies = live.login_all(one.port, data["emails"][:3],
                                                    data["password"], threads=3)
        # the organiser (an admin) and Anna on process one, Bram on process two
        organiser, anna, bram = Listener("organiser"), Listener("anna"), Listener("bram")
        listeners += [organiser, anna, bram]
        stack.callback(_disconnect_all, listeners)
        organiser.connect(one, organiser_cookie, event_id)
        anna.connect(one, cookies[0], event_id)
        bram.connect(two, cookies[1], event_id)
        for listener in listeners:
            assert listener.wait_for("state")["event_id"] == event_id
        organiser.call("session_control", {"action": "start"})
        bram.wait_for("session", lambda d: d["status"] == "live")

        # chat both ways
        anna.call("chat_send", {"body": "Goedemorgen vanaf proces één"})
        bram.call("chat_send", {"body": "Hallo vanaf proces twee"})
        for listener in listeners:
            listener.wait_for("chat_message", lambda d: d["body"] == "Goedemorgen vanaf proces één")
            listener.wait_for("chat_message", lambda d: d["body"] == "Hallo vanaf proces twee")

        # a question asked on process two, voted on from both
        bram.call("question_ask", {"body": "Hoe vraag ik de subsidie aan?"})
        question = anna.wait_for("question", lambda d: d["body"].startswith("Hoe vraag"))
        anna.call("question_vote", {"question_id": question["id"]})
        bram.wait_for("question_votes", lambda d: d["id"] == question["id"] and d["votes"] == 1)
        organiser.call("question_vote", {"question_id": question["id"]})
        bram.wait_for("question_votes", lambda d: d["id"] == question["id"] and d["votes"] == 2)
        anna.wait_for("question_votes", lambda d: d["id"] == question["id"] and d["votes"] == 2)

        # a poll created on process one, voted on process two, results on both
        organiser.call("poll_create", {"question": "Welke dag past?",
                                       "options": ["Dinsdag", "Donderdag"], "multiple": False})
        poll = bram.wait_for("poll", lambda d: d["question"] == "Welke dag past?")
        thursday = next(o["id"] for o in poll["options"] if o["label"] == "Donderdag")
        bram.call("poll_vote", {"poll_id": poll["id"], "option_ids": [thursday]})
        for listener in (organiser, anna, bram):
            listener.wait_for("poll_results", lambda d: d["id"] == poll["id"]
                              and d["counts"].get(str(thursday)) == 1)

        # a process without a socket server publishes through the queue
        out, err = publisher.communicate("go\n", timeout=60)
        assert publisher.returncode == 0, err[-3000:]
        for listener in (anna, bram):
            slide = listener.wait_for("slide", lambda d: d.get("title") == "Dia 3")
            assert slide["url"] == "https://example.org/dia-3"

        assert not [d for n, d in anna.heard + bram.heard if n == "error"]
    # No server failed on anything, also on SQLite: socket handlers take the write lock
    # when they begin (community/db.py), so two processes writing presence, chat and votes
    # at once wait their turn instead of meeting "database is locked".
    failures = [line for srv in (one, two)
                for line in srv.log_path.read_text(errors="replace").splitlines()
                if re.match(r"^[\w.]+(Error|Exception): ", line)]
    assert failures == []

    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:  # everything heard was stored first
        bodies = conn.scalars(sa.text("SELECT body FROM live_chat_message WHERE event_id = :e "
                                      "ORDER BY id"), {"e": event_id}).all()
        votes = conn.scalar(sa.text("SELECT count(*) FROM live_question_vote"))
    engine.dispose()
    assert bodies == ["Goedemorgen vanaf proces één", "Hallo vanaf proces twee"]
    assert votes == 2
