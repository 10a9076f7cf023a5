"""Follows and the activity log that feeds are read from.

``Activity`` rows are written in the same transaction as the content they describe, and
carry ``space_id`` so that feeds filter them with the same clause as the content itself
(``spaces.policy.content_visible_clause``): a feed can never show more than the pages.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..db import IdMixin, UTCDateTime, utcnow
from ..extensions import db

FOLLOW_TARGETS = ("space", "post", "tag", "user", "question")


class Follow(db.Model):
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    target_type: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    target_id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.CheckConstraint(f"target_type IN {FOLLOW_TARGETS!r}", name="target_type"),
        sa.Index("ix_follow_target", "target_type", "target_id"),
    )


class Activity(IdMixin, db.Model):
    """Something that happened: ``verb`` (post_created, comment_created, ...) by ``actor``
    on ``target``; ``space_id``/``post_id`` locate it for access filtering and feeds."""

    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"),
                                                 index=True)
    verb: Mapped[str] = mapped_column(sa.String(40))
    target_type: Mapped[str] = mapped_column(sa.String(20))
    target_id: Mapped[int] = mapped_column()
    space_id: Mapped[int | None] = mapped_column(sa.ForeignKey("space.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(sa.ForeignKey("post.id", ondelete="CASCADE"),
                                                index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (
        sa.Index("ix_activity_space_created", "space_id", "created_at"),
        sa.Index("ix_activity_created", "created_at"),
    )


class UserFeedState(db.Model):
    """When the user last looked at their home feed (for "new since your last visit")."""

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
