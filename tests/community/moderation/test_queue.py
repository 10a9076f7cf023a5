"""The moderation queue and the moderator actions (hide, restore, lock, move, delete,
dismiss, resolve): who may use them, what users see afterwards, the audit trail."""
from __future__ import annotations

import pytest

from community import access
from community.extensions import db
from community.moderation import services
from community.moderation.models import Report
from community.notifications.models import Notification
from tests.community.moderation.helpers import audit_actions, report_count, token


def _fresh(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def _act(client, target_type, target_id, action, next_url="/moderation"):
    return client.post(f"/moderation/{target_type}/{target_id}/{action}",
                       data={"csrf_token": token(client), "next": next_url})


@pytest.fixture
def world(en_user, make_space, make_post, make_comment):
    author = en_user(name="Auteur Anna")
    reader = en_user(name="Lezer Luc")
    space = make_space("open", name="Open ruimte")
    post = make_post(author, space, title="Zonnepanelen op het bedrijfsdak")
    comment = make_comment(reader, post)
    return {"author": author, "reader": reader, "space": space, "post": post,
            "comment": comment, "moderator": en_user("moderator", name="Mod Mies"),
            "admin": en_user("admin", name="Beheer Bert")}


@pytest.mark.parametrize("role,status", [("member", 403), ("partner", 403), ("expert", 403),
                                         ("moderator", 200), ("admin", 200)])
def test_queue_access_per_role(client, login, en_user, role, status):
    login(en_user(role))
    assert client.get("/moderation").status_code == status


def test_queue_needs_login(client):
    resp = client.get("/moderation")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_queue_groups_open_reports_by_item(client, login, en_user, world):
    post, comment = world["post"], world["comment"]
    services.report(en_user(name="Eerste Melder"), post, "spam")
    services.report(en_user(), post, "outdated")
    services.report(en_user(), comment, "offensive")
    login(world["moderator"])
    html = client.get("/moderation").get_data(as_text=True)
    assert "2 items have open reports." in html
    assert "Zonnepanelen op het bedrijfsdak" in html
    assert "2 reports" in html and "1 report" in html
    assert "Spam or advertising: 1" in html and "Outdated or incorrect: 1" in html
    assert "Offensive or inappropriate: 1" in html
    assert "Eerste Melder" in html
    # most reported first
    assert html.index("Zonnepanelen") < html.index("Comment on")
    # moderator buttons for each item
    assert f'action="/moderation/post/{post.id}/hide"' in html
    assert f'action="/moderation/comment/{comment.id}/dismiss"' in html
    assert f"/moderation/post/{post.id}/move" in html


def test_moderation_nav_item_only_for_staff(client, login, en_user, world):
    login(world["author"])
    assert 'href="/moderation"' not in client.get("/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": token(client)})
    login(world["moderator"])
    assert 'href="/moderation"' in client.get("/").get_data(as_text=True)


def test_queue_queries_do_not_grow_with_items(client, login, en_user, make_space, make_post,
                                              make_comment, count_queries):
    space = make_space("open")
    reporters = [en_user() for _ in range(2)]

    def fill(n):
        for _ in range(n):
            post = make_post(en_user(), space)
            comment = make_comment(en_user(), post)
            for r in reporters:
                services.report(r, post, "spam")
                services.report(r, comment, "other")

    moderator = en_user("moderator")
    login(moderator)
    fill(1)
    with count_queries() as small:
        assert client.get("/moderation").status_code == 200
    fill(9)
    with count_queries() as large:
        page = client.get("/moderation")
    assert page.status_code == 200
    assert page.get_data(as_text=True).count('class="card moderation-item"') == 20
    assert large.count == small.count, (small.count, large.count)


def test_hide_and_restore_change_what_users_see(client, login, en_user, world):
    post, author, reader = world["post"], world["author"], world["reader"]
    services.report(reader, post, "spam")
    login(world["moderator"])
    resp = _act(client, "post", post.id, "hide", next_url="/companies")
    assert resp.status_code == 303 and resp.headers["Location"].endswith("/companies")
    post = _fresh(post)
    assert post.status == "hidden"
    assert not access.can(reader, "view", post) and access.can(author, "view", post)
    assert report_count(status="resolved") == 1 and report_count(status="open") == 0
    assert audit_actions(post) == ["moderation.hide"]
    told = db.session.scalar(db.select(Notification).where(Notification.user_id == author.id))
    assert told.kind == "content_hidden" and told.data["reason"] == "moderator"

    assert _act(client, "post", post.id, "hide").status_code == 409  # already hidden
    assert _act(client, "post", post.id, "restore").status_code == 303
    post = _fresh(post)
    assert post.status == "published" and access.can(reader, "view", post)
    assert audit_actions(post) == ["moderation.hide", "moderation.restore"]


def test_restore_after_auto_hide_dismisses_the_reports(en_user, world):
    post = world["post"]
    for _ in range(3):
        services.report(en_user(), post, "spam")
    assert _fresh(post).status == "hidden"
    services.restore(world["admin"], _fresh(post))
    assert _fresh(post).status == "published"
    assert report_count(status="dismissed") == 3
    assert services.queue(world["admin"]).items == []


def test_delete_hides_from_everyone_but_staff_even_the_author(client, login, world):
    post = world["post"]
    login(world["admin"])
    assert _act(client, "post", post.id, "delete").status_code == 303
    post = _fresh(post)
    assert post.status == "deleted" and post.deleted_at is not None
    assert not access.can(world["author"], "view", post)
    assert not access.can(world["reader"], "view", post)
    assert access.can(world["moderator"], "view", post)
    assert audit_actions(post) == ["moderation.delete"]
    # restore brings it back
    assert _act(client, "post", post.id, "restore").status_code == 303
    post = _fresh(post)
    assert post.status == "published" and post.deleted_at is None


def test_lock_and_unlock(client, login, world):
    post = world["post"]
    login(world["moderator"])
    assert _act(client, "post", post.id, "lock").status_code == 303
    assert _fresh(post).is_locked is True
    assert _act(client, "post", post.id, "lock").status_code == 409
    assert _act(client, "post", post.id, "unlock").status_code == 303
    assert _fresh(post).is_locked is False
    assert audit_actions(post) == ["moderation.lock", "moderation.unlock"]
    # comments cannot be locked
    assert _act(client, "comment", world["comment"].id, "lock").status_code == 400


def test_locked_post_shows_unlock_button_to_staff_only(app, world):
    from flask import render_template_string
    from flask_login import login_user

    post = world["post"]
    post.is_locked = True
    db.session.commit()
    source = ('{% from "moderation/macros.html" import moderator_actions %}'
              '{{ moderator_actions("post", post) }}')
    with app.test_request_context("/p"):
        login_user(world["moderator"])
        html = render_template_string(source, post=post)
    assert f'action="/moderation/post/{post.id}/unlock"' in html
    assert f'action="/moderation/post/{post.id}/hide"' in html
    assert f'action="/moderation/post/{post.id}/lock"' not in html
    with app.test_request_context("/p"):
        login_user(world["author"])
        assert "/moderation/" not in render_template_string(source, post=post)
    with app.test_request_context("/p"):
        assert "/moderation/" not in render_template_string(source, post=post)


def test_move_into_secret_space_hides_it_from_outsiders(client, login, en_user, world,
                                                       make_space):
    from community.feeds.models import Activity

    post, reader = world["post"], world["reader"]
    insider = en_user()
    secret = make_space("secret", name="Besloten kring", members=[insider])
    db.session.add(Activity(actor_id=world["author"].id, verb="post_created",
                            target_type="post", target_id=post.id,
                            space_id=world["space"].id, post_id=post.id))
    db.session.commit()
    login(world["moderator"])
    page = client.get(f"/moderation/post/{post.id}/move")
    assert page.status_code == 200 and "Besloten kring" in page.get_data(as_text=True)
    resp = client.post(f"/moderation/post/{post.id}/move",
                       data={"space": secret.id, "csrf_token": token(client)})
    assert resp.status_code == 303
    post = _fresh(post)
    assert post.space_id == secret.id
    assert not access.can(reader, "view", post) and access.can(insider, "view", post)
    assert db.session.scalar(db.select(Activity.space_id).where(Activity.post_id == post.id)) \
        == secret.id
    assert audit_actions(post) == ["moderation.move"]
    # moving to the same space again is refused, nothing written
    again = client.post(f"/moderation/post/{post.id}/move",
                        data={"space": secret.id, "csrf_token": token(client)})
    assert again.status_code == 400
    assert audit_actions(post) == ["moderation.move"]
    # comments do not move
    assert client.get(f"/moderation/comment/{world['comment'].id}/move").status_code == 404


def test_dismiss_and_resolve_close_reports_without_touching_content(en_user, world):
    post, comment, mod = world["post"], world["comment"], world["moderator"]
    services.report(en_user(), post, "spam")
    services.report(en_user(), comment, "spam")
    services.dismiss_reports(mod, post)
    services.resolve_reports(mod, comment)
    assert report_count(status="dismissed") == 1 and report_count(status="resolved") == 1
    row = db.session.scalar(db.select(Report).where(Report.target_type == "post"))
    assert row.resolved_by_id == mod.id and row.resolved_at is not None
    assert _fresh(post).status == "published" and _fresh(comment).status == "published"
    assert audit_actions(post) == ["moderation.dismiss"]
    assert audit_actions(comment) == ["moderation.resolve"]
    assert services.queue(mod).items == []


def test_hiding_a_comment_updates_the_count_and_is_audited(client, login, world):
    post, comment = world["post"], world["comment"]
    before = post.comment_count
    login(world["moderator"])
    assert _act(client, "comment", comment.id, "hide").status_code == 303
    assert _fresh(comment).status == "hidden"
    assert _fresh(post).comment_count == before - 1
    assert not access.can(world["author"], "view", _fresh(comment))
    assert _act(client, "comment", comment.id, "restore").status_code == 303
    assert _fresh(post).comment_count == before
    assert audit_actions(comment) == ["moderation.hide", "moderation.restore"]


@pytest.mark.parametrize("action", ["hide", "delete", "lock", "dismiss"])
def test_non_staff_cannot_act(client, login, world, action):
    post = world["post"]
    services.report(world["reader"], post, "spam")
    login(world["author"])
    assert _act(client, "post", post.id, action).status_code == 403
    post = _fresh(post)
    assert post.status == "published" and post.is_locked is False
    assert report_count(status="open") == 1
    assert audit_actions(post) == []


def test_acting_on_invisible_content_is_404(client, login, en_user, make_space, make_post):
    insider = en_user()
    post = make_post(insider, make_space("secret", members=[insider]))
    login(en_user())
    assert _act(client, "post", post.id, "hide").status_code == 404
    assert _act(client, "post", 999999, "hide").status_code == 404
    assert _fresh(post).status == "published"


def test_action_without_csrf_token_is_refused(client, login, world):
    login(world["moderator"])
    resp = client.post(f"/moderation/post/{world['post'].id}/hide", data={})
    assert resp.status_code == 400
    assert _fresh(world["post"]).status == "published"
