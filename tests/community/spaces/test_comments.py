"""Comments with one level of replies, editing and soft-deleting them, "nuttig" on
comments, and the counters kept on the post."""
from __future__ import annotations

import pytest

from community.extensions import db
from community.spaces import post_services
from community.spaces.models import SpaceMembership
from community.spaces.post_models import Comment, Post, Reaction
from tests.community.spaces.conftest import count, post_form, post_path


@pytest.fixture
def w(post_world, veteran):
    post_world.other_member = veteran(name="Otto Lid")
    for space in post_world.spaces.values():
        db.session.add(SpaceMembership(space_id=space.id, user_id=post_world.other_member.id))
    db.session.commit()
    return post_world


def _comments(post):
    db.session.expire_all()
    return db.session.scalars(db.select(Comment).where(Comment.post_id == post.id)
                              .order_by(Comment.id)).all()


def test_comment_and_reply_show_on_the_post_page(w, client_for):
    post = w.post("private")
    c = client_for(w.other_member)
    resp = post_form(c, post_path(post, "/comments"), {"body": "Heel **nuttig**, dank!"})
    assert resp.status_code == 302
    top = _comments(post)[0]
    assert resp.headers["Location"].endswith(f"#comment-{top.id}")
    reply = post_form(client_for(w.author), post_path(post, "/comments"),
                      {"body": "Graag gedaan", "parent_id": str(top.id)})
    assert reply.status_code == 302
    comments = _comments(post)
    assert [(x.parent_id, x.author_id) for x in comments] == [
        (None, w.other_member.id), (top.id, w.author.id)]
    assert db.session.get(Post, post.id).comment_count == 2
    page = c.get(post_path(post)).get_data(as_text=True)
    assert "<strong>nuttig</strong>" in page and "Graag gedaan" in page
    assert page.index("Heel") < page.index("Graag gedaan")
    assert 'class="replies"' in page


def test_a_reply_to_a_reply_attaches_to_the_top_level_comment(w):
    post = w.post("open")
    top = post_services.add_comment(w.other_member, post, "Vraag")
    reply = post_services.add_comment(w.author, post, "Antwoord", parent_id=top.id)
    deeper = post_services.add_comment(w.other_member, post, "Nog een vraag",
                                       parent_id=reply.id)
    assert reply.parent_id == top.id and deeper.parent_id == top.id


def test_replying_to_a_comment_of_another_post_is_404(w, client_for):
    post, other = w.post("open"), w.post("open", title="Ander")
    foreign = post_services.add_comment(w.author, other, "Elders")
    resp = post_form(client_for(w.other_member), post_path(post, "/comments"),
                     {"body": "Hoi", "parent_id": str(foreign.id)})
    assert resp.status_code == 404
    assert count(Comment, Comment.post_id == post.id) == 0


@pytest.mark.parametrize("body, status", [("", 400), ("   ", 400), ("x" * 5001, 400)])
def test_bad_comment_is_refused_and_nothing_changes(w, client_for, body, status):
    post = w.post("open")
    resp = post_form(client_for(w.other_member), post_path(post, "/comments"), {"body": body})
    assert resp.status_code == status
    assert count(Comment) == 0
    db.session.expire_all()
    assert db.session.get(Post, post.id).comment_count == 0


def test_author_edits_own_comment_others_may_not(w, client_for):
    post = w.post("open")
    mine = post_services.add_comment(w.other_member, post, "Eerste versie")
    path = post_path(post, f"/comments/{mine.id}/edit")
    assert client_for(w.author).get(path).status_code == 403
    assert client_for(w.moderator).get(path).status_code == 403  # staff delete, not rewrite
    assert client_for(None).get(path).status_code == 302
    c = client_for(w.other_member)
    assert c.get(path).status_code == 200
    assert post_form(c, path, {"body": ""}).status_code == 400
    assert post_form(c, path, {"body": "Tweede versie"}).status_code == 302
    db.session.expire_all()
    assert "Tweede versie" in db.session.get(Comment, mine.id).body_html


def test_soft_delete_keeps_replies_with_a_placeholder(w, client_for):
    post = w.post("open")
    top = post_services.add_comment(w.other_member, post, "Wordt verwijderd")
    post_services.add_comment(w.author, post, "Blijft staan", parent_id=top.id)
    alone = post_services.add_comment(w.other_member, post, "Ook weg")
    c = client_for(w.other_member)
    # someone else may not delete it (a member, not a space admin)
    assert post_form(client_for(w.author), post_path(post, f"/comments/{top.id}/delete")
                     ).status_code == 403
    for item in (top, alone):
        assert post_form(c, post_path(post, f"/comments/{item.id}/delete")).status_code == 302
    db.session.expire_all()
    fresh = db.session.get(Comment, top.id)
    assert fresh.status == "deleted" and fresh.deleted_at is not None
    assert db.session.get(Post, post.id).comment_count == 1
    page = c.get(post_path(post)).get_data(as_text=True)
    assert "Wordt verwijderd" not in page and "Ook weg" not in page
    assert "Blijft staan" in page and "no longer available" in page
    assert post_form(c, post_path(post, f"/comments/{top.id}/delete")).status_code == 404
    # staff still see it, marked
    staff = client_for(w.moderator).get(post_path(post)).get_data(as_text=True)
    assert "Wordt verwijderd" in staff and "This comment is deleted" in staff


def test_space_admin_deletes_any_comment_in_their_space(w, client_for):
    post = w.post("members")
    item = post_services.add_comment(w.other_member, post, "Off-topic")
    assert post_form(client_for(w.space_admin),
                     post_path(post, f"/comments/{item.id}/delete")).status_code == 302
    db.session.expire_all()
    assert db.session.get(Comment, item.id).status == "deleted"


def test_useful_on_a_comment_twice_is_one(w, client_for):
    post = w.post("open")
    item = post_services.add_comment(w.author, post, "Tip: begin klein")
    c = client_for(w.other_member)
    path = post_path(post, f"/comments/{item.id}/useful")
    for _ in range(2):
        assert post_form(c, path, {"on": "1"}).status_code == 302
    db.session.expire_all()
    assert count(Reaction, Reaction.target_type == "comment") == 1
    assert db.session.get(Comment, item.id).reaction_count == 1
    assert db.session.get(Post, post.id).reaction_count == 0
    post_form(c, path, {"on": "0"})
    db.session.expire_all()
    assert db.session.get(Comment, item.id).reaction_count == 0


def test_locked_post_takes_no_new_comments(w, client_for):
    post = w.post("open")
    post.is_locked = True
    db.session.commit()
    c = client_for(w.other_member)
    assert post_form(c, post_path(post, "/comments"), {"body": "Toch nog"}).status_code == 403
    page = c.get(post_path(post)).get_data(as_text=True)
    assert "no new comments" in page and 'class="stacked comment-form"' not in page
    assert count(Comment) == 0


def test_hidden_comment_shows_only_to_its_author_and_staff(w, client_for):
    post = w.post("open")
    item = post_services.add_comment(w.other_member, post, "Verborgen tekst")
    item.status = "hidden"
    db.session.commit()
    assert "Verborgen tekst" in client_for(w.other_member).get(post_path(post)).get_data(
        as_text=True)
    assert "Verborgen tekst" not in client_for(w.author).get(post_path(post)).get_data(
        as_text=True)
    assert "Verborgen tekst" not in client_for(None).get(f"/api/v1/posts/{post.id}/comments"
                                                         ).get_data(as_text=True)
    assert "Verborgen tekst" in client_for(w.moderator).get(post_path(post)).get_data(
        as_text=True)


def test_comment_body_is_sanitised(w):
    post = w.post("open")
    item = post_services.add_comment(w.other_member, post,
                                     '<img src=x onerror=alert(1)> [x](javascript:alert(1))')
    assert "<img" not in item.body_html and 'href="javascript' not in item.body_html
