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
