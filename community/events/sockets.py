"""Socket.IO handlers of the live rooms (namespace ``/live``); protocol in docs/realtime.md.

- ``connect`` refuses (``ConnectionRefusedError``) without a live login session, from a
  foreign ``Origin``, for a missing or hidden event and for anyone who may not ``attend``.
  Accepted: the socket joins ``event:<id>`` and ``user:<id>``, its presence is stored, the
  online attendance recorded, and the sender receives ``state``.
- Every other handler runs in an app context (and so a database session) of its own, loads
  the user again from the login cookie (a logged-out session is refused), re-checks
  ``attend`` (a cancelled registration is refused at the next action), validates the
  payload, calls one service and answers ``{"ok": true, ...}`` or ``{"ok": false, "error":
  code, "message": text}`` plus an ``error`` event to the sender only. Nothing is stored for
  a refused message and the server keeps running whatever a client sends.
- Ending a login session (logout, password change) or cancelling a registration closes the
  sockets concerned at once (``_on_session_revoked``, ``_on_registration_cancelled``).
"""
from __future__ import annotations

import json
import logging
import threading
from dataclasses import asdict
from functools import wraps

import sqlalchemy as sa
from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room

from .. import realtime
from ..access import can, is_authenticated
from ..accounts import sessions as login_sessions
from ..accounts.models import UserSession
from ..errors import DomainError
from ..extensions import db, socketio
from ..spaces.models import PUBLIC_CONTENT, Space, SpaceMembership
from . import live_input, live_polls, live_presence, live_questions, live_services
from . import payloads as p
from .live_input import LiveError, NotAttending, error_code, payload_dict
from .models import Event, Registration

log = logging.getLogger("community.events.live")

NAMESPACE = realtime.NAMESPACE


# ---------------------------------------------------------------- helpers

def _origin_allowed() -> bool:
    """Same origin (or a configured one). Engine.IO checks this too on the HTTP handshake;
    checking here as well keeps the rule when the transport layer is configured otherwise."""
    origin = request.headers.get("Origin")
    if not origin:
        return True  # not a browser's cross-site request (browsers always send it for those)
    allowed = current_app.config.get("SOCKETIO_ORIGINS") or []
    if isinstance(allowed, str):
        allowed = [allowed]
    own = request.host_url.rstrip("/")
    return origin.rstrip("/") in {own, *[a.rstrip("/") for a in allowed if a != "*"]}


def _user():
    user = current_user._get_current_object()
    return user if is_authenticated(user) else None


# sid -> {"event_id", "user_id"} of the sockets this process holds (a socket's handlers
# always run in the process that holds it; the database keeps the presence rows)
_sockets: dict[str, dict] = {}


def _socket_session(sid: str) -> dict:
    return _sockets.get(sid, {})


def _event_for(user, sid: str) -> Event:
    """The socket's event, with access checked again for this message."""
    info = _socket_session(sid)
    if user is None or info.get("user_id") != user.id:
        raise NotAttending(_l("Your login session has ended. Log in again to take part."))
    event = db.session.get(Event, info.get("event_id"))
    if event is None or not can(user, "view", event):
        raise NotAttending()
    live_services.require_attend(user, event)
    return event


def _answer_error(sid: str, name: str, exc) -> dict:
    code = error_code(exc) if isinstance(exc, DomainError) else "server_error"
    message = str(exc.message) if isinstance(exc, DomainError) else \
        str(_l("Something went wrong on our side. The error has been logged."))
    error = p.Error(code=code, message=message, event_name=name)
    socketio.emit(p.Error.event, error.as_dict(), to=sid, namespace=NAMESPACE)
    return {"ok": False, "error": code, "message": message}


def live_event(name: str):
    """Register ``fn(user, event, data) -> dict | None`` as the handler of client event
    ``name``: fresh app context and session, checks, ack and error answer."""

    def decorator(fn):
        @wraps(fn)
        def handler(data=None, *_extra):
            sid = request.sid
            app = current_app._get_current_object()
            with app.app_context():
                try:
                    if len(json.dumps(data, default=str)) > live_services.cfg("LIVE_PAYLOAD_MAX"):
                        raise LiveError(_l("The message is too large."))
                    data = payload_dict(data)
                    user = _user()
                    event = _event_for(user, sid)
                    result = fn(user, event, data) or {}
                    return {"ok": True, **result}
                except DomainError as exc:
                    db.session.rollback()
                    return _answer_error(sid, name, exc)
                except Exception as exc:  # the server keeps running, whatever comes in
                    db.session.rollback()
                    log.exception("live handler failed", extra={"event": name})
                    return _answer_error(sid, name, exc)
                finally:
                    db.session.remove()

        socketio.on(name, namespace=NAMESPACE)(handler)
        return fn

    return decorator


# ---------------------------------------------------------------- connect / disconnect

@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth=None):
    sid = request.sid
    app = current_app._get_current_object()
    with app.app_context():
        try:
            user = _user()
            if user is None:
                raise ConnectionRefusedError("login_required")
            if not _origin_allowed():
                log.warning("live connect refused: foreign origin",
                            extra={"origin": request.headers.get("Origin")})
                raise ConnectionRefusedError("origin")
            event_id = auth.get("event_id") if isinstance(auth, dict) else None
            if isinstance(event_id, bool) or not isinstance(event_id, int):
                raise ConnectionRefusedError("bad_request")
            event = db.session.get(Event, event_id)
            if event is None or not can(user, "view", event):
                raise ConnectionRefusedError("not_found")
            if not can(user, "attend", event):
                log.info("live connect refused: not attending",
                         extra={"event_id": event.id, "user_id": user.id})
                raise ConnectionRefusedError("not_attending")
            _sockets[sid] = {"event_id": event.id, "user_id": user.id}
            join_room(live_services.room_name(event.id))
            join_room(f"user:{user.id}")
            live_presence.join(user, event, sid, login_sessions.current_key_hash())
            state = live_services.state_for(user, event)
            socketio.emit(p.State.event, asdict(state), to=sid, namespace=NAMESPACE)
        except DomainError as exc:
            db.session.rollback()
            _sockets.pop(sid, None)
            raise ConnectionRefusedError(error_code(exc)) from None
        except Exception:
            _sockets.pop(sid, None)
            raise
        finally:
            db.session.remove()
    _ensure_heartbeat(app)


@socketio.on("disconnect", namespace=NAMESPACE)
def on_disconnect(reason=None):
    sid = request.sid
    _sockets.pop(sid, None)
    app = current_app._get_current_object()
    with app.app_context():
        try:
            live_presence.leave(sid)
        except Exception:
            db.session.rollback()
            log.exception("live disconnect book-keeping failed")
        finally:
            db.session.remove()


# ---------------------------------------------------------------- client events

@live_event("sync")
def on_sync(user, event, data):
    state = live_services.state_for(user, event)
    socketio.emit(p.State.event, asdict(state), to=request.sid, namespace=NAMESPACE)


@live_event("chat_send")
def on_chat_send(user, event, data):
    message = live_services.send_chat(user, event, data.get("body"))
    return {"id": message.id}


@live_event("chat_delete")
def on_chat_delete(user, event, data):
    live_services.delete_chat(user, event, live_input.integer(data, "message_id"))


@live_event("mute")
def on_mute(user, event, data):
    live_services.set_muted(user, event, live_input.integer(data, "user_id"),
                            live_input.boolean(data, "muted"))


@live_event("question_ask")
def on_question_ask(user, event, data):
    question = live_questions.ask(user, event, data.get("body"))
    return {"id": question.id}


@live_event("question_vote")
def on_question_vote(user, event, data):
    votes = live_questions.vote(user, event, live_input.integer(data, "question_id"))
    return {"votes": votes}


@live_event("question_mark")
def on_question_mark(user, event, data):
    question_id = live_input.integer(data, "question_id")
    action = live_input.choice(data, "action", live_questions.MARK_ACTIONS)
    live_questions.mark(user, event, question_id, action, data.get("answer"))


@live_event("poll_create")
def on_poll_create(user, event, data):
    poll = live_polls.create(user, event, data.get("question"), data.get("options"),
                             data.get("multiple", False))
    return {"id": poll.id}


@live_event("poll_vote")
def on_poll_vote(user, event, data):
    results = live_polls.vote(user, event, live_input.integer(data, "poll_id"),
                              data.get("option_ids"))
    return {"counts": results.counts, "total": results.total}


@live_event("poll_close")
def on_poll_close(user, event, data):
    live_polls.close(user, event, live_input.integer(data, "poll_id"))


@live_event("hand")
def on_hand(user, event, data):
    hands = live_presence.set_hand(user, event, live_input.boolean(data, "raised"),
                                   live_input.integer(data, "user_id", required=False))
    return {"user_ids": hands.user_ids}


@live_event("session_control")
def on_session_control(user, event, data):
    action = live_input.choice(data, "action", ("start", "end"))
    return {"status": live_services.session_control(user, event, action).status}


@live_event("pin")
def on_pin(user, event, data):
    if "message_id" not in data:
        raise LiveError(_l("The field %(name)s is missing.", name="message_id"))
    live_services.pin(user, event, live_input.integer(data, "message_id", required=False))


@live_event("slide")
def on_slide(user, event, data):
    url = live_input.text(data, "url", live_services.cfg("LIVE_SLIDE_URL_MAX"),
                             required=False)
    title = live_input.text(data, "title", live_services.cfg("LIVE_SLIDE_TITLE_MAX"),
                               required=False)
    live_services.push_slide(user, event, url, title)


# ---------------------------------------------------------------- ending access at once

@sa.event.listens_for(UserSession.revoked_at, "set")
def _on_session_revoked(target, value, oldvalue, initiator):
    """Logout, password change, "end other sessions": that session's sockets close."""
    if value is None or oldvalue is not None or not target.key_hash:
        return
    with db.session.no_autoflush:
        sids = live_presence.sids_of(session_hash=target.key_hash)
    realtime.disconnect_after_commit(sids)


@sa.event.listens_for(Registration.status, "set")
def _on_registration_cancelled(target, value, oldvalue, initiator):
    """A cancelled registration leaves the room (presenters and staff may stay)."""
    if value != "cancelled" or oldvalue == "cancelled" or target.event_id is None:
        return
    with db.session.no_autoflush:
        user, event = target.user, target.event
        if user is None or event is None or can(user, "present", event):
            return
        sids = live_presence.sids_of(user_id=user.id, event_id=event.id)
    realtime.disconnect_after_commit(sids)


@sa.event.listens_for(SpaceMembership, "after_delete")
def _on_membership_ended(mapper, connection, target):
    """Leaving or being removed from a space whose content is for members only closes
    that person's sockets in the space's events at once (staff keep access anyway)."""
    from ..accounts.models import User
    from .live_models import LivePresence

    space = connection.execute(sa.select(Space.visibility).where(Space.id == target.space_id))
    role = connection.execute(sa.select(User.role).where(User.id == target.user_id))
    if space.scalar() in PUBLIC_CONTENT or role.scalar() in ("moderator", "admin"):
        return
    sids = connection.scalars(
        sa.select(LivePresence.sid).join(Event, Event.id == LivePresence.event_id)
        .where(Event.space_id == target.space_id, LivePresence.user_id == target.user_id))
    realtime.disconnect_after_commit(list(sids))


# ---------------------------------------------------------------- presence heartbeat

_heartbeat_lock = threading.Lock()
_heartbeat_started = False


def _ensure_heartbeat(app) -> None:
    """One task per process refreshes its presence rows (and drops a dead process's)."""
    global _heartbeat_started
    if app.testing or not app.config.get("LIVE_PRESENCE_HEARTBEAT", True):
        return
    with _heartbeat_lock:
        if _heartbeat_started:
            return
        _heartbeat_started = True
    socketio.start_background_task(_heartbeat_loop, app)


def _heartbeat_loop(app) -> None:
    while True:
        with app.app_context():
            interval = live_services.cfg("LIVE_PRESENCE_HEARTBEAT_SECONDS")
            try:
                live_presence.heartbeat()
            except Exception:
                db.session.rollback()
                log.exception("presence heartbeat failed")
            finally:
                db.session.remove()
        socketio.sleep(interval)
