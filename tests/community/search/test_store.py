"""The index store: one writer across processes, fresh searchers, no LockError for users."""
from __future__ import annotations

import subprocess
import sys
import tempfile
import textwrap

import pytest
from whoosh import fields, index

from community.extensions import db
from community.search import queue
from community.search.maintenance import store
from community.search.models import SearchQueue
from community.search.store import LockTimeout

from .conftest import keys, search


def test_the_writer_lock_excludes_another_process(make_user, index_dir):
    make_user()  # creates the index
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import fcntl, os, sys, time
        fd = os.open({str(index_dir / "write.lock")!r}, os.O_RDWR | os.O_CREAT)
        fcntl.flock(fd, fcntl.LOCK_EX)
        print("locked", flush=True)
        sys.stdin.read()
    """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # noqa: S603
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(LockTimeout):
            with store().write_lock(timeout=0.2):
                pass
    finally:
        holder.stdin.close()
        holder.wait(10)
    with store().write_lock(timeout=2):
        pass


def test_whoosh_own_lock_held_elsewhere_never_reaches_a_user(
        app, client, make_user, make_space, make_post):
    """If something outside our lock holds Whoosh's lock (a stray tool), writes still
    commit, searches still answer, and the queue catches up once it is released."""
    user = make_user()
    space = make_space("open")
    app.config["SEARCH_WHOOSH_LOCK_WAIT"] = 0.1
    try:
        stray = store().index().writer()  # takes Whoosh's lock
        try:
            post = make_post(space, user, "Zonnedak tijdens slot", "Tekst")
            assert db.session.scalar(db.select(db.func.count()).select_from(SearchQueue)) == 1
            assert client.get("/search?q=zonnedak").status_code == 200
        finally:
            stray.cancel()
    finally:
        app.config.pop("SEARCH_WHOOSH_LOCK_WAIT")
    assert keys(search(user, "zonnedak")) == {("post", post.id)}


def test_drain_leaves_nothing_behind(make_user, make_space, make_post):
    user = make_user()
    space = make_space("open")
    st = store()
    with st.write_lock():
        posts = [make_post(space, user, f"Batchwoord {i}", "Tekst") for i in range(30)]
    assert queue.pending()
    assert queue.drain(st) == 30  # one batch, one Whoosh commit
    assert not queue.pending()
    assert search(user, "batchwoord").total == len(posts)


def test_pooled_searchers_see_deletes(make_user, make_space, make_post):
    """A searcher kept in the pool must not keep finding a deleted document."""
    user = make_user()
    post = make_post(make_space("open"), user, "Tijdelijk bericht", "Tekst")
    assert search(user, "tijdelijk").total == 1  # the searcher goes back to the pool
    post.status = "deleted"
    db.session.commit()
    assert search(user, "tijdelijk").total == 0


def test_whoosh_refresh_still_keeps_deleted_documents():
    """Canary for the upstream bug we work around in store.py: when this starts failing,
    ``Searcher.refresh()`` handles deletions again and could be used for cheaper reuse."""
    schema = fields.Schema(key=fields.ID(unique=True, stored=True), t=fields.TEXT)
    ix = index.create_in(tempfile.mkdtemp(), schema)
    w = ix.writer()
    w.add_document(key="1", t="a")
    w.add_document(key="2", t="a")
    w.commit()
    searcher = ix.searcher()
    w = ix.writer()
    w.delete_by_term("key", "1")
    w.commit()
    refreshed = searcher.refresh()
    assert [d["key"] for d in refreshed.documents()] == ["1", "2"]  # stale: the bug
    assert [d["key"] for d in ix.searcher().documents()] == ["2"]  # what we do instead
