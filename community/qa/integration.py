"""Questions and answers in the shared registries: moderation (reports, hide, lock),
posting limits (``moderation.trust``) and notification targets. Imported by ``policy``
(loaded at start-up)."""
from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from ..extensions import db
from ..moderation import targets, trust
from ..notifications import services as notifications
from .models import Answer, QaComment, Question
from .reputation import settle_deletion


def question_url(question: Question, anchor: str | None = None) -> str:
    return url_for("qa.show", question_id=question.id, _anchor=anchor)


def answer_url(answer: Answer) -> str:
    return url_for("qa.show", question_id=answer.question_id, _anchor=f"answer-{answer.id}")


def _question_of(answer: Answer) -> Question | None:
    return db.session.get(Question, answer.question_id)


def _question_status(question: Question, old: str, new: str) -> None:
    settle_deletion(question, "question", old, new)


def _answer_status(answer: Answer, old: str, new: str) -> None:
    """``Question.answer_count`` counts published answers; deleting settles reputation."""
    settle_deletion(answer, "answer", old, new)
    if old == "published" and new != "published":
        db.session.execute(sa.update(Question).where(Question.id == answer.question_id)
                           .values(answer_count=Question.answer_count - 1))
    elif old != "published" and new == "published":
        db.session.execute(sa.update(Question).where(Question.id == answer.question_id)
                           .values(answer_count=Question.answer_count + 1))


def _answer_title(answer: Answer) -> str:
    from flask_babel import gettext as _

    question = _question_of(answer)
    return _("Answer to “%(title)s”", title=question.title if question else "?")


targets.register("question", Question, label=_l("Question"), title=lambda q: q.title,
                 url=question_url, lockable=True, space_id=lambda q: q.space_id,
                 on_status=_question_status,
                 notify_data=lambda q: {"title": q.title, "question_id": q.id})
targets.register("answer", Answer, label=_l("Answer"), title=_answer_title, url=answer_url,
                 on_status=_answer_status,
                 space_id=lambda a: getattr(_question_of(a), "space_id", None),
                 notify_data=lambda a: {"title": getattr(_question_of(a), "title", ""),
                                        "question_id": a.question_id})

trust.register_kind("question", lambda: Question,
                    lambda n: lazy_ngettext("%(num)d question", "%(num)d questions", n), 3, 10)
trust.register_kind("answer", lambda: Answer,
                    lambda n: lazy_ngettext("%(num)d answer", "%(num)d answers", n), 10, 30)
trust.register_kind("qa_comment", lambda: QaComment,
                    lambda n: lazy_ngettext("%(num)d comment", "%(num)d comments", n), 10, 30)


def _visible_question_ids(user):
    from .queries import visible_questions_clause

    return sa.select(Question.id).where(visible_questions_clause(user))


def _load_questions(ids) -> dict:
    return {q.id: q for q in db.session.scalars(sa.select(Question).where(Question.id.in_(ids)))}


notifications.register_target(Question, visible_ids=_visible_question_ids,
                              load=_load_questions, title=lambda q: q.title, url=question_url)
