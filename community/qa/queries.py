"""Read side of the knowledge square: finding a question, the queues, a question page's
answers and comments (a bounded number of queries whatever their number) and history."""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import lazyload

from ..access import can, is_authenticated, is_staff
from ..accounts.models import User
from ..errors import NotFound
from ..extensions import db
from ..spaces.models import SpaceMembership
from ..spaces.policy import content_visible_clause
from ..taxonomy import region_of
from .models import Answer, QaComment, Question, QuestionRevision, Vote, question_tag

QUEUES = ("newest", "unanswered", "unaccepted", "expertise", "votes", "active")


def find_question(user, question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or not can(user, "view", question):
        raise NotFound()
    return question


def find_answer(user, answer_id: int) -> tuple[Question, Answer]:
    answer = db.session.get(Answer, answer_id)
    if answer is None:
        raise NotFound()
    question = find_question(user, answer.question_id)
    if not can(user, "view", answer):
        raise NotFound()
    return question, answer


def visible_questions_clause(user):
    """WHERE clause: questions ``user`` may see in lists (published, visible space)."""
    return sa.and_(Question.status == "published",
                   content_visible_clause(user, Question.space_id))


def queue_query(user, queue: str = "newest", *, tag: str | None = None,
                sector: str | None = None, space_id: int | None = None,
                platform_only: bool = False):
    """A SELECT of visible questions for one queue and filters."""
    query = sa.select(Question).where(visible_questions_clause(user))
    if queue == "unanswered":
        query = query.where(Question.answer_count == 0, Question.closed_at.is_(None))
    elif queue == "unaccepted":
        query = query.where(Question.accepted_answer_id.is_(None),
                            Question.closed_at.is_(None))
    elif queue == "expertise":
        query = _expertise_filter(user, query)
    if tag:
        from ..tags import Tag

        query = query.where(Question.id.in_(
            sa.select(question_tag.c.question_id).join(Tag, Tag.id == question_tag.c.tag_id)
            .where(Tag.slug == tag)))
    if sector:
        query = query.where(Question.sector == sector)
    if space_id is not None:
        query = query.where(Question.space_id == space_id)
    elif platform_only:
        query = query.where(Question.space_id.is_(None))
    if queue == "votes":
        order = (Question.score.desc(), Question.created_at.desc())
    elif queue == "active":
        order = (Question.last_activity_at.desc(),)
    elif queue == "unanswered":
        order = (Question.created_at.asc(),)  # the longest waiting first
    else:
        order = (Question.created_at.desc(),)
    return query.order_by(*order, Question.id.desc())


def _expertise_filter(user, query):
    """Questions matching the user's expertise tags or their companies' sectors, or asked
    in their region."""
    if not is_authenticated(user):
        return query.where(sa.false())
    tag_ids = [t.id for t in user.expertise]
    parts = []
    if tag_ids:
        parts.append(Question.id.in_(sa.select(question_tag.c.question_id)
                                     .where(question_tag.c.tag_id.in_(tag_ids))))
    from ..companies.models import Company, CompanyMember

    parts.append(Question.sector.in_(
        sa.select(Company.sector).join(CompanyMember, CompanyMember.company_id == Company.id)
        .where(CompanyMember.user_id == user.id, Company.sector.is_not(None))))
    region = region_of(user.municipality)
    if region:
        from ..taxonomy import MUNICIPALITIES

        towns = [m for m, r in MUNICIPALITIES.items() if r == region]
        parts.append(Question.author_id.in_(
            sa.select(User.id).where(User.municipality.in_(towns))))
    return query.where(sa.or_(*parts))


def queue_page(user, queue: str = "newest", page: int = 1, per_page: int | None = None,
               **filters):
    per_page = per_page or current_app.config["QA_PAGE_SIZE"]
    query = queue_query(user, queue, **filters).options(lazyload(Question.author)
                                                         .lazyload(User.expertise))
    return db.paginate(query.options(), page=page, per_page=per_page, error_out=False,
                       count=True)


@dataclass
class AnswerView:
    answer: Answer
    comments: list = field(default_factory=list)
    my_vote: int = 0


@dataclass
class QuestionPage:
    question: Question
    answers: list[AnswerView]
    comments: list[QaComment]
    my_vote: int
    duplicate_of: Question | None
    duplicates: list[Question]


def _shown(user, item) -> bool:
    return item.status == "published" or is_staff(user) or (
        item.status == "hidden" and is_authenticated(user) and item.author_id == user.id)


def question_page(user, question: Question) -> QuestionPage:
    """Everything the question page shows, in a fixed number of queries."""
    if question.space_id is not None and is_authenticated(user):
        # keep the membership in the identity map for the access checks below
        _held = db.session.get(SpaceMembership, (question.space_id, user.id))  # noqa: F841
    answers = list(db.session.scalars(
        sa.select(Answer).where(Answer.question_id == question.id)
        .options(sa.orm.joinedload(Answer.author).lazyload(User.expertise))
        .order_by(Answer.is_accepted.desc(), Answer.score.desc(), Answer.created_at)))
    answers = [a for a in answers if _shown(user, a)]
    comments = [c for c in db.session.scalars(
        sa.select(QaComment).where(QaComment.question_id == question.id)
        .options(sa.orm.joinedload(QaComment.author).lazyload(User.expertise))
        .order_by(QaComment.created_at, QaComment.id)) if _shown(user, c)]
    votes = {}
    if is_authenticated(user):
        keys = [("question", question.id)] + [("answer", a.id) for a in answers]
        votes = {(v.target_type, v.target_id): v.value for v in db.session.scalars(
            sa.select(Vote).where(Vote.user_id == user.id,
                                  sa.tuple_(Vote.target_type, Vote.target_id).in_(keys)))}
    views = [AnswerView(a, my_vote=votes.get(("answer", a.id), 0)) for a in answers]
    by_answer = {v.answer.id: v for v in views}
    on_question = []
    for c in comments:
        if c.answer_id is None:
            on_question.append(c)
        elif c.answer_id in by_answer:
            by_answer[c.answer_id].comments.append(c)
    # by the duplicate_of_id index only (with the status and visibility clause SQLite
    # may pick a worse index); the few rows are then checked one by one
    duplicates = [q for q in db.session.scalars(sa.select(Question).where(
        Question.duplicate_of_id == question.id)
        .options(lazyload(Question.tags)).order_by(Question.created_at).limit(20))
        if q.status == "published" and can(user, "view", q)]
    duplicate_of = None
    if question.duplicate_of_id is not None:
        target = db.session.get(Question, question.duplicate_of_id)
        if target is not None and target.status == "published" and can(user, "view", target):
            duplicate_of = target
    return QuestionPage(question, views, on_question, votes.get(("question", question.id), 0),
                        duplicate_of, duplicates)


def revisions(question: Question) -> list[QuestionRevision]:
    return list(db.session.scalars(
        sa.select(QuestionRevision).where(QuestionRevision.question_id == question.id)
        .order_by(QuestionRevision.created_at.desc(), QuestionRevision.id.desc())))


def expert_author_ids(user_ids) -> set[int]:
    """Authors shown with the expert badge: experts and partner staff."""
    return set(db.session.scalars(sa.select(User.id).where(
        User.id.in_(list(user_ids)), User.role.in_(("expert", "partner")))))


def answers_of(user, question: Question, page: int = 1, per_page: int = 20):
    query = (sa.select(Answer).where(Answer.question_id == question.id,
                                     Answer.status == "published")
             .order_by(Answer.is_accepted.desc(), Answer.score.desc(), Answer.created_at))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
