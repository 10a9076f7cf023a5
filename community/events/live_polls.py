"""Polls in a live room: the presenter creates one (single or multiple choice), attendees
vote once, results are broadcast live (throttled ``poll_results``), the presenter closes it.

One poll is open at a time: creating a new one closes the open one. A ballot is unique per
(poll, user) in the database, so a second vote is refused even when two arrive at once.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from .. import realtime
from ..db import utcnow
from ..errors import Conflict, NotFound
from ..extensions import db
from . import payloads as p
from .live_input import AlreadyVoted, LiveError, SessionEnded, text
from .live_models import LivePoll, LivePollBallot, LivePollChoice, LivePollOption
from .live_services import (
    cfg,
    require_present,
    require_voice,
    room_name,
    room_of,
)
from .models import Event


def counts_of(poll_id: int) -> tuple[dict[str, int], int]:
    rows = db.session.execute(
        sa.select(LivePollChoice.option_id, sa.func.count())
        .join(LivePollOption, LivePollOption.id == LivePollChoice.option_id)
        .where(LivePollOption.poll_id == poll_id).group_by(LivePollChoice.option_id)).all()
    total = db.session.scalar(sa.select(sa.func.count()).select_from(LivePollBallot)
                              .where(LivePollBallot.poll_id == poll_id))
    return {str(option_id): n for option_id, n in rows}, total or 0


def poll_payload(poll: LivePoll) -> p.Poll:
    counts, total = counts_of(poll.id)
    return p.Poll(id=poll.id, question=poll.question, multiple=poll.multiple, status=poll.status,
                  options=[p.PollOption(id=o.id, label=o.label, votes=counts.get(str(o.id), 0))
                           for o in poll.options],
                  total=total, at=p.iso(poll.created_at), closed_at=p.iso(poll.closed_at))


def current_poll(event: Event) -> LivePoll | None:
    """The open poll, else the most recent closed one (its results stay on screen)."""
    return db.session.scalar(
        sa.select(LivePoll).where(LivePoll.event_id == event.id)
        .order_by(sa.case((LivePoll.status == "open", 0), else_=1),
                  LivePoll.created_at.desc(), LivePoll.id.desc()).limit(1))


def choices_of(user, poll_id: int) -> list[int]:
    return list(db.session.scalars(
        sa.select(LivePollChoice.option_id)
        .join(LivePollBallot, LivePollBallot.id == LivePollChoice.ballot_id)
        .where(LivePollBallot.poll_id == poll_id, LivePollBallot.user_id == user.id)))


def _poll_in(event: Event, poll_id: int) -> LivePoll:
    poll = db.session.get(LivePoll, poll_id)
    if poll is None or poll.event_id != event.id:
        raise NotFound(_l("This poll does not exist."))
    return poll


def clean_options(options) -> list[str]:
    if not isinstance(options, list):
        raise LiveError(_l("The options must be a list of texts."))
    limit = cfg("LIVE_POLL_OPTION_MAX")
    cleaned = [text({"option": o}, "option", limit) for o in options]
    if len(cleaned) < 2:
        raise LiveError(_l("A poll needs at least two options."))
    if len(cleaned) > cfg("LIVE_POLL_OPTIONS_MAX"):
        raise LiveError(_l("A poll has at most %(n)d options.", n=cfg("LIVE_POLL_OPTIONS_MAX")))
    if len({o.casefold() for o in cleaned}) != len(cleaned):
        raise LiveError(_l("Each option must be different."))
    return cleaned


def close_open_polls(event: Event, now: dt.datetime | None = None) -> list[LivePoll]:
    """Close every open poll of ``event`` (their final results are broadcast)."""
    polls = db.session.scalars(sa.select(LivePoll).where(
        LivePoll.event_id == event.id, LivePoll.status == "open")).all()
    for poll in polls:
        poll.status = "closed"
        poll.closed_at = now or utcnow()
    db.session.flush()
    for poll in polls:
        realtime.publish(room_name(event.id), poll_payload(poll))
    return list(polls)


def create(user, event: Event, question, options, multiple) -> LivePoll:
    require_present(user, event)
    question = text({"question": question}, "question", cfg("LIVE_QUESTION_MAX"))
    labels = clean_options(options)
    if not isinstance(multiple, bool):
        raise LiveError(_l("The field %(name)s must be true or false.", name="multiple"))
    if room_of(event).status == "ended":
        raise SessionEnded()
    now = utcnow()
    close_open_polls(event, now)
    poll = LivePoll(event_id=event.id, question=question, multiple=multiple, status="open",
                    created_by_id=user.id, created_at=now)
    poll.options = [LivePollOption(position=i, label=label) for i, label in enumerate(labels)]
    db.session.add(poll)
    db.session.flush()
    realtime.publish(room_name(event.id), poll_payload(poll))
    db.session.commit()
    return poll


def vote(user, event: Event, poll_id: int, option_ids) -> p.PollResults:
    """One ballot per person: one option, or several for a multiple-choice poll."""
    require_voice(user, event)
    if not isinstance(option_ids, list) or not option_ids or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in option_ids):
        raise LiveError(_l("Choose at least one option."))
    poll = _poll_in(event, poll_id)
    if poll.status != "open":
        raise Conflict(_l("This poll is closed."))
    valid = {o.id for o in poll.options}
    chosen = list(dict.fromkeys(option_ids))
    if not set(chosen) <= valid:
        raise LiveError(_l("Choose from the options of this poll."))
    if not poll.multiple and len(chosen) != 1:
        raise LiveError(_l("Choose one option."))
    already = AlreadyVoted(_l("You already voted in this poll."))
    if db.session.scalar(sa.select(LivePollBallot.id).where(
            LivePollBallot.poll_id == poll.id, LivePollBallot.user_id == user.id)):
        raise already
    try:
        with db.session.begin_nested():
            ballot = LivePollBallot(poll_id=poll.id, user_id=user.id)
            db.session.add(ballot)
            db.session.flush()
    except sa.exc.IntegrityError:
        raise already from None
    db.session.add_all([LivePollChoice(ballot_id=ballot.id, option_id=o) for o in chosen])
    db.session.flush()
    counts, total = counts_of(poll.id)
    results = p.PollResults(id=poll.id, counts=counts, total=total)
    realtime.publish_throttled(room_name(event.id), results, key=("poll", poll.id))
    db.session.commit()
    return results


def close(user, event: Event, poll_id: int) -> p.Poll:
    require_present(user, event)
    poll = _poll_in(event, poll_id)
    if poll.status != "open":
        raise Conflict(_l("This poll is closed already."))
    poll.status = "closed"
    poll.closed_at = utcnow()
    db.session.flush()
    payload = poll_payload(poll)
    realtime.publish(room_name(event.id), payload)
    db.session.commit()
    return payload
