"""Spaces (Jive 'places') and their memberships."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..db import IdMixin, TimestampMixin, UTCDateTime
from ..extensions import db

# open: anyone sees and joins; members: anyone sees, members post;
# private: listed, content for members, join by approved request;
# secret: invisible to non-members (even its name), invitation only.
VISIBILITIES = ("open", "members", "private", "secret")
LISTED = ("open", "members", "private")
PUBLIC_CONTENT = ("open", "members")
MEMBER_ROLES = ("member", "admin")


class Space(IdMixin, TimestampMixin, db.Model):
    name: Mapped[str] = mapped_column(sa.String(120))
    slug: Mapped[str] = mapped_column(sa.String(140), unique=True)
    description: Mapped[str | None] = mapped_column(sa.Text)
    rules: Mapped[str | None] = mapped_column(sa.Text)
    visibility: Mapped[str] = mapped_column(sa.String(10), default="open", index=True)
    cover_file: Mapped[str | None] = mapped_column(sa.String(80))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    is_early_bird: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (sa.CheckConstraint(f"visibility IN {VISIBILITIES!r}", name="visibility"),)

    def __repr__(self) -> str:
        return f"<Space {self.id} {self.slug} {self.visibility}>"


class SpaceMembership(TimestampMixin, db.Model):
    space_id: Mapped[int] = mapped_column(sa.ForeignKey("space.id", ondelete="CASCADE"),
                                          primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True, index=True)
    role: Mapped[str] = mapped_column(sa.String(10), default="member")
    last_visit_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    space: Mapped[Space] = relationship(lazy="joined")
    user: Mapped[User] = relationship(lazy="joined")

    __table_args__ = (sa.CheckConstraint(f"role IN {MEMBER_ROLES!r}", name="role"),)


INVITATION_STATES = ("pending", "accepted", "declined", "revoked")
REQUEST_STATES = ("pending", "approved", "declined")
FEEDBACK_STATES = ("new", "planned", "done")
FLAG_STATES = ("off", "early_birds", "everyone")


class SpaceInvitation(IdMixin, TimestampMixin, db.Model):
    """An invitation to a space: to a known user (in-app) or to an e-mail address.

    Only the SHA-256 of the e-mailed token is stored. Secret spaces are joined only this way.
    """

    space_id: Mapped[int] = mapped_column(sa.ForeignKey("space.id", ondelete="CASCADE"),
                                          index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                                index=True)
    email: Mapped[str | None] = mapped_column(sa.String(254))
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="pending")
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    space: Mapped[Space] = relationship(lazy="joined")

    __table_args__ = (sa.CheckConstraint(f"status IN {INVITATION_STATES!r}", name="status"),)


class JoinRequest(IdMixin, TimestampMixin, db.Model):
    """A request to join a private space; one row per (space, user), reused on re-request."""

    space_id: Mapped[int] = mapped_column(sa.ForeignKey("space.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                         index=True)
    message: Mapped[str | None] = mapped_column(sa.String(500))
    status: Mapped[str] = mapped_column(sa.String(10), default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")

    __table_args__ = (
        sa.UniqueConstraint("space_id", "user_id", name="space_user"),
        sa.CheckConstraint(f"status IN {REQUEST_STATES!r}", name="status"),
    )


class FeedbackItem(IdMixin, TimestampMixin, db.Model):
    """Feedback from early-bird members on the platform (the Early Birds feedback board)."""

    space_id: Mapped[int] = mapped_column(sa.ForeignKey("space.id", ondelete="CASCADE"),
                                          index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(10), default="new")

    author: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (sa.CheckConstraint(f"status IN {FEEDBACK_STATES!r}", name="status"),)


class FeatureFlag(TimestampMixin, db.Model):
    """A feature switched off, on for early-bird members only, or on for everyone."""

    name: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    state: Mapped[str] = mapped_column(sa.String(12), default="off")
    description: Mapped[str | None] = mapped_column(sa.String(300))

    __table_args__ = (sa.CheckConstraint(f"state IN {FLAG_STATES!r}", name="state"),)


from .post_models import (  # noqa: E402,F401  (registers the content models with the metadata)
    Attachment,
    Bookmark,
    Comment,
    Post,
    PostRevision,
    Reaction,
)
