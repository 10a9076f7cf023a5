"""Companies, their members and invitations to join."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..db import IdMixin, TimestampMixin, UTCDateTime
from ..extensions import db

KVK_PATTERN = r"^\d{8}$"
VERIFICATION_STATES = ("unverified", "pending", "verified", "rejected")
COMPANY_ROLES = ("owner", "member")


class Company(IdMixin, TimestampMixin, db.Model):
    name: Mapped[str] = mapped_column(sa.String(160), index=True)
    slug: Mapped[str] = mapped_column(sa.String(180), unique=True)
    kvk_number: Mapped[str | None] = mapped_column(sa.String(8), unique=True)
    sbi_code: Mapped[str | None] = mapped_column(sa.String(6))
    sector: Mapped[str | None] = mapped_column(sa.String(1), index=True)
    size_class: Mapped[str | None] = mapped_column(sa.String(10))
    municipality: Mapped[str | None] = mapped_column(sa.String(60), index=True)
    region: Mapped[str | None] = mapped_column(sa.String(10), index=True)
    website: Mapped[str | None] = mapped_column(sa.String(300))
    description: Mapped[str | None] = mapped_column(sa.Text)
    verification: Mapped[str] = mapped_column(sa.String(12), default="unverified")
    verified_source: Mapped[str | None] = mapped_column(sa.String(40))
    verified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    memberships: Mapped[list[CompanyMember]] = relationship(
        back_populates="company", cascade="all, delete-orphan", lazy="raise"
    )

    __table_args__ = (
        sa.CheckConstraint(f"verification IN {VERIFICATION_STATES!r}", name="verification"),
    )

    def __repr__(self) -> str:
        return f"<Company {self.id} {self.name}>"


class CompanyMember(TimestampMixin, db.Model):
    company_id: Mapped[int] = mapped_column(
        sa.ForeignKey("company.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(sa.String(10), default="member")

    company: Mapped[Company] = relationship(back_populates="memberships", lazy="joined")
    user: Mapped[User] = relationship(lazy="joined")

    __table_args__ = (sa.CheckConstraint(f"role IN {COMPANY_ROLES!r}", name="role"),)


class CompanyInvitation(IdMixin, TimestampMixin, db.Model):
    company_id: Mapped[int] = mapped_column(sa.ForeignKey("company.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(sa.String(254))
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    company: Mapped[Company] = relationship(lazy="joined")
