"""Users, their login sessions and API tokens."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import IdMixin, TimestampMixin, UTCDateTime, utcnow
from ..extensions import db
from ..tags import Tag

ROLES = ("member", "expert", "partner", "consultant", "moderator", "admin")
ROLE_LABELS = {
    "member": _l("Member"),
    "expert": _l("Expert"),
    "partner": _l("Partner"),
    "consultant": _l("Consultant"),
    "moderator": _l("Moderator"),
    "admin": _l("Administrator"),
}
STAFF_ROLES = ("moderator", "admin")
VISIBILITIES = ("public", "members", "private")

user_expertise = sa.Table(
    "user_expertise",
    db.metadata,
    sa.Column("user_id", sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag_id", sa.ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True),
)


class User(IdMixin, TimestampMixin, UserMixin, db.Model):
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[str] = mapped_column(sa.String(20), default="member")
    locale: Mapped[str] = mapped_column(sa.String(5), default="nl")
    job_title: Mapped[str | None] = mapped_column(sa.String(120))
    bio: Mapped[str | None] = mapped_column(sa.Text)
    municipality: Mapped[str | None] = mapped_column(sa.String(60))
    visibility: Mapped[str] = mapped_column(sa.String(10), default="members")
    avatar_file: Mapped[str | None] = mapped_column(sa.String(80))
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    expertise: Mapped[list[Tag]] = relationship(
        secondary=user_expertise, lazy="selectin", order_by=Tag.slug
    )

    __table_args__ = (sa.CheckConstraint(f"role IN {ROLES!r}", name="role"),)

    @property
    def is_active(self) -> bool:  # Flask-Login
        return self.active

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class UserSession(TimestampMixin, db.Model):
    """A server-side record of one login; the browser's cookie holds only its random key.

    Logging out revokes the row, a password change revokes all the user's others, and
    a cookie replayed after either finds no live row and is treated as anonymous.
    """

    key_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    user_agent: Mapped[str | None] = mapped_column(sa.String(200))
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")


class ApiToken(IdMixin, TimestampMixin, db.Model):
    """A personal API token; only its SHA-256 is stored, the prefix helps recognise it."""

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    prefix: Mapped[str] = mapped_column(sa.String(12))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    scope: Mapped[str] = mapped_column(sa.String(10), default="read")
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")

    __table_args__ = (sa.CheckConstraint("scope IN ('read', 'write')", name="scope"),)

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None
