"""Database conventions shared by every model.

- the naming convention (in `extensions.py`) names constraints the same on every database;
- `UTCDateTime`: datetimes are stored in UTC and always come back timezone-aware;
- `after_commit(fn)`: side effects (search, sockets, mail, hooks) run only once the
  transaction that caused them has committed, and are dropped on rollback.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from .extensions import db


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """A timezone-aware datetime stored as UTC (naive on SQLite, timestamptz on PostgreSQL)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware datetime in UTC")
        value = value.astimezone(dt.UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def sql_in(column: str, values) -> str:
    """``column IN ('a', 'b')`` for a CHECK constraint (a Python tuple of one renders badly)."""
    quoted = ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)
    return f"{column} IN ({quoted})"


class IdMixin:
    id: Mapped[int] = mapped_column(primary_key=True)


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )


# ---------------------------------------------------------------- after-commit queue

_QUEUE_KEY = "community_after_commit"


def after_commit(fn: Callable[[], None], session: Session | None = None) -> None:
    """Run `fn` once the current transaction commits; forget it if the transaction rolls back."""
    sess = session or db.session()
    sess.info.setdefault(_QUEUE_KEY, []).append(fn)


@event.listens_for(Session, "after_commit")
def _run_after_commit(session: Session) -> None:
    callbacks = session.info.pop(_QUEUE_KEY, [])
    for fn in callbacks:
        try:
            fn()
        except Exception:  # a failing side effect must never undo or hide a committed write
            import logging

            logging.getLogger("community.after_commit").exception(
                "after-commit callback failed", extra={"callback": getattr(fn, "__name__", "?")}
            )


@event.listens_for(Session, "after_soft_rollback")
def _drop_after_rollback(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None or not session.in_transaction():
        session.info.pop(_QUEUE_KEY, None)


# ---------------------------------------------------------------- book-keeping writes

_WRITES_KEY = "community_deferred_writes"


def write_after_request(work) -> None:
    """Queue a small book-keeping write ("last seen" stamps) made while serving a read.

    ``work`` is an SQL statement or a function using ``db.session``. It runs after the view,
    in a transaction of its own (``run_deferred_writes``). Changing a loaded object instead
    would autoflush into the request's read transaction, and on SQLite a read transaction
    cannot become a write once another connection has committed ("database is locked").
    Best effort: when the database stays busy the stamp is skipped; the next request retries.
    """
    db.session.info.setdefault(_WRITES_KEY, []).append(work)


def run_deferred_writes() -> None:
    writes = db.session.info.pop(_WRITES_KEY, [])
    if not writes:
        return
    db.session.rollback()  # end the read transaction; the writes begin a fresh one
    try:
        for work in writes:
            work() if callable(work) else db.session.execute(work)
        db.session.commit()
    except sa.exc.OperationalError:
        db.session.rollback()
        import logging

        logging.getLogger("community.db").warning("book-keeping write skipped: database busy")


# ---------------------------------------------------------------- SQLite behaviour

@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """WAL, foreign keys and durable writes on SQLite; let SQLAlchemy own transactions.

    pysqlite's own transaction handling breaks SAVEPOINT and `BEGIN IMMEDIATE`; turning it
    off here and emitting BEGIN ourselves (below) is the recipe from the SQLAlchemy docs.
    """
    import sqlite3

    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:
    """SQLite: requests that change things take the write lock when they begin.

    A deferred transaction that has read cannot start writing once another process has
    committed ("database is locked", and the busy timeout does not help). POST, PUT,
    PATCH and DELETE requests therefore begin IMMEDIATE and wait their turn; reads stay
    deferred and never block each other (WAL).
    """
    if conn.dialect.name != "sqlite":
        return
    from flask import has_request_context, request

    writing = has_request_context() and (
        request.method in ("POST", "PUT", "PATCH", "DELETE")
        or getattr(request, "sid", None) is not None)  # a Socket.IO event or (dis)connect
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")
