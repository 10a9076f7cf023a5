"""Helpers for the live-room tests: a live event (started ten minutes ago), seats written
directly (the registration use-case refuses once an event has started), and Socket.IO test
clients that share a logged-in HTTP client's cookies (one browser per person)."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from community.extensions import db, socketio
from tests.conftest import PASSWORD

NS = "/live"


@pytest.fixture(autouse=True)
def _no_throttle_wait(app, monkeypatch):
    """Throttled broadcasts go out at once in tests (the coalescer has its own test)."""
    monkeypatch.setitem(app.config, "LIVE_BROADCAST_INTERVAL", 0)


@pytest.fixture
def live_event(make_event, make_user):
    def make(**fields):
        fields.setdefault("starts_in", -dt.timedelta(minutes=10))
        fields.setdefault("hours", 2)
        return make_event(**fields)

    return make


def seat(user, event, status: str = "registered"):
    from community.events.models import Registration

    reg = Registration(event_id=event.id, user_id=user.id, status=status)
    db.session.add(reg)
    db.session.commit()
    return reg


def browser(app, user=None):
    """A fresh HTTP client, logged in as ``user`` through the real login form."""
    client = app.test_client()
    if user is None:
        return client
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    resp = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                       "csrf_token": token})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:300]
    return client


def connect(app, user, event, *, client=None, headers=None, auth=None):
    client = client if client is not None else browser(app, user)
    sio = socketio.test_client(app, namespace=NS, flask_test_client=client, headers=headers,
                               auth=auth if auth is not None else {"event_id": event.id})
    sio.http = client
    return sio


def received(sio, name: str | None = None) -> list:
    """Payloads received since the last call (of event ``name``, or (name, payload) pairs)."""
    if not sio.is_connected(NS):
        return []
    items = sio.get_received(NS)
    if name is None:
        return [(i["name"], i["args"][0] if i["args"] else None) for i in items]
    return [i["args"][0] for i in items if i["name"] == name]


def emit(sio, name: str, data=None):
    """Emit with an acknowledgement; returns the ack."""
    if data is None:
        return sio.emit(name, namespace=NS, callback=True)
    return sio.emit(name, data, namespace=NS, callback=True)
