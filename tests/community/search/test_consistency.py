"""The database is the source of truth: updates after commit, none after rollback, edits and
deletes visible in the very next query, reindex, and recovery from a lost or broken index."""
from __future__ import annotations

import shutil

import sqlalchemy as sa

from community.extensions import db
from community.search import queue
from community.search.maintenance import store
from community.search.models import SearchQueue
from community.spaces.post_models import Post

from .conftest import keys, search


def queued() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(SearchQueue))


def test_a_commit_indexes_and_empties_the_queue(make_user, make_space, make_post):
    user = make_user()
    post = make_post(make_space("open"), user, "Warmtenet in Heerlen", "Mijnwater")
    assert queued() == 0
    assert keys(search(user, "mijnwater")) == {("post", post.id)}


def test_a_rolled_back_write_never_reaches_the_index(make_user, make_space):
    user = make_user()
    space = make_space("open")
    savepoint = db.session.begin_nested()
    db.session.add(Post(space_id=space.id, author_id=user.id, title="Teruggedraaid bericht",
                        body_md="x", body_html="<p>x</p>"))
    db.session.flush()
    assert queued() == 1  # written in the transaction...
    savepoint.rollback()
    assert queued() == 0  # ... and gone with it
    db.session.commit()
    assert search(user, "teruggedraaid").total == 0


def test_an_edit_shows_in_the_next_query(make_user, make_space, make_post):
    user = make_user()
    post = make_post(make_space("open"), user, "Oude titel vakbeurs", "Tekst")
    assert search(user, "vakbeurs").total == 1
    post.title = "Nieuwe titel handelsmissie"
    db.session.commit()
    assert search(user, "vakbeurs").total == 0
    assert keys(search(user, "handelsmissie")) == {("post", post.id)}


def test_unwatched_changes_do_not_touch_the_index(make_user, make_space, make_post):
    user = make_user()
    post = make_post(make_space("open"), user, "Stil bericht", "Tekst")
    post.reaction_count = 5  # not indexed: no queue row, no index write
    db.session.flush()
    assert queued() == 0
    db.session.commit()


def test_a_delete_shows_in_the_next_query(make_user, make_space, make_post, make_company):
    user = make_user()
    post = make_post(make_space("open"), user, "Bericht over houtbouw", "Tekst")
    company = make_company(name="Houtbouw Gulpen")
    assert search(user, "houtbouw").total == 2
    post.status = "deleted"
    db.session.delete(company)
    db.session.commit()
    assert search(user, "houtbouw").total == 0


def test_hiding_a_post_hides_its_comments(make_user, make_space, make_post, make_comment):
    user = make_user()
    post = make_post(make_space("open"), user, "Een post", "Tekst")
    comment = make_comment(post, user, "Reactie over glasvezel")
    assert keys(search(user, "glasvezel")) == {("comment", comment.id)}
    post.status = "hidden"
    db.session.commit()
    assert search(user, "glasvezel").total == 0
    post.status = "published"
    db.session.commit()
    assert keys(search(user, "glasvezel")) == {("comment", comment.id)}


def test_moving_a_post_moves_its_comments(make_user, make_space, make_post, make_comment):
    user, outsider = make_user(), make_user()
    secret = make_space("secret", members=[user])
    post = make_post(make_space("open"), user, "Verhuisd bericht", "Tekst")
    comment = make_comment(post, user, "Reactie over zonneboiler")
    assert search(outsider, "zonneboiler").total == 1
    post.space_id = secret.id
    db.session.commit()
    result = search(outsider, "zonneboiler")
    assert result.total == 0 and result.facets["space"] == []
    assert keys(search(user, "zonneboiler")) == {("comment", comment.id)}


def test_tags_and_profile_changes_are_indexed(make_user, make_space, make_post):
    user = make_user(name="Anouk Jansen", visibility="public")
    assert search(user, "exportadviseur").total == 0
    user.job_title = "Exportadviseur"
    db.session.commit()
    assert keys(search(user, "exportadviseur")) == {("user", user.id)}
    user.visibility = "private"
    db.session.commit()
    other = make_user()
    assert search(other, "exportadviseur").total == 0


def test_reindex_command_rebuilds_from_the_database(app, make_user, make_space, make_post):
    user = make_user()
    post = make_post(make_space("open"), user, "Kringlooppark Venray", "Tekst")
    before = store().current_name()
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "indexed" in result.output
    assert store().current_name() != before
    assert keys(search(user, "kringlooppark")) == {("post", post.id)}
    # only the live index's files are left
    names = {p.name for p in store().path.iterdir()}
    assert not [n for n in names if before in n]


def test_check_and_stats_commands(app, make_user):
    make_user(name="Statistiek Persoon", visibility="public")
    runner = app.test_cli_runner()
    assert "index ok" in runner.invoke(args=["search", "check"]).output
    out = runner.invoke(args=["search", "stats"]).output
    assert "user" in out and "queue 0" in out


def test_a_missing_index_is_rebuilt_and_the_request_still_answers(
        client, make_user, make_space, make_post, index_dir):
    user = make_user()
    post = make_post(make_space("open"), user, "Vlaai van de bakker", "Tekst")
    assert search(user, "vlaai").total == 1
    shutil.rmtree(index_dir)
    resp = client.get("/search?q=vlaai")
    assert resp.status_code == 200
    assert f"/posts/{post.id}\"" in resp.get_data(as_text=True)


def test_a_corrupt_index_is_rebuilt_and_the_request_still_answers(
        client, make_user, make_space, make_post, index_dir):
    user = make_user()
    post = make_post(make_space("open"), user, "Mergel uit de groeve", "Tekst")
    assert search(user, "mergel").total == 1
    for f in index_dir.iterdir():
        if f.name != "write.lock":
            f.write_bytes(b"\x00garbage" * 64)
    resp = client.get("/api/v1/search?q=mergel")
    assert resp.status_code == 200
    assert [i["id"] for i in resp.get_json()["items"]] == [post.id]


def test_a_corrupt_segment_is_found_by_the_check(make_user, make_space, make_post, index_dir):
    user = make_user()
    post = make_post(make_space("open"), user, "Asperges uit Limburg", "Tekst")
    st = store()
    for f in index_dir.iterdir():
        if f.suffix == ".seg":
            f.write_bytes(b"\x00" * 32)
    st.forget()  # as a freshly started process
    assert keys(search(user, "asperges")) == {("post", post.id)}


def test_writes_wait_in_the_queue_while_another_process_writes(
        make_user, make_space, make_post):
    """Without the writer lock a commit leaves its row queued; nothing fails, nothing is
    lost: the next search drains it once the lock is free."""
    user = make_user()
    space = make_space("open")
    st = store()
    st.check() or search(user, "iets")
    with st.write_lock():  # "another process" holds the lock (flock also excludes us)
        post = make_post(space, user, "Wachtrij fietskoerier", "Tekst")
        assert queued() == 1
        assert queue.drain(st) == 0
    assert keys(search(user, "fietskoerier")) == {("post", post.id)}
    assert queued() == 0
