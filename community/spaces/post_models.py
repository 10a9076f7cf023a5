"""Best-practice posts and what hangs off them: revisions, tags, attachments, comments,
reactions and bookmarks.

Counters on ``Post`` (comments, reactions) are kept by the services in the same
transaction, so list pages never count rows per post. Deleting is soft: ``status`` becomes
``deleted`` and the row stays for the audit trail; ``hidden`` is a moderator's decision
(or automatic after enough reports).
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..companies.models import Company
from ..db import IdMixin, TimestampMixin, UTCDateTime, sql_in, utcnow
from ..extensions import db
from ..tags import Tag
from .models import Space

CONTENT_STATES = ("published", "hidden", "deleted")
REACTION_KINDS = ("useful",)
REACTION_TARGETS = ("post", "comment")

post_tag = sa.Table(
    "post_tag",
    db.metadata,
    sa.Column("post_id", sa.ForeignKey("post.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag_id", sa.ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class Post(IdMixin, TimestampMixin, db.Model):
    space_id: Mapped[int] = mapped_column(sa.ForeignKey("space.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"),
                                                  index=True)
    # "praktijkvoorbeeld van <company>": the author's company at the time of writing
    company_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("company.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    body_md: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)  # sanitised; the only thing rendered
    status: Mapped[str] = mapped_column(sa.String(10), default="published")
    is_featured: Mapped[bool] = mapped_column(default=False)
    is_official: Mapped[bool] = mapped_column(default=False)
    is_locked: Mapped[bool] = mapped_column(default=False)
    review_on: Mapped[dt.date | None] = mapped_column(sa.Date)  # possibly outdated after
    comment_count: Mapped[int] = mapped_column(default=0)
    reaction_count: Mapped[int] = mapped_column(default=0)
    last_activity_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    space: Mapped[Space] = relationship(lazy="joined")
    author: Mapped[User | None] = relationship(lazy="joined")
    company: Mapped[Company | None] = relationship(lazy="joined")
    tags: Mapped[list[Tag]] = relationship(secondary=post_tag, lazy="selectin",
                                           order_by=Tag.slug)

    __table_args__ = (
        sa.CheckConstraint(f"status IN {CONTENT_STATES!r}", name="status"),
        sa.Index("ix_post_space_activity", "space_id", "status", "last_activity_at"),
    )

    def __repr__(self) -> str:
        return f"<Post {self.id} {self.title[:30]!r}>"


class PostRevision(IdMixin, db.Model):
    """The previous version of a post, kept on every edit (edit history)."""

    post_id: Mapped[int] = mapped_column(sa.ForeignKey("post.id", ondelete="CASCADE"),
                                         index=True)
    editor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(sa.String(200))
    body_md: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    editor: Mapped[User | None] = relationship(lazy="joined")


class Attachment(IdMixin, TimestampMixin, db.Model):
    """A file attached to a post, stored outside the static root under a random name."""

    post_id: Mapped[int] = mapped_column(sa.ForeignKey("post.id", ondelete="CASCADE"),
                                         index=True)
    uploader_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(sa.String(200))  # sanitised original name
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int] = mapped_column()


class Comment(IdMixin, TimestampMixin, db.Model):
    """A comment on a post; ``parent_id`` allows one level of replies."""

    post_id: Mapped[int] = mapped_column(sa.ForeignKey("post.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"),
                                                  index=True)
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("comment.id", ondelete="CASCADE"))
    body_md: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(10), default="published")
    reaction_count: Mapped[int] = mapped_column(default=0)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User | None] = relationship(lazy="joined")
    post: Mapped[Post] = relationship(lazy="raise")

    __table_args__ = (
        sa.CheckConstraint(f"status IN {CONTENT_STATES!r}", name="status"),
        sa.Index("ix_comment_post_created", "post_id", "created_at"),
    )


class Reaction(db.Model):
    """One "nuttig" (useful) per user per post or comment: the primary key forbids twice."""

    target_type: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    target_id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True, index=True)
    kind: Mapped[str] = mapped_column(sa.String(10), primary_key=True, default="useful")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.CheckConstraint(f"target_type IN {REACTION_TARGETS!r}", name="target_type"),
        sa.CheckConstraint(sql_in("kind", REACTION_KINDS), name="kind"),
    )


class Bookmark(db.Model):
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("post.id", ondelete="CASCADE"),
                                         primary_key=True, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
