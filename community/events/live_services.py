"""Live rooms: room control, chat, mutes, hands, presence and the state a client receives.

Every use-case takes the acting user and the event explicitly, re-checks access
(``attend`` for everyone, ``present`` for presenter controls, ``moderate_live`` for
moderation), validates its input before the first write, stores what it accepts, queues the
broadcast with ``community.realtime`` (sent after the commit) and commits once. A refusal is
a ``DomainError`` whose ``code`` the socket layer sends back to the sender.

Audience questions live in ``live_questions``, polls in ``live_polls``, hands and presence
in ``live_presence``, payload checks in ``live_input``.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from .. import realtime
from ..access import can
from ..accounts.models import User
from ..db import utcnow
from ..errors import Conflict, NotFound
from ..extensions import db
from . import payloads as p
from .live_input import (
    ChatTooFast,
    MutedError,
    NotAllowed,
    NotAttending,
    SessionEnded,
    text,
    web_url,
)
from .live_models import (
    LiveChatMessage,
    LiveHand,
    LiveMute,
    LiveRoom,
)
from .models import Event


def cfg(key: str):
    return current_app.config[key]


def room_name(event_id: int) -> str:
    return f"event:{event_id}"


# ---------------------------------------------------------------- access

def require_attend(user, event: Event) -> None:
    if not can(user, "attend", event):
        raise NotAttending()


def require_present(user, event: Event) -> None:
    require_attend(user, event)
    if not can(user, "present", event):
        raise NotAllowed()


def require_moderate(user, event: Event) -> None:
    require_attend(user, event)
    if not can(user, "moderate_live", event):
        raise NotAllowed(_l("Only the moderators can do this."))


def require_present_or_moderate(user, event: Event) -> None:
    require_attend(user, event)
    if not (can(user, "present", event) or can(user, "moderate_live", event)):
        raise NotAllowed()


def is_muted(user, event: Event) -> bool:
    return db.session.get(LiveMute, (event.id, user.id)) is not None


def require_voice(user, event: Event) -> LiveRoom:
    """Attendee actions (chat, questions, votes, hands): attending, not muted, room open."""
    require_attend(user, event)
    room = room_of(event)
    if room.status == "ended":
        raise SessionEnded()
    return room


# ---------------------------------------------------------------- room

def room_of(event: Event, *, create: bool = True) -> LiveRoom | None:
    room = db.session.get(LiveRoom, event.id)
    if room is None and create:
        try:
            with db.session.begin_nested():
                room = LiveRoom(event_id=event.id)
                db.session.add(room)
        except sa.exc.IntegrityError:  # created by another process meanwhile
            room = db.session.get(LiveRoom, event.id)
    return room


def session_payload(room: LiveRoom | None) -> p.Session:
    if room is None:
        return p.Session(status="waiting", started_at=None, ended_at=None)
    return p.Session(status=room.status, started_at=p.iso(room.started_at),
                     ended_at=p.iso(room.ended_at))


def user_ref(user: User | None) -> p.UserRef | None:
    return p.UserRef(id=user.id, name=user.name) if user is not None else None


def slide_payload(room: LiveRoom | None) -> p.Slide:
    if room is None:
        return p.Slide(url=None, title=None, presenter=None)
    return p.Slide(url=room.slide_url, title=room.slide_title,
                   presenter=user_ref(room.presenting_user))


def session_control(user, event: Event, action: str) -> p.Session:
    """The presenter starts or ends the session. Ending lowers all hands and closes the
    open poll."""
    require_present(user, event)
    room = room_of(event)
    now = utcnow()
    if action == "start":
        if room.status == "live":
            raise Conflict(_l("The session is already live."))
        room.started_at = now
        room.ended_at = None
        room.presenting_user_id = user.id
    else:
        if room.status != "live":
            raise Conflict(_l("The session is not live."))
        room.ended_at = now
        db.session.execute(sa.delete(LiveHand).where(LiveHand.event_id == event.id))
        realtime.publish(room_name(event.id), p.Hands(user_ids=[], people=[]))
        from . import live_polls

        live_polls.close_open_polls(event, now)
    room.updated_at = now
    db.session.flush()
    payload = session_payload(room)
    realtime.publish(room_name(event.id), payload)
    db.session.commit()
    return payload


def push_slide(user, event: Event, url: str | None, title: str | None) -> p.Slide:
    require_present(user, event)
    room = room_of(event)
    if room.status == "ended":
        raise SessionEnded()
    room.slide_url = web_url(url)
    room.slide_title = title
    room.presenting_user_id = user.id
    room.presenting_user = user
    room.updated_at = utcnow()
    payload = slide_payload(room)
    realtime.publish(room_name(event.id), payload)
    db.session.commit()
    return payload


# ---------------------------------------------------------------- chat

def chat_payload(message: LiveChatMessage) -> p.ChatMessage:
    return p.ChatMessage(id=message.id, user=user_ref(message.user), body=message.body,
                         at=p.iso(message.created_at))


def _check_rate(user, now: dt.datetime) -> None:
    """Counted in the database, so the limit holds across server processes."""
    window = dt.timedelta(seconds=cfg("LIVE_CHAT_WINDOW_SECONDS"))
    recent = db.session.scalar(
        sa.select(sa.func.count()).select_from(LiveChatMessage)
        .where(LiveChatMessage.user_id == user.id, LiveChatMessage.created_at > now - window))
    if recent >= cfg("LIVE_CHAT_PER_WINDOW"):
        raise ChatTooFast()


def send_chat(user, event: Event, body) -> LiveChatMessage:
    body = text({"body": body}, "body", cfg("LIVE_CHAT_MAX"), multiline=True)
    require_voice(user, event)
    if is_muted(user, event):
        raise MutedError()
    now = utcnow()
    _check_rate(user, now)
    message = LiveChatMessage(event_id=event.id, user_id=user.id, body=body, created_at=now)
    message.user = user
    db.session.add(message)
    db.session.flush()
    realtime.publish(room_name(event.id), chat_payload(message))
    db.session.commit()
    return message


def _message_in(event: Event, message_id: int) -> LiveChatMessage:
    message = db.session.get(LiveChatMessage, message_id)
    if message is None or message.event_id != event.id or message.deleted_at is not None:
        raise NotFound(_l("This message does not exist (any more)."))
    return message


def delete_chat(user, event: Event, message_id: int) -> None:
    require_moderate(user, event)
    message = _message_in(event, message_id)
    message.deleted_at = utcnow()
    message.deleted_by_id = user.id
    room = room_of(event)
    if room.pinned_message_id == message.id:
        room.pinned_message_id = None
        realtime.publish(room_name(event.id), p.Pinned(message=None))
    realtime.publish(room_name(event.id), p.ChatDeleted(id=message.id))
    db.session.commit()


def pin(user, event: Event, message_id: int | None) -> p.Pinned:
    require_present_or_moderate(user, event)
    room = room_of(event)
    message = _message_in(event, message_id) if message_id is not None else None
    room.pinned_message_id = message.id if message else None
    room.updated_at = utcnow()
    payload = p.Pinned(message=chat_payload(message) if message else None)
    realtime.publish(room_name(event.id), payload)
    db.session.commit()
    return payload


def set_muted(user, event: Event, target_id: int, muted: bool) -> p.Muted:
    require_moderate(user, event)
    target = db.session.get(User, target_id)
    if target is None:
        raise NotFound(_l("This person does not exist."))
    if target.id == user.id or can(target, "present", event) or \
            can(target, "moderate_live", event):
        raise NotAllowed(_l("Presenters and moderators cannot be muted."))
    row = db.session.get(LiveMute, (event.id, target.id))
    if muted and row is None:
        db.session.add(LiveMute(event_id=event.id, user_id=target.id, muted_by_id=user.id))
    elif not muted and row is not None:
        db.session.delete(row)
    payload = p.Muted(user_id=target.id, muted=muted)
    realtime.publish(room_name(event.id), payload)
    db.session.commit()
    return payload


# ---------------------------------------------------------------- state

def state_for(user, event: Event) -> p.State:
    """Everything a (re)joining client needs (sent to that client only)."""
    from . import live_polls, live_presence, live_questions

    room = room_of(event, create=False)
    pinned = None
    if room is not None and room.pinned_message_id is not None:
        message = db.session.get(LiveChatMessage, room.pinned_message_id)
        if message is not None and message.deleted_at is None:
            pinned = chat_payload(message)
    chat = list(db.session.scalars(
        sa.select(LiveChatMessage)
        .where(LiveChatMessage.event_id == event.id, LiveChatMessage.deleted_at.is_(None))
        .order_by(LiveChatMessage.created_at.desc(), LiveChatMessage.id.desc())
        .limit(cfg("LIVE_HISTORY"))))
    chat.reverse()
    moderator = can(user, "moderate_live", event)
    poll = live_polls.current_poll(event)
    hand_people = live_presence.hands_payload(event.id).people
    hands = [u.id for u in hand_people]
    muted_ids = list(db.session.scalars(sa.select(LiveMute.user_id)
                                        .where(LiveMute.event_id == event.id)))
    presenters = [user_ref(u) for u in event.presenters]
    presenting = user_ref(room.presenting_user) if room is not None else None
    me = p.Me(id=user.id, name=user.name, can_present=can(user, "present", event),
              can_moderate=moderator, muted=user.id in muted_ids,
              question_votes=live_questions.votes_of(user, event),
              poll_choices=live_polls.choices_of(user, poll.id) if poll else [],
              hand_raised=user.id in hands)
    return p.State(
        event_id=event.id, session=session_payload(room), pinned=pinned,
        slide=slide_payload(room), poll=poll and live_polls.poll_payload(poll),
        questions=live_questions.question_list(event), chat=[chat_payload(m) for m in chat],
        presenters=presenters, presenting=presenting, hands=hands, hand_people=hand_people,
        presence=live_presence.presence_of(event.id), me=me, muted=muted_ids if moderator else [])
