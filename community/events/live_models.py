"""Live masterclass rooms: everything a room shows lives here, never only in one process.

- ``LiveRoom``: one row per event once the room was used: session start and end, the
  pinned chat message, the current slide or link and who is presenting.
- ``LiveChatMessage``: the chat (and later the transcript). Deleted messages keep their row
  (``deleted_at``/``deleted_by_id``) and are left out everywhere. The chat rate limit counts
  these rows, so it holds across server processes.
- ``LiveMute``: a muted person may not chat or ask in that event's room.
- ``LiveQuestion`` and ``LiveQuestionVote``: audience questions; the vote's primary key
  (question, user) refuses a second upvote; ``vote_count`` is kept with SQL increments.
  ``qa_question_id`` links a question turned into a knowledge-square question afterwards.
- ``LivePoll``, ``LivePollOption``, ``LivePollBallot`` (unique per poll and user: voting
  twice is refused by the database) and ``LivePollChoice`` (the options of a ballot).
- ``LivePresence``: one row per connected socket (``sid``), written by the process holding
  it (``process``); ``seen_at`` is refreshed by that process's heartbeat, so rows of a dead
  process fall out of the count after ``LIVE_PRESENCE_STALE_SECONDS`` and are deleted then.
- ``LiveHand``: raised hands (primary key event, user).

Models never commit; ``live_services``, ``live_questions`` and ``live_polls`` do.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..db import IdMixin, UTCDateTime, sql_in, utcnow
from ..extensions import db

QUESTION_STATES = ("open", "answered", "hidden")
POLL_STATES = ("open", "closed")


class LiveRoom(db.Model):
    __tablename__ = "live_room"

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    pinned_message_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("live_chat_message.id", ondelete="SET NULL"))
    slide_url: Mapped[str | None] = mapped_column(sa.String(500))
    slide_title: Mapped[str | None] = mapped_column(sa.String(200))
    presenting_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow,
                                                    onupdate=utcnow)

    presenting_user: Mapped[User | None] = relationship(lazy="joined")

    @property
    def status(self) -> str:
        if self.ended_at is not None:
            return "ended"
        return "live" if self.started_at is not None else "waiting"


class LiveChatMessage(IdMixin, db.Model):
    __tablename__ = "live_chat_message"

    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)  # plain text; clients never render it as HTML
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    deleted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"))

    user: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[user_id])

    __table_args__ = (
        sa.Index("ix_live_chat_message_event_created", "event_id", "created_at"),
        sa.Index("ix_live_chat_message_user_created", "user_id", "created_at"),
    )


class LiveMute(db.Model):
    __tablename__ = "live_mute"

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    muted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class LiveQuestion(IdMixin, db.Model):
    __tablename__ = "live_question"

    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    vote_count: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    highlighted: Mapped[bool] = mapped_column(default=False)
    answer_text: Mapped[str | None] = mapped_column(sa.Text)  # the presenter's answer, if typed
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"))
    # set once turned into a knowledge-square question (no foreign key: the Q&A tables
    # live in another migration branch; the services check the question still exists)
    qa_question_id: Mapped[int | None] = mapped_column()

    author: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[author_id])

    __table_args__ = (
        sa.CheckConstraint(sql_in("status", QUESTION_STATES), name="status"),
        sa.CheckConstraint("vote_count >= 0", name="vote_count"),
        sa.Index("ix_live_question_event_created", "event_id", "created_at"),
    )


class LiveQuestionVote(db.Model):
    __tablename__ = "live_question_vote"

    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("live_question.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class LivePoll(IdMixin, db.Model):
    __tablename__ = "live_poll"

    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(sa.String(500))
    multiple: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    options: Mapped[list[LivePollOption]] = relationship(
        lazy="selectin", order_by="LivePollOption.position",
        cascade="all, delete-orphan", back_populates="poll")

    __table_args__ = (
        sa.CheckConstraint(sql_in("status", POLL_STATES), name="status"),
        sa.Index("ix_live_poll_event_created", "event_id", "created_at"),
    )


class LivePollOption(IdMixin, db.Model):
    __tablename__ = "live_poll_option"

    poll_id: Mapped[int] = mapped_column(
        sa.ForeignKey("live_poll.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(sa.SmallInteger)
    label: Mapped[str] = mapped_column(sa.String(200))

    poll: Mapped[LivePoll] = relationship(back_populates="options", lazy="raise")


class LivePollBallot(IdMixin, db.Model):
    """One per poll and person: the unique constraint refuses a second vote."""

    __tablename__ = "live_poll_ballot"

    poll_id: Mapped[int] = mapped_column(sa.ForeignKey("live_poll.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("poll_id", "user_id", name="uq_live_poll_ballot_poll_user"),
    )


class LivePollChoice(db.Model):
    __tablename__ = "live_poll_choice"

    ballot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("live_poll_ballot.id", ondelete="CASCADE"), primary_key=True)
    option_id: Mapped[int] = mapped_column(
        sa.ForeignKey("live_poll_option.id", ondelete="CASCADE"), primary_key=True,
        index=True)


class LivePresence(db.Model):
    __tablename__ = "live_presence"

    sid: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    session_hash: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    process: Mapped[str] = mapped_column(sa.String(80), index=True)
    connected_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class LiveHand(db.Model):
    __tablename__ = "live_hand"

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    raised_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
