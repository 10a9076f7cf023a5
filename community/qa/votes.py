"""Votes, the accepted answer and helpful marks, with their reputation events.

A vote is one row per (user, target) (the primary key); the target's ``score`` changes
with an SQL increment (``score = score + :delta``) in the same transaction, and a changed
vote only counts when its ``UPDATE ... WHERE value = :old`` matched, so concurrent votes
keep the score exact.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..access import is_authenticated, require
from ..db import utcnow
from ..errors import Forbidden, ValidationError
from ..extensions import db
from ..notifications import services as notifications
from .models import Answer, Question, Vote
from .reputation import award, has_privilege, threshold


def _kind(target) -> str:
    if isinstance(target, Question):
        return "question"
    if isinstance(target, Answer):
        return "answer"
    raise TypeError(target)


def _reasons(kind: str, value: int) -> list[tuple[str, str]]:
    """(reason, who) for one vote: who is "author" (of the target) or "voter"."""
    if value > 0:
        return [("question_upvoted" if kind == "question" else "answer_upvoted", "author")]
    out = [("downvoted", "author")]
    if kind == "answer":
        out.append(("downvote_cast", "voter"))
    return out


def _reputation(voter, target, kind: str, value: int, sign: int) -> None:
    for reason, who in _reasons(kind, value):
        user_id = target.author_id if who == "author" else voter.id
        award(user_id, reason, kind, target.id, actor=voter, sign=sign)


def my_vote(user, target) -> int:
    if not is_authenticated(user):
        return 0
    row = db.session.get(Vote, (user.id, _kind(target), target.id))
    return row.value if row is not None else 0


def vote(user, target: Question | Answer, value: int) -> int:
    """Vote ``value`` (1 up, -1 down, 0 withdraw) on a question or answer; returns the
    new score. Voting the same way again changes nothing."""
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = 2
    if value not in (-1, 0, 1):
        raise ValidationError(_l("A vote is 1 (up), -1 (down) or 0 (withdraw)."),
                              field="value")
    require(user, "vote", target)
    if value == 1 and not has_privilege(user, "vote_up"):
        raise Forbidden(_l("You need %(n)d reputation to vote up.", n=threshold("vote_up")))
    if value == -1 and not has_privilege(user, "vote_down"):
        raise Forbidden(_l("You need %(n)d reputation to vote down.",
                           n=threshold("vote_down")))
    kind = _kind(target)
    model = type(target)
    key = dict(user_id=user.id, target_type=kind, target_id=target.id)
    old = my_vote(user, target)
    delta = 0
    if old == value:
        pass
    elif old == 0:
        try:
            with db.session.begin_nested():
                db.session.add(Vote(**key, value=value, created_at=utcnow(),
                                    updated_at=utcnow()))
        except IntegrityError:
            pass  # the same user's concurrent request was first: nothing to count
        else:
            delta = value
            _reputation(user, target, kind, value, 1)
    elif value == 0:
        done = db.session.execute(sa.delete(Vote).filter_by(**key).where(Vote.value == old))
        if done.rowcount:
            delta = -old
            _reputation(user, target, kind, old, -1)
    else:
        done = db.session.execute(sa.update(Vote).filter_by(**key).where(Vote.value == old)
                                  .values(value=value, updated_at=utcnow()))
        if done.rowcount:
            delta = value - old
            _reputation(user, target, kind, old, -1)
            _reputation(user, target, kind, value, 1)
    if delta:
        db.session.execute(sa.update(model).where(model.id == target.id)
                           .values(score=model.score + delta))
    db.session.commit()
    db.session.refresh(target, ["score"])
    return target.score


# ---------------------------------------------------------------- accepted and helpful

def _unaccept(question: Question, previous: Answer) -> None:
    previous.is_accepted = False
    award(previous.author_id, "answer_accepted", "answer", previous.id, sign=-1)
    award(question.author_id, "accepted_an_answer", "answer", previous.id, sign=-1)
    question.accepted_answer_id = None
    question.accepted_at = None


def accept(actor, item: Answer, on: bool = True) -> Question:
    """Mark ``item`` as the accepted answer (replacing another), or take it back."""
    require(actor, "accept", item)
    question = db.session.get(Question, item.question_id)
    if question.accepted_answer_id == item.id and on:
        return question
    if question.accepted_answer_id is not None:
        previous = db.session.get(Answer, question.accepted_answer_id)
        if previous is not None:
            _unaccept(question, previous)
    if on:
        item.is_accepted = True
        question.accepted_answer_id = item.id
        question.accepted_at = utcnow()
        if item.author_id != question.author_id:  # accepting one's own answer earns nothing
            award(item.author_id, "answer_accepted", "answer", item.id, actor=actor)
            award(question.author_id, "accepted_an_answer", "answer", item.id, actor=actor)
        notifications.notify([item.author], "qa_accepted", question, actor=actor,
                             title=question.title)
    if actor.id != question.author_id:
        audit.record("answer.accepted" if on else "answer.unaccepted", actor=actor,
                     target=item, question_id=question.id)
    db.session.commit()
    return question


def mark_helpful(actor, item: Answer, on: bool = True) -> Answer:
    """Helpful marks (several per question), like Jive's."""
    require(actor, "accept", item)
    if bool(item.is_helpful) != bool(on):
        item.is_helpful = bool(on)
        if item.author_id != actor.id:
            award(item.author_id, "answer_helpful", "answer", item.id, actor=actor,
                  sign=1 if on else -1)
        db.session.commit()
    return item
