"""One row per security-relevant action; never holds passwords, tokens or IBANs."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import IdMixin, UTCDateTime, utcnow
from ..extensions import db


class AuditEntry(IdMixin, db.Model):
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(60), index=True)
    target_type: Mapped[str | None] = mapped_column(sa.String(40))
    target_id: Mapped[int | None] = mapped_column()
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
