"""Search tables: the durable index queue and the anonymised query log.

``SearchQueue`` is a transactional outbox: a row per changed document is written in the
same database transaction as the change itself (see ``queue.py``), so a rolled-back write
leaves nothing behind and a committed one can never be forgotten, whichever process
committed it. The process that holds the index's write lock drains the queue.

``SearchQueryLog`` records what people look for and how many results they got, for the
programme office. It holds no user id, no IP address and no session: only the normalised
query text, the filters, the locale and the result count.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..db import IdMixin, UTCDateTime, utcnow
from ..extensions import db


class SearchQueue(IdMixin, db.Model):
    doc_type: Mapped[str] = mapped_column(sa.String(30))
    obj_id: Mapped[int] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class SearchQueryLog(IdMixin, db.Model):
    query: Mapped[str] = mapped_column(sa.String(200))
    result_count: Mapped[int] = mapped_column()
    doc_type: Mapped[str | None] = mapped_column(sa.String(30))
    filtered: Mapped[bool] = mapped_column(default=False)  # any facet filter besides type
    page: Mapped[int] = mapped_column(default=1)
    locale: Mapped[str] = mapped_column(sa.String(5))
    source: Mapped[str] = mapped_column(sa.String(10), default="web")  # web | api
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
