"""Reports of content by members; a moderator resolves or dismisses them."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..db import IdMixin, TimestampMixin, UTCDateTime
from ..extensions import db

REPORT_REASONS = ("spam", "offensive", "off_topic", "outdated", "other")
REPORT_STATES = ("open", "resolved", "dismissed")
REPORT_TARGETS = ("post", "comment", "question", "answer")


class Report(IdMixin, TimestampMixin, db.Model):
    target_type: Mapped[str] = mapped_column(sa.String(10))
    target_id: Mapped[int] = mapped_column()
    reporter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True)
    reason: Mapped[str] = mapped_column(sa.String(12))
    note: Mapped[str | None] = mapped_column(sa.String(1000))
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    resolved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id], lazy="joined")

    __table_args__ = (
        sa.UniqueConstraint("target_type", "target_id", "reporter_id", name="once"),
        sa.CheckConstraint(f"reason IN {REPORT_REASONS!r}", name="reason"),
        sa.CheckConstraint(f"status IN {REPORT_STATES!r}", name="status"),
        sa.CheckConstraint(f"target_type IN {REPORT_TARGETS!r}", name="target_type"),
        sa.Index("ix_report_status_created", "status", "created_at"),
    )
