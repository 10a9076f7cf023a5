"""The index on disk: where it lives, who may write, and how searchers are kept.

Layout of ``SEARCH_INDEX_DIR`` (one per machine, on local disk)::

    write.lock       our writer lock (``flock``): held by whoever writes the index
    CURRENT          the name of the live Whoosh index, replaced atomically on a rebuild
    _<name>_<gen>.toc, <name>_*.seg, ...   Whoosh's own files

One writer at a time: every write (draining the queue, rebuilding) first takes
``write.lock`` with ``flock``, which excludes other processes and other threads of this
process alike, and only then opens a Whoosh writer, so Whoosh's own lock is always free
and ``LockError`` cannot happen between our writers. A writer that cannot get the lock in
time gives up and leaves its work in the database queue (see ``queue.py``).

A rebuild writes a complete new index under a new name beside the live one and then
switches ``CURRENT`` to it, so searches keep working from the old index meanwhile; it
holds the writer lock throughout, so no update can go to the old index and be lost.

Searchers: opening one costs ~100 ms on a large index, so each process keeps a small
pool of long-lived searchers; a request borrows one and gives it back. A searcher whose
index generation is no longer the latest is replaced by a new one. We do NOT use
``Searcher.refresh()``: in whoosh3 3.54 (and whoosh-reloaded 2.7.5) it reuses a segment's
reader even when that segment gained deletions, so a deleted or updated document keeps
matching; Whoosh 2.7.4 did not reuse readers there. ``test_store.py`` keeps an eye on it.
"""
from __future__ import annotations

import fcntl
import logging
import os
import secrets
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.query import Every

from .schema import SCHEMA_VERSION, build_schema

log = logging.getLogger("community.search")

CURRENT = "CURRENT"
LOCK = "write.lock"


class IndexUnavailable(Exception):
    """The index is missing or unreadable (it will be rebuilt)."""


class LockTimeout(Exception):
    """Another writer holds the lock."""


def _new_name() -> str:
    return f"ix{SCHEMA_VERSION}_{time.strftime('%Y%m%d%H%M%S')}_{secrets.token_hex(3)}"


class IndexStore:
    def __init__(self, path: str | os.PathLike, pool_size: int = 8):
        self.path = Path(path)
        self.pool_size = pool_size
        self._state_lock = threading.Lock()
        self._name: str | None = None
        self._ix = None
        self._pool: list = []
        self._checked: str | None = None  # name of the index that passed check()

    # ------------------------------------------------------------ naming and opening

    def current_name(self) -> str | None:
        try:
            name = (self.path / CURRENT).read_text().strip()
        except OSError:
            return None
        if not name.startswith(f"ix{SCHEMA_VERSION}_") or not name.replace("_", "").isalnum():
            return None  # another schema version, or garbage: rebuild
        return name

    def _set_current(self, name: str) -> None:
        tmp = self.path / f"{CURRENT}.{os.getpid()}.tmp"
        tmp.write_text(name)
        os.replace(tmp, self.path / CURRENT)

    def index(self):
        """The live ``FileIndex``; raises ``IndexUnavailable`` when there is none."""
        name = self.current_name()
        if name is None:
            raise IndexUnavailable("no current index")
        with self._state_lock:
            if self._name != name or self._ix is None:
                try:
                    ix = whoosh_index.open_dir(str(self.path), indexname=name)
                except Exception as exc:  # missing TOC, unpickling garbage, ...
                    raise IndexUnavailable(str(exc)) from exc
                self._close_pool()
                self._name, self._ix = name, ix
            return self._ix

    def check(self) -> bool:
        """Open the live index and read from it once; False if that fails."""
        try:
            ix = self.index()
        except IndexUnavailable as exc:
            log.info("search index not available: %s", exc)
            return False
        try:
            with ix.searcher() as s:
                s.doc_count()
                list(s.lexicon("type"))
                s.search(Every(), limit=1)
        except Exception as exc:
            log.warning("search index unusable: %s", exc)
            return False
        self._checked = self._name
        return True

    def is_checked(self) -> bool:
        return self._checked is not None and self._checked == self.current_name()

    def forget(self) -> None:
        """Drop open readers and the check mark (after an error or a rebuild)."""
        with self._state_lock:
            self._close_pool()
            self._ix, self._name, self._checked = None, None, None

    # ------------------------------------------------------------ searchers

    @contextmanager
    def searcher(self):
        ix = self.index()
        with self._state_lock:
            s = self._pool.pop() if self._pool else None
            name = self._name
        if s is not None and s.reader().generation() != ix.latest_generation():
            s.close()  # not s.refresh(): see the note above
            s = None
        if s is None:
            s = ix.searcher()
        try:
            yield s
        except Exception:
            s.close()
            raise
        else:
            with self._state_lock:
                if name == self._name and len(self._pool) < self.pool_size:
                    self._pool.append(s)
                    s = None
            if s is not None:
                s.close()

    def _close_pool(self) -> None:
        for s in self._pool:
            try:
                s.close()
            except Exception:  # noqa: S110  (closing a broken searcher must not fail)
                pass
        self._pool = []

    # ------------------------------------------------------------ the writer lock

    @contextmanager
    def write_lock(self, timeout: float = 0.0):
        """Hold ``write.lock``; raise ``LockTimeout`` if not acquired within ``timeout`` s."""
        self.path.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise LockTimeout() from None
                    time.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def writer(self, **kwargs):
        """A Whoosh writer on the live index; call only while holding ``write_lock``."""
        from flask import current_app

        wait = current_app.config.get("SEARCH_WHOOSH_LOCK_WAIT", 5.0)
        return self.index().writer(timeout=wait, **kwargs)

    # ------------------------------------------------------------ (re)building

    def create(self):
        """A new, empty index under a fresh name (not yet live); returns (name, index)."""
        self.path.mkdir(parents=True, exist_ok=True)
        name = _new_name()
        return name, whoosh_index.create_in(str(self.path), build_schema(), indexname=name)

    def switch_to(self, name: str) -> None:
        """Make ``name`` the live index and delete every other index's files."""
        self._set_current(name)
        self.forget()
        self._checked = None
        for f in self.path.iterdir():
            n = f.name
            ours = n.startswith(("_ix", "ix")) or n.startswith(f"{CURRENT}.")
            if not ours or n.startswith((f"_{name}_", f"{name}_")):
                continue
            try:
                f.unlink()  # open readers elsewhere keep their files until they close them
            except OSError:
                pass
