"""In-app notifications and e-mail preferences."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..db import IdMixin, UTCDateTime, utcnow
from ..extensions import db

EMAIL_MODES = ("instant", "daily", "weekly", "off")


class Notification(IdMixin, db.Model):
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    target_type: Mapped[str] = mapped_column(sa.String(40))
    target_id: Mapped[int] = mapped_column()
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    emailed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="joined")

    __table_args__ = (
        sa.Index("ix_notification_user_unread", "user_id", "read_at", "created_at"),
    )


class NotificationPreference(db.Model):
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    email_mode: Mapped[str] = mapped_column(sa.String(10), default="daily")
    last_digest_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (sa.CheckConstraint(f"email_mode IN {EMAIL_MODES!r}", name="email_mode"),)
