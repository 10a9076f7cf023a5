"""Keeping the index in step with the database, safely with several processes.

1. **Enqueue in the transaction.** A SQLAlchemy ``after_flush`` listener sees every new,
   changed (in a ``watched`` attribute) or deleted object of a registered type and inserts
   a ``search_queue`` row *in the same transaction*. A rollback takes the rows with it; a
   commit makes them durable, whichever process made them.
2. **Drain after commit.** Once the transaction has committed, the process tries to take
   the index's writer lock (``store.write_lock``, an ``flock`` shared by all processes).
   If it gets it, it drains the *whole* queue in batches (one Whoosh commit per batch,
   then the batch's rows are deleted), looping until the queue is empty; then it
   releases the lock and looks once more. If it does not get the lock, another process
   is draining: that process re-reads the queue before it lets go and again after, and
   our row was committed before we tried the lock, so it is picked up; nothing is lost
   and no ``LockError`` reaches a request.
3. **Read your writes.** Before a search, pending rows are drained (waiting a moment for
   the lock if another process holds it), so an edit or delete shows in the next query.

Re-processing a row is harmless: a document is rebuilt from the current database row,
so the queue is at-least-once and idempotent.
"""
from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from . import indexer, registry
from .models import SearchQueue
from .store import IndexUnavailable, LockTimeout

log = logging.getLogger("community.search")

BATCH = 1000
_PENDING = "search_pending"


# ---------------------------------------------------------------- 1. enqueue

def _changed(obj, attrs) -> bool:
    state = sa.inspect(obj)
    return any(name in state.attrs and state.attrs[name].history.has_changes()
               for name in attrs)


def _rows_for_flush(session: Session) -> list[dict]:
    registry.load_document_types()
    rows: dict[tuple[str, int], None] = {}
    for obj in list(session.new) + list(session.deleted):
        spec = registry.for_model(type(obj))
        if spec is not None and getattr(obj, "id", None) is not None:
            rows[(spec.name, obj.id)] = None
    for obj in session.dirty:
        spec = registry.for_model(type(obj))
        if spec is None or obj in session.deleted:
            continue
        if _changed(obj, spec.watched):
            rows[(spec.name, obj.id)] = None
        if spec.cascade and _changed(obj, spec.cascade):
            for key in spec.related(session.connection(), obj):
                rows[key] = None
    return [{"doc_type": t, "obj_id": i} for t, i in rows]


@event.listens_for(Session, "after_flush")
def _enqueue(session: Session, flush_context) -> None:
    rows = _rows_for_flush(session)
    if rows:
        session.connection().execute(sa.insert(SearchQueue), rows)
        session.info[_PENDING] = True


@event.listens_for(Session, "after_commit")
def _drain_after_commit(session: Session) -> None:
    if not session.info.pop(_PENDING, False) or not has_app_context():
        return
    if not current_app.config.get("SEARCH_INDEX_ON_COMMIT", True):
        return  # bulk jobs: the next search, drain or reindex catches up
    try:
        from .maintenance import store

        drain(store(), timeout=current_app.config.get("SEARCH_COMMIT_LOCK_WAIT", 0.0))
    except Exception:  # the write is committed; the row waits in the queue
        log.exception("search: draining after commit failed")


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction) -> None:
    if not session.in_transaction():
        session.info.pop(_PENDING, None)


# ---------------------------------------------------------------- 2. drain

def pending() -> bool:
    with indexer.session_scope() as s:
        return s.scalar(sa.select(SearchQueue.id).limit(1)) is not None


def drain(store, timeout: float = 0.0, rounds: int = 3) -> int:
    """Index everything queued if we get the writer lock; returns documents written.

    ``timeout``: how long to wait for the lock. Without the lock this returns at once:
    the holder drains our rows (see the module docstring).
    """
    done = 0
    for _ in range(rounds):
        try:
            with store.write_lock(timeout):
                done += drain_locked(store)
        except LockTimeout:
            return done
        if not pending():  # anything committed while we held the lock and released it?
            return done
        timeout = 0.0
    return done


def drain_locked(store) -> int:
    """Drain the queue until it is empty; the caller holds the writer lock.

    Each batch is one database transaction that *starts* by deleting the rows it takes
    (``DELETE ... RETURNING``): on SQLite that takes the write lock first, so the drain
    waits its turn instead of failing to upgrade a read transaction. The transaction
    commits only after the Whoosh commit; if anything fails before, the rows come back.
    """
    from .maintenance import ensure_locked

    done = 0
    while pending():
        try:
            writer = store.writer()
        except IndexUnavailable:
            ensure_locked(store)  # rebuilds from the database, then drains
            continue
        try:
            with indexer.session_scope() as s:
                batch = (sa.select(SearchQueue.id).order_by(SearchQueue.id).limit(BATCH)
                         .scalar_subquery())
                rows = s.execute(sa.delete(SearchQueue).where(SearchQueue.id.in_(batch))
                                 .returning(SearchQueue.doc_type, SearchQueue.obj_id)).all()
                if not rows:  # someone else took them (cannot happen under the lock)
                    writer.cancel()
                    continue
                done += indexer.apply(writer, s, {(r.doc_type, r.obj_id) for r in rows})
                writer.commit()
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            raise
    return done
