"""How questions and answers are searched (see ``community/search/registry.py``).

Only published items are in the index. A platform-wide question (no space) has the
audience ``public`` (readable without an account); one in a space ``space:<id>``, so it
follows the space's visibility exactly as posts do. Answers follow their question; a
question whose status or space changes re-indexes its answers.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy.orm import object_session
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..search.analysis import detect_language
from ..search.registry import PUBLIC, DocFields, Document, register_document, space_audience
from ..spaces.search_docs import _memberships
from .models import Answer, Question


def _text(html: str | None) -> str:
    return Markup(html or "").striptags()  # noqa: S704  (our own sanitised HTML, read only)


def _audience(question: Question) -> str:
    return PUBLIC if question.space_id is None else space_audience(question.space_id)


def _question_of(answer: Answer) -> Question | None:
    question = answer.__dict__.get("question")
    if question is not None:
        return question
    return (object_session(answer) or db.session).get(Question, answer.question_id)


@register_document("question")
class QuestionDocument(Document):
    model = Question
    label = _l("Questions")
    watched = ("title", "body_md", "body_html", "status", "space_id", "tags", "sector")
    cascade = ("status", "space_id")

    def fields(self, question: Question) -> DocFields | None:
        if question.status != "published":
            return None
        body = _text(question.body_html)
        author = question.author
        return DocFields(
            title=question.title, body=body, audience=_audience(question),
            language=detect_language(f"{question.title} {body}",
                                     getattr(author, "locale", None)),
            created=question.created_at, space_id=question.space_id,
            tags=[t.slug for t in question.tags], sector=question.sector)

    def reindex_query(self):
        return (sa.select(Question.id).where(Question.status == "published")
                .order_by(Question.id))

    def visible(self, user, questions):
        held = _memberships(user, {q.space_id for q in questions if q.space_id})
        visible = super().visible(user, questions)
        del held
        return visible

    def related(self, connection, question: Question):
        ids = connection.scalars(sa.select(Answer.id).where(Answer.question_id == question.id))
        return [("answer", i) for i in ids]

    def url(self, question: Question) -> str:
        return url_for("qa.show", question_id=question.id)

    def context(self, question: Question) -> str | None:
        return question.space.name if question.space is not None else None


@register_document("answer")
class AnswerDocument(Document):
    model = Answer
    label = _l("Answers")
    watched = ("body_md", "body_html", "status", "question_id")
    autocomplete = False

    def fields(self, answer: Answer) -> DocFields | None:
        question = _question_of(answer)
        if answer.status != "published" or question is None \
                or question.status != "published":
            return None
        body = _text(answer.body_html)
        return DocFields(  # no title: a search for the question's title finds the question
            title="", body=body, audience=_audience(question),
            language=detect_language(body, getattr(answer.author, "locale", None)),
            created=answer.created_at, space_id=question.space_id,
            tags=[t.slug for t in question.tags], sector=question.sector)

    def reindex_query(self):
        return (sa.select(Answer.id).join(Question, Question.id == Answer.question_id)
                .where(Answer.status == "published", Question.status == "published")
                .order_by(Answer.id))

    def load(self, session, ids):
        answers = list(session.scalars(sa.select(Answer).where(Answer.id.in_(list(ids)))))
        question_ids = {a.question_id for a in answers}
        if question_ids:
            questions = {q.id: q for q in session.scalars(
                sa.select(Question).where(Question.id.in_(question_ids)))}
            for a in answers:
                if a.question_id in questions:
                    set_committed_value(a, "question", questions[a.question_id])
        return answers

    def visible(self, user, answers):
        questions = [_question_of(a) for a in answers]
        held = _memberships(user, {q.space_id for q in questions if q and q.space_id})
        visible = super().visible(user, answers)
        del held
        return visible

    def url(self, answer: Answer) -> str:
        return url_for("qa.show", question_id=answer.question_id,
                       _anchor=f"answer-{answer.id}")

    def fields_for_display(self, answer: Answer) -> DocFields:
        question = _question_of(answer)
        return DocFields(title=question.title, body=_text(answer.body_html), audience="")

    def context(self, answer: Answer) -> str | None:
        return _question_of(answer).title
