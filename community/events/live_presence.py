"""Live rooms: raised hands and who is here.

Presence is one database row per socket, tagged with the server process that holds it, so
every process counts the same people; each process refreshes its rows (``heartbeat``) and
rows of a process that stopped doing so drop out after ``LIVE_PRESENCE_STALE_SECONDS``.
"""
from __future__ import annotations

import datetime as dt
import os
import socket
import uuid

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from .. import realtime
from ..accounts.models import User
from ..db import utcnow
from ..extensions import db
from . import payloads as p
from .live_input import LiveError
from .live_models import LiveHand, LivePresence
from .live_services import (
    cfg,
    require_attend,
    require_present_or_moderate,
    require_voice,
    room_name,
)
from .models import Event

# one id per server process: presence rows say which process holds the socket
PROCESS = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


# ---------------------------------------------------------------- hands

def hands_payload(event_id: int) -> p.Hands:
    rows = db.session.execute(
        sa.select(User.id, User.name).join(LiveHand, LiveHand.user_id == User.id)
        .where(LiveHand.event_id == event_id).order_by(LiveHand.raised_at, LiveHand.user_id))
    people = [p.UserRef(id=i, name=n) for i, n in rows]
    return p.Hands(user_ids=[u.id for u in people], people=people)


def set_hand(user, event: Event, raised: bool, target_id: int | None = None) -> p.Hands:
    """Raise or lower your own hand; a presenter or moderator may lower someone else's."""
    require_voice(user, event)
    who = user.id
    if target_id is not None and target_id != user.id:
        if raised:
            raise LiveError(_l("You can only raise your own hand."))
        require_present_or_moderate(user, event)
        who = target_id
    row = db.session.get(LiveHand, (event.id, who))
    if raised and row is None:
        db.session.add(LiveHand(event_id=event.id, user_id=who))
    elif not raised and row is not None:
        db.session.delete(row)
    db.session.flush()
    payload = hands_payload(event.id)
    realtime.publish(room_name(event.id), payload)
    db.session.commit()
    return payload


# ---------------------------------------------------------------- presence

def _fresh_after() -> dt.datetime:
    return utcnow() - dt.timedelta(seconds=cfg("LIVE_PRESENCE_STALE_SECONDS"))


def presence_of(event_id: int) -> p.Presence:
    """Who is here: the full count, names of the first ``LIVE_PRESENCE_LIST_MAX`` only (a
    full list to every client on every join grows with the square of the audience)."""
    here = sa.select(LivePresence.user_id).where(LivePresence.event_id == event_id,
                                                 LivePresence.seen_at > _fresh_after())
    people = db.session.execute(
        sa.select(User.id, User.name).where(User.id.in_(here))
        .order_by(User.name, User.id).limit(cfg("LIVE_PRESENCE_LIST_MAX"))).all()
    if len(people) < cfg("LIVE_PRESENCE_LIST_MAX"):
        count = len(people)
    else:
        count = db.session.scalar(sa.select(sa.func.count()).select_from(
            sa.select(User.id).where(User.id.in_(here)).subquery()))
    return p.Presence(count=count, people=[p.UserRef(id=i, name=n) for i, n in people])


def _publish_presence(event_id: int) -> None:
    realtime.publish_throttled(room_name(event_id), presence_of(event_id), key="presence")


def _drop_stale() -> set[int]:
    """Delete presence rows whose process stopped refreshing them; returns their events."""
    cutoff = _fresh_after()
    events = set(db.session.scalars(
        sa.select(LivePresence.event_id).where(LivePresence.seen_at <= cutoff).distinct()))
    if events:
        db.session.execute(sa.delete(LivePresence).where(LivePresence.seen_at <= cutoff))
    return events


def join(user, event: Event, sid: str, session_hash: str | None) -> None:
    """A socket joined: store its presence row and record the online attendance."""
    require_attend(user, event)
    stale = _drop_stale()
    db.session.merge(LivePresence(sid=sid, event_id=event.id, user_id=user.id,
                                  session_hash=session_hash, process=PROCESS,
                                  connected_at=utcnow(), seen_at=utcnow()))
    db.session.flush()
    try:
        from .attendance import record_online
    except ImportError:  # pragma: no cover (attendance arrives with the events core)
        record_online = None
    if record_online is not None:
        record_online(user, event, commit=False)
    for event_id in stale | {event.id}:
        _publish_presence(event_id)
    db.session.commit()


def leave(sid: str) -> None:
    """A socket left: drop its row; the last socket of a person also lowers their hand."""
    row = db.session.get(LivePresence, sid)
    if row is None:
        return
    event_id, user_id = row.event_id, row.user_id
    db.session.delete(row)
    db.session.flush()
    still_here = db.session.scalar(sa.select(sa.func.count()).select_from(LivePresence).where(
        LivePresence.event_id == event_id, LivePresence.user_id == user_id))
    if not still_here:
        hand = db.session.get(LiveHand, (event_id, user_id))
        if hand is not None:
            db.session.delete(hand)
            db.session.flush()
            realtime.publish(room_name(event_id), hands_payload(event_id))
    _publish_presence(event_id)
    db.session.commit()


def heartbeat(process: str = PROCESS) -> None:
    """Refresh this process's presence rows and forget those of processes that are gone."""
    db.session.execute(sa.update(LivePresence).where(LivePresence.process == process)
                       .values(seen_at=utcnow()))
    for event_id in _drop_stale():
        _publish_presence(event_id)
    db.session.commit()


def forget_process(process: str = PROCESS) -> None:
    """At shutdown: this process's sockets are gone."""
    events = set(db.session.scalars(sa.select(LivePresence.event_id)
                                    .where(LivePresence.process == process).distinct()))
    db.session.execute(sa.delete(LivePresence).where(LivePresence.process == process))
    for event_id in events:
        _publish_presence(event_id)
    db.session.commit()


def sids_of(*, user_id: int | None = None, event_id: int | None = None,
            session_hash: str | None = None) -> list[str]:
    query = sa.select(LivePresence.sid)
    if user_id is not None:
        query = query.where(LivePresence.user_id == user_id)
    if event_id is not None:
        query = query.where(LivePresence.event_id == event_id)
    if session_hash is not None:
        query = query.where(LivePresence.session_hash == session_hash)
    return list(db.session.scalars(query))
