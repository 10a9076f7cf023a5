"""Questions, answers and comments: the write use-cases (ask, edit, re-tag, delete,
answer, comment, close, reopen, close as duplicate).

Every use-case takes the acting user and objects explicitly, checks access with
``access.require`` (a refused *view* is NotFound), validates everything before the first
write and commits once. Notifications are created inside the transaction
(``notifications.services.notify`` checks that each recipient may see the question);
votes, accepting and helpful marks live in ``votes``; expert routing in ``routing``.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from .. import audit
from ..access import require
from ..db import utcnow
from ..errors import Conflict, NotFound, ValidationError
from ..extensions import db
from ..moderation import trust
from ..notifications import services as notifications
from ..plugins import fire_after_commit
from ..tags import tags_for
from ..taxonomy import SECTORS
from ..text import clean_source, render_markdown
from . import policy, routing
from .models import Answer, QaComment, Question, QuestionRevision
from .reputation import settle_deletion

# ---------------------------------------------------------------- validation


def _cfg(key: str) -> int:
    return current_app.config[key]


def clean_title(title: str | None) -> str:
    title = " ".join((title or "").split())
    limit = _cfg("QA_TITLE_MAX")
    if len(title) < 5:
        raise ValidationError(_l("Write your question as a title of at least 5 characters."),
                              field="title")
    if len(title) > limit:
        raise ValidationError(_l("The title has at most %(n)d characters.", n=limit),
                              field="title")
    return title


def clean_body(body: str | None, limit_key: str = "QA_BODY_MAX") -> str:
    return clean_source(body, _cfg(limit_key))


def clean_sector(sector: str | None) -> str | None:
    sector = (sector or "").strip().upper() or None
    if sector is not None and sector not in SECTORS:
        raise ValidationError(_l("Choose a sector from the list."), field="sector")
    return sector


def _tags(labels):
    return tags_for(labels or [], limit=_cfg("QA_TAGS_MAX"))


def _find_answer(question: Question, answer_id) -> Answer:
    answer = db.session.get(Answer, answer_id) if answer_id else None
    if answer is None or answer.question_id != question.id:
        raise NotFound()
    return answer


# ---------------------------------------------------------------- questions

def ask(author, *, title: str, body_md: str, tags=None, sector: str | None = None,
        space=None) -> Question:
    """Publish a question (in ``space`` or platform-wide); matching experts are notified."""
    if space is not None:
        require(author, "view_content", space)
    if not policy.may_ask_in(author, space):
        require(author, "ask")
        if space is not None:
            require(author, "post", space)
    title = clean_title(title)
    body_md = clean_body(body_md)
    sector = clean_sector(sector)
    trust.check_posting(author, "question", body_md)
    tag_list = _tags(tags)
    now = utcnow()
    question = Question(space_id=space.id if space is not None else None, author_id=author.id,
                        title=title, body_md=body_md, body_html=render_markdown(body_md),
                        sector=sector, status="published", last_activity_at=now,
                        created_at=now)
    question.space = space
    question.author = author
    question.tags = tag_list
    db.session.add(question)
    db.session.flush()
    routing.notify_experts(question)
    fire_after_commit("on_question_created", question=question, user=author)
    db.session.commit()
    return question


def edit_question(editor, question: Question, *, title: str, body_md: str, tags=None,
                  sector: str | None = None) -> Question:
    """Edit; the version before is kept as a ``QuestionRevision``."""
    require(editor, "edit", question)
    title = clean_title(title)
    body_md = clean_body(body_md)
    sector = clean_sector(sector)
    tag_list = _tags(tags)
    if title != question.title or body_md != question.body_md:
        db.session.add(QuestionRevision(question_id=question.id, editor_id=editor.id,
                                        title=question.title, body_md=question.body_md,
                                        created_at=utcnow()))
    question.title, question.body_md = title, body_md
    question.body_html = render_markdown(body_md)
    question.sector = sector
    question.tags = tag_list
    if editor.id != question.author_id:
        audit.record("question.edited", actor=editor, target=question)
    db.session.commit()
    return question


def retag(editor, question: Question, tags) -> Question:
    """Change only the tags (the ``edit_tags`` privilege, or the asker)."""
    require(editor, "retag", question)
    question.tags = _tags(tags)
    if editor.id != question.author_id:
        audit.record("question.retagged", actor=editor, target=question)
    db.session.commit()
    return question


def delete_question(actor, question: Question) -> None:
    """Soft delete: the row stays; the question answers 404 to everyone but staff."""
    require(actor, "delete", question)
    settle_deletion(question, "question", question.status, "deleted")
    question.status = "deleted"
    question.deleted_at = utcnow()
    audit.record("question.deleted", actor=actor, target=question)
    db.session.commit()


def close(actor, question: Question, reason: str | None,
          duplicate_of: Question | None = None) -> Question:
    """Close (no new answers) with a reason, or as a duplicate of another question."""
    require(actor, "close", question)
    if question.is_closed:
        raise Conflict(_l("This question is already closed."))
    reason = " ".join((reason or "").split())
    if duplicate_of is not None:
        require(actor, "view", duplicate_of)
        if duplicate_of.id == question.id or duplicate_of.duplicate_of_id == question.id:
            raise ValidationError(_l("A question cannot be a duplicate of itself."),
                                  field="duplicate_of")
        if duplicate_of.status != "published":
            raise NotFound()
    elif not reason:
        raise ValidationError(_l("Give a reason for closing."), field="reason")
    if len(reason) > 300:
        raise ValidationError(_l("The reason has at most %(n)d characters.", n=300),
                              field="reason")
    question.closed_at = utcnow()
    question.closed_by_id = actor.id
    question.closed_reason = reason or None
    question.duplicate_of_id = duplicate_of.id if duplicate_of is not None else None
    audit.record("question.closed", actor=actor, target=question,
                 duplicate_of=question.duplicate_of_id)
    notifications.notify([question.author], "qa_closed", question, actor=actor,
                         title=question.title)
    db.session.commit()
    return question


def reopen(actor, question: Question, reason: str | None = None) -> Question:
    require(actor, "close", question)
    if not question.is_closed:
        raise Conflict(_l("This question is open."))
    question.closed_at = None
    question.closed_by_id = None
    question.closed_reason = None
    question.duplicate_of_id = None
    audit.record("question.reopened", actor=actor, target=question,
                 reason=" ".join((reason or "").split())[:300])
    db.session.commit()
    return question


def duplicates_of(question: Question) -> list[Question]:
    """Published questions closed as a duplicate of ``question`` (the link back)."""
    return list(db.session.scalars(
        sa.select(Question).where(Question.duplicate_of_id == question.id,
                                  Question.status == "published")
        .order_by(Question.created_at)))


# ---------------------------------------------------------------- answers

def answer(author, question: Question, body_md: str) -> Answer:
    """Answer a question; the asker is notified. A closed question refuses (409)."""
    require(author, "answer", question)
    if question.is_closed:
        raise Conflict(_l("This question is closed: it takes no new answers."))
    body_md = clean_body(body_md)
    trust.check_posting(author, "answer", body_md)
    now = utcnow()
    item = Answer(question_id=question.id, author_id=author.id, body_md=body_md,
                  body_html=render_markdown(body_md), status="published", created_at=now)
    item.author = author
    db.session.add(item)
    question.answer_count = Question.answer_count + 1
    question.last_activity_at = now
    if question.first_answer_at is None:
        question.first_answer_at = now
    db.session.flush()
    notifications.notify([question.author], "qa_answer", question, actor=author,
                         title=question.title, answer_id=item.id)
    fire_after_commit("on_answer_created", answer=item, question=question, user=author)
    db.session.commit()
    return item


def edit_answer(editor, item: Answer, body_md: str) -> Answer:
    require(editor, "edit", item)
    body_md = clean_body(body_md)
    if body_md != item.body_md:
        db.session.add(QuestionRevision(question_id=item.question_id, answer_id=item.id,
                                        editor_id=editor.id, body_md=item.body_md,
                                        created_at=utcnow()))
    item.body_md = body_md
    item.body_html = render_markdown(body_md)
    if editor.id != item.author_id:
        audit.record("answer.edited", actor=editor, target=item)
    db.session.commit()
    return item


def delete_answer(actor, item: Answer) -> None:
    """Soft delete; an accepted answer stops being accepted."""
    require(actor, "delete", item)
    question = db.session.get(Question, item.question_id)
    if item.status == "published":
        question.answer_count = Question.answer_count - 1
    if question.accepted_answer_id == item.id:
        from .votes import _unaccept

        _unaccept(question, item)
    settle_deletion(item, "answer", item.status, "deleted")
    item.status = "deleted"
    item.deleted_at = utcnow()
    if actor.id != item.author_id:
        audit.record("answer.deleted", actor=actor, target=item)
    db.session.commit()


# ---------------------------------------------------------------- comments

def add_comment(author, question: Question, body_md: str, answer_id=None) -> QaComment:
    """A comment under the question, or under one of its answers."""
    target = _find_answer(question, answer_id) if answer_id else question
    require(author, "comment", target)
    body_md = clean_body(body_md, "QA_COMMENT_MAX")
    trust.check_posting(author, "qa_comment", body_md)
    comment = QaComment(question_id=question.id,
                        answer_id=target.id if target is not question else None,
                        author_id=author.id, body_md=body_md,
                        body_html=render_markdown(body_md), status="published",
                        created_at=utcnow())
    comment.author = author
    db.session.add(comment)
    question.last_activity_at = utcnow()
    db.session.commit()
    return comment


def delete_comment(actor, comment: QaComment) -> None:
    require(actor, "delete", comment)
    comment.status = "deleted"
    comment.deleted_at = utcnow()
    db.session.commit()
