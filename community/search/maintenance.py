"""Keeping the index present and healthy: the per-process store, checks and rebuilds.

A missing, unreadable or outdated (older schema) index is found on first use in each
process (and after any error while searching) and rebuilt from the database under the
writer lock; a process that finds another one rebuilding waits for it and then uses the
new index. ``community search reindex`` rebuilds on demand.
"""
from __future__ import annotations

import logging

from flask import current_app

from . import indexer
from .store import IndexStore, LockTimeout

log = logging.getLogger("community.search")

_EXT = "search_store"


def store() -> IndexStore:
    """This process's ``IndexStore`` for the app's ``SEARCH_INDEX_DIR``."""
    app = current_app._get_current_object()
    path = app.config["SEARCH_INDEX_DIR"]
    current = app.extensions.get(_EXT)
    if current is None or str(current.path) != str(path):
        if current is not None:
            current.forget()
        current = app.extensions[_EXT] = IndexStore(path)
    return current


def ensure(st: IndexStore | None = None) -> None:
    """Make sure a usable index is live; rebuild it if not (waits for another rebuild)."""
    st = st or store()
    if st.is_checked() or st.check():
        return
    wait = current_app.config.get("SEARCH_REBUILD_WAIT", 900.0)
    with st.write_lock(timeout=wait):
        ensure_locked(st)


def ensure_locked(st: IndexStore) -> None:
    """Like ``ensure``; the caller holds the writer lock."""
    st.forget()
    if st.check():  # another process rebuilt it while we waited for the lock
        return
    log.warning("search index missing or unusable in %s: rebuilding", st.path)
    rebuild_locked(st)


def rebuild(st: IndexStore | None = None, procs: int = 1, limitmb: int = 128,
            wait: float = 900.0) -> indexer.BuildStats:
    """Build a new index from the database and switch to it (``community search reindex``)."""
    st = st or store()
    with st.write_lock(timeout=wait):
        return rebuild_locked(st, procs=procs, limitmb=limitmb)


def rebuild_locked(st: IndexStore, procs: int = 1, limitmb: int = 128) -> indexer.BuildStats:
    from .queue import drain_locked

    name, ix = st.create()
    kwargs = {"limitmb": limitmb}
    if procs > 1:
        kwargs.update(procs=procs, multisegment=True)
    writer = ix.writer(**kwargs)
    try:
        with indexer.session_scope() as session:
            stats = indexer.fill(writer, session)
        writer.commit()
    except Exception:
        writer.cancel()
        raise
    st.switch_to(name)
    st.check()
    drain_locked(st)  # whatever changed while we were building
    log.info("search index rebuilt: %d documents in %.1f s", stats.documents, stats.seconds)
    return stats


def flush_pending(st: IndexStore | None = None) -> None:
    """Before a search: index what is queued, so the user reads their own writes."""
    from .queue import drain, pending

    st = st or store()
    try:
        if pending():
            drain(st, timeout=current_app.config.get("SEARCH_FLUSH_WAIT", 2.0))
    except LockTimeout:
        pass
    except Exception:
        log.exception("search: flushing the queue before a search failed")
