"""The knowledge square (kennisplein): questions, answers, comments, votes, revisions and
the reputation ledger.

Scores and counters (``score``, ``answer_count``) are changed by the services with SQL
increments in the same transaction as the rows they count, so concurrent votes never
lose an update. A vote's primary key (user, target) forbids voting twice.
``Question.accepted_answer_id`` has no foreign key (questions and answers would refer to
each other); the services keep it right and ``Answer.is_accepted`` mirrors it.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..db import IdMixin, TimestampMixin, UTCDateTime, sql_in, utcnow
from ..extensions import db
from ..spaces.models import Space
from ..tags import Tag

CONTENT_STATES = ("published", "hidden", "deleted")
VOTE_TARGETS = ("question", "answer")
COMMENT_TARGETS = ("question", "answer")

question_tag = sa.Table(
    "question_tag",
    db.metadata,
    sa.Column("question_id", sa.ForeignKey("question.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("tag_id", sa.ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class Question(IdMixin, TimestampMixin, db.Model):
    # NULL: the platform-wide Q&A area (readable by everyone, also without an account)
    space_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("space.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    body_md: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)  # sanitised; the only thing rendered
    sector: Mapped[str | None] = mapped_column(sa.String(1))  # SBI section letter
    status: Mapped[str] = mapped_column(sa.String(10), default="published")
    is_locked: Mapped[bool] = mapped_column(default=False)
    score: Mapped[int] = mapped_column(default=0)
    answer_count: Mapped[int] = mapped_column(default=0)
    accepted_answer_id: Mapped[int | None] = mapped_column()
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_reason: Mapped[str | None] = mapped_column(sa.String(300))
    closed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"))
    duplicate_of_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("question.id", ondelete="SET NULL"), index=True)
    # metrics: time to first answer and to the accepted answer
    first_answer_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    escalated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_activity_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    space: Mapped[Space | None] = relationship(lazy="joined")
    author: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[author_id])
    tags: Mapped[list[Tag]] = relationship(secondary=question_tag, lazy="selectin",
                                           order_by=Tag.slug)

    __table_args__ = (
        sa.CheckConstraint(f"status IN {CONTENT_STATES!r}", name="status"),
        sa.Index("ix_question_status_activity", "status", "last_activity_at"),
        sa.Index("ix_question_unanswered", "status", "answer_count", "created_at"),
        sa.Index("ix_question_status_created", "status", "created_at"),
        sa.Index("ix_question_status_score", "status", "score", "created_at"),
    )

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def __repr__(self) -> str:
        return f"<Question {self.id} {self.title[:30]!r}>"


class Answer(IdMixin, TimestampMixin, db.Model):
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("question.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    body_md: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(10), default="published")
    score: Mapped[int] = mapped_column(default=0)
    is_accepted: Mapped[bool] = mapped_column(default=False)
    is_helpful: Mapped[bool] = mapped_column(default=False)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User | None] = relationship(lazy="joined")
    question: Mapped[Question] = relationship(lazy="raise")

    __table_args__ = (
        sa.CheckConstraint(f"status IN {CONTENT_STATES!r}", name="status"),
        sa.Index("ix_answer_question_created", "question_id", "created_at"),
    )


class QaComment(IdMixin, TimestampMixin, db.Model):
    """A short comment under a question or an answer (``answer_id`` NULL: the question)."""

    __tablename__ = "qa_comment"

    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("question.id", ondelete="CASCADE"))
    answer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("answer.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    body_md: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(10), default="published")
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (
        sa.CheckConstraint(f"status IN {CONTENT_STATES!r}", name="status"),
        sa.Index("ix_qa_comment_question_created", "question_id", "created_at"),
    )


class Vote(db.Model):
    """One vote (+1 or -1) per user per question or answer: the primary key forbids two."""

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    target_type: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    target_id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(sa.SmallInteger)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.CheckConstraint(sql_in("target_type", VOTE_TARGETS), name="target_type"),
        sa.CheckConstraint("value IN (-1, 1)", name="value"),
        sa.Index("ix_vote_target", "target_type", "target_id"),
    )


class QuestionRevision(IdMixin, db.Model):
    """The previous version of a question (``answer_id`` NULL) or of one of its answers."""

    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("question.id", ondelete="CASCADE"), index=True)
    answer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("answer.id", ondelete="CASCADE"), index=True)
    editor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    title: Mapped[str | None] = mapped_column(sa.String(200))
    body_md: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    editor: Mapped[User | None] = relationship(lazy="joined")


class ReputationEvent(IdMixin, db.Model):
    """The reputation ledger: a user's total is the sum of their events' points."""

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    points: Mapped[int] = mapped_column()
    reason: Mapped[str] = mapped_column(sa.String(30))
    source_type: Mapped[str] = mapped_column(sa.String(10))  # question / answer
    source_id: Mapped[int] = mapped_column()
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.Index("ix_reputation_event_user_created", "user_id", "created_at"),
        sa.Index("ix_reputation_event_created", "created_at"),
    )
