"""The one module that broadcasts to Socket.IO rooms.

Everything a room hears goes through ``publish`` (or ``publish_throttled``): the payload is a
dataclass from a feature's ``payloads.py`` (its class attribute ``event`` names the Socket.IO
event), and the emit is queued with ``community.db.after_commit``, so nobody hears about a
write that was rolled back, and every accepted message is stored before it is sent.

With ``COMMUNITY_REDIS_URL`` set the app's ``socketio`` uses the Redis message queue, so these
emits reach clients of every server process, also when they come from an HTTP worker or a
CLI command.

High-frequency updates (vote counts, presence) go through ``publish_throttled``: per room
and key, at most one emit per ``LIVE_BROADCAST_INTERVAL`` seconds *per process*; updates in
between are coalesced and only the latest is sent when the interval is over. An interval of
0 (or less) sends every update at once (tests use that).

A socket handler may still answer its own sender directly (an acknowledgement, an ``error``
or the ``state`` of the room): that is not a broadcast.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import asdict
from typing import Any

from flask import current_app, has_app_context

from .db import after_commit
from .extensions import socketio

log = logging.getLogger("community.realtime")

NAMESPACE = "/live"
DEFAULT_INTERVAL = 0.3


def event_name(payload) -> str:
    name = getattr(payload, "event", None)
    if not isinstance(name, str):
        raise TypeError(f"{type(payload).__name__} has no 'event' name")
    return name


def emit_now(room: str, payload, namespace: str = NAMESPACE) -> None:
    """Emit at once. Only for callers that are already past their commit (or the throttle)."""
    socketio.emit(event_name(payload), asdict(payload), to=room, namespace=namespace)


def publish(room: str, payload, *, namespace: str = NAMESPACE, session=None) -> None:
    """Emit ``payload`` to ``room`` once the current transaction commits."""
    name = event_name(payload)
    data = asdict(payload)  # frozen now: later changes to ORM objects do not leak in

    def send() -> None:
        socketio.emit(name, data, to=room, namespace=namespace)

    send.__name__ = f"publish_{name}"
    after_commit(send, session)


def publish_throttled(room: str, payload, *, key: Hashable = None,
                      namespace: str = NAMESPACE, session=None) -> None:
    """Like ``publish``, but coalesced per (room, event, key) and process (see module doc)."""
    name = event_name(payload)
    data = asdict(payload)
    interval = _interval()

    def send() -> None:
        socketio.emit(name, data, to=room, namespace=namespace)

    def queue() -> None:
        _coalescer.submit((namespace, room, name, key), send, interval)

    queue.__name__ = f"publish_throttled_{name}"
    after_commit(queue, session)


def disconnect(sids, namespace: str = NAMESPACE) -> None:
    """Close these sockets, in whichever process holds them (through the queue if any)."""
    for sid in sids:
        try:
            socketio.server.disconnect(sid, namespace=namespace)
        except Exception:  # a socket that is gone already is not an error
            log.debug("disconnect of %s failed", sid, exc_info=True)


def disconnect_after_commit(sids, namespace: str = NAMESPACE, session=None) -> None:
    sids = list(sids)
    if sids:
        after_commit(lambda: disconnect(sids, namespace), session)


def _interval() -> float:
    if has_app_context():
        return float(current_app.config.get("LIVE_BROADCAST_INTERVAL", DEFAULT_INTERVAL))
    return DEFAULT_INTERVAL


class Coalescer:
    """Per key: send at once when the last send is ``interval`` ago, else keep only the
    latest and send it when the interval is over (one timer per key at a time)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: dict[Hashable, float] = {}
        self._pending: dict[Hashable, Callable[[], Any]] = {}

    def submit(self, key: Hashable, send: Callable[[], Any], interval: float) -> None:
        if interval <= 0:
            send()
            return
        now = time.monotonic()
        with self._lock:
            if key in self._pending:  # a timer is waiting: it will send this one
                self._pending[key] = send
                return
            wait = self._last.get(key, float("-inf")) + interval - now
            if wait > 0:
                self._pending[key] = send
            else:
                self._last[key] = now
            self._prune(now, interval)
        if wait > 0:
            socketio.start_background_task(self._flush_later, key, wait)
        else:
            self._safe(send)

    def _flush_later(self, key: Hashable, wait: float) -> None:
        socketio.sleep(wait)
        with self._lock:
            send = self._pending.pop(key, None)
            self._last[key] = time.monotonic()
        if send is not None:
            self._safe(send)

    def _prune(self, now: float, interval: float) -> None:
        if len(self._last) > 10_000:  # forget rooms that went quiet
            horizon = now - max(interval * 10, 60)
            for key in [k for k, t in self._last.items() if t < horizon]:
                del self._last[key]

    @staticmethod
    def _safe(send: Callable[[], Any]) -> None:
        try:
            send()
        except Exception:
            log.exception("throttled broadcast failed")


_coalescer = Coalescer()
