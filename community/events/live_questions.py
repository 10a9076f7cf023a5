"""Audience questions in a live room: ask, upvote, mark (answered, highlight, hide) and,
after the session, turn them into knowledge-square questions.

An upvote is a ``LiveQuestionVote`` row: its primary key (question, user) refuses a second
one, also when two requests race; the count is kept with an SQL increment. Vote counts are
broadcast throttled (``question_votes``), everything else as a full ``question``.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from .. import realtime
from ..access import can
from ..db import utcnow
from ..errors import Conflict, NotFound
from ..extensions import db
from . import payloads as p
from .live_input import AlreadyVoted, LiveError, MutedError, NotAllowed, text
from .live_models import LiveQuestion, LiveQuestionVote
from .live_services import (
    cfg,
    is_muted,
    require_attend,
    require_moderate,
    require_present,
    require_voice,
    room_name,
    user_ref,
)
from .models import Event

MARK_ACTIONS = ("answered", "highlight", "unhighlight", "hide")


def question_payload(question: LiveQuestion) -> p.Question:
    hidden = question.status == "hidden"
    return p.Question(id=question.id, body="" if hidden else question.body,
                      author=None if hidden else user_ref(question.author),
                      at=p.iso(question.created_at), votes=question.vote_count,
                      status=question.status, highlighted=question.highlighted,
                      answer=None if hidden else question.answer_text)


def questions_of(event: Event, *, include_hidden: bool = False) -> list[LiveQuestion]:
    query = sa.select(LiveQuestion).where(LiveQuestion.event_id == event.id)
    if not include_hidden:
        query = query.where(LiveQuestion.status != "hidden")
    return list(db.session.scalars(query.order_by(
        LiveQuestion.highlighted.desc(), LiveQuestion.vote_count.desc(),
        LiveQuestion.created_at, LiveQuestion.id)))


def question_list(event: Event) -> list[p.Question]:
    return [question_payload(q) for q in questions_of(event)]


def votes_of(user, event: Event) -> list[int]:
    return list(db.session.scalars(
        sa.select(LiveQuestionVote.question_id).join(
            LiveQuestion, LiveQuestion.id == LiveQuestionVote.question_id)
        .where(LiveQuestion.event_id == event.id, LiveQuestionVote.user_id == user.id)))


def _question_in(event: Event, question_id: int, *, hidden_ok: bool = False) -> LiveQuestion:
    question = db.session.get(LiveQuestion, question_id)
    if question is None or question.event_id != event.id or \
            (question.status == "hidden" and not hidden_ok):
        raise NotFound(_l("This question does not exist (any more)."))
    return question


def ask(user, event: Event, body) -> LiveQuestion:
    body = text({"body": body}, "body", cfg("LIVE_QUESTION_MAX"), multiline=True)
    require_voice(user, event)
    if is_muted(user, event):
        raise MutedError()
    question = LiveQuestion(event_id=event.id, author_id=user.id, body=body,
                            created_at=utcnow(), vote_count=0, status="open",
                            highlighted=False)
    question.author = user
    db.session.add(question)
    db.session.flush()
    realtime.publish(room_name(event.id), question_payload(question))
    db.session.commit()
    return question


def vote(user, event: Event, question_id: int) -> int:
    """Upvote once; a second upvote is refused (the primary key decides)."""
    require_voice(user, event)
    question = _question_in(event, question_id)
    already = AlreadyVoted(_l("You already upvoted this question."))
    if db.session.get(LiveQuestionVote, (question.id, user.id)) is not None:
        raise already
    try:
        with db.session.begin_nested():
            db.session.add(LiveQuestionVote(question_id=question.id, user_id=user.id))
    except sa.exc.IntegrityError:
        raise already from None
    db.session.execute(sa.update(LiveQuestion).where(LiveQuestion.id == question.id)
                       .values(vote_count=LiveQuestion.vote_count + 1)
                       .execution_options(synchronize_session=False))
    votes = db.session.scalar(sa.select(LiveQuestion.vote_count)
                              .where(LiveQuestion.id == question.id))
    realtime.publish_throttled(room_name(event.id), p.QuestionVotes(id=question.id, votes=votes),
                               key=("question", question.id))
    db.session.commit()
    return votes


def mark(user, event: Event, question_id: int, action: str, answer=None) -> LiveQuestion:
    """Presenters mark answered (optionally with their answer text) and (un)highlight;
    moderators hide. Highlighting one question un-highlights the others."""
    if action == "hide":
        require_moderate(user, event)
    else:
        require_present(user, event)
    answer_text = text({"answer": answer}, "answer", cfg("LIVE_ANSWER_MAX"),
                       required=False, multiline=True)
    if answer_text is not None and action != "answered":
        raise LiveError(_l("An answer can only be given when marking a question answered."))
    question = _question_in(event, question_id, hidden_ok=action == "hide")
    changed = [question]
    if action == "answered":
        question.status = "answered"
        question.answered_at = utcnow()
        question.answered_by_id = user.id
        if answer_text is not None:
            question.answer_text = answer_text
    elif action == "highlight":
        others = db.session.scalars(sa.select(LiveQuestion).where(
            LiveQuestion.event_id == event.id, LiveQuestion.highlighted.is_(True),
            LiveQuestion.id != question.id)).all()
        for other in others:
            other.highlighted = False
        changed.extend(others)
        question.highlighted = True
    elif action == "unhighlight":
        question.highlighted = False
    else:
        question.status = "hidden"
        question.highlighted = False
    db.session.flush()
    for item in changed:
        realtime.publish(room_name(event.id), question_payload(item))
    db.session.commit()
    return question


# ---------------------------------------------------------------- afterwards

def to_knowledge_square(user, event: Event, question_id: int):
    """Turn an audience question into a knowledge-square question (asked by the presenter,
    on behalf of the audience), with the presenter's answer when one was stored.

    Returns the ``community.qa`` question. Done once per audience question.
    """
    from ..qa import services as qa_services
    from ..qa.models import Question as QaQuestion

    require_present(user, event)
    question = _question_in(event, question_id)
    if question.qa_question_id is not None and \
            db.session.get(QaQuestion, question.qa_question_id) is not None:
        raise Conflict(_l("This question is already on the knowledge square."))
    if not can(user, "view", event):
        raise NotAllowed()
    first_line = question.body.split("\n", 1)[0]
    title = first_line if len(first_line) <= 150 else first_line[:149].rstrip() + "…"
    if len(title) < 5:
        title = _l("Question from the masterclass %(title)s", title=event.title[:100])
    body = "{}\n\n*{}*".format(
        question.body,
        _l("Asked by the audience during %(title)s.", title=event.title))
    created = qa_services.ask(user, title=str(title), body_md=body, space=event.space)
    question = db.session.get(LiveQuestion, question_id)  # the commit expired it
    question.qa_question_id = created.id
    if question.answer_text:
        db.session.commit()
        qa_services.answer(user, created, question.answer_text)
    else:
        db.session.commit()
    return created


def require_transcript(user, event: Event) -> None:
    """Who may read the transcript and Q&A: whoever may attend, and staff."""
    require_attend(user, event)
