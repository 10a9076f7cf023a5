"""Reporting content, and hiding it automatically after enough distinct reporters."""
from __future__ import annotations

import pytest

from community import access
from community.errors import Conflict
from community.extensions import db
from community.moderation import services
from community.moderation.models import Report
from community.notifications.models import Notification
from tests.community.moderation.helpers import audit_actions, report_count, token


def _report(client, target_type, target_id, reason="spam", note="", next_url=None):
    data = {"reason": reason, "note": note, "csrf_token": token(client)}
    if next_url:
        data["next"] = next_url
    return client.post(f"/moderation/report/{target_type}/{target_id}", data=data)


def _status(obj) -> str:
    db.session.expire_all()
    return db.session.get(type(obj), obj.id).status


@pytest.fixture
def world(en_user, make_space, make_post, make_comment):
    author = en_user(name="Auteur")
    space = make_space("open")
    post = make_post(author, space, title="Slim voorraadbeheer")
    comment = make_comment(en_user(name="Reageerder"), post)
    return {"author": author, "space": space, "post": post, "comment": comment}


def test_member_reports_a_post_with_reason_and_note(client, login, en_user, world):
    reporter = en_user()
    login(reporter)
    page = client.get(f"/moderation/report/post/{world['post'].id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Slim voorraadbeheer" in html and "Spam or advertising" in html
    resp = _report(client, "post", world["post"].id, reason="outdated",
                   note="Deze subsidie bestaat niet meer", next_url="/companies")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/companies")
    row = db.session.scalar(db.select(Report))
    assert (row.target_type, row.target_id, row.reporter_id, row.reason, row.status) == \
        ("post", world["post"].id, reporter.id, "outdated", "open")
    assert row.note == "Deze subsidie bestaat niet meer"
    assert _status(world["post"]) == "published"  # one report hides nothing


def test_reporting_twice_is_a_clear_conflict_and_one_row(client, login, en_user, world):
    login(en_user())
    assert _report(client, "comment", world["comment"].id).status_code == 302
    again = _report(client, "comment", world["comment"].id, reason="offensive")
    assert again.status_code == 409
    assert "You have already reported this" in again.get_data(as_text=True)
    assert report_count() == 1
    # the report page says so too instead of offering the form again
    page = client.get(f"/moderation/report/comment/{world['comment'].id}")
    assert "You have already reported this" in page.get_data(as_text=True)


def test_reporting_what_you_cannot_see_is_404_like_missing(client, login, en_user,
                                                          make_space, make_post):
    insider = en_user()
    secret = make_space("secret", name="Geheime kring", members=[insider])
    post = make_post(insider, secret, title="Geheim plan")
    login(en_user())
    hidden = client.get(f"/moderation/report/post/{post.id}")
    missing = client.get("/moderation/report/post/999999")
    assert hidden.status_code == missing.status_code == 404
    assert "Geheim plan" not in hidden.get_data(as_text=True)
    # the same page (only the current path in the language switch differs)
    assert hidden.get_data(as_text=True).replace(f"/post/{post.id}", "/post/999999") == \
        missing.get_data(as_text=True)
    assert _report(client, "post", post.id).status_code == 404
    assert client.get("/moderation/report/nonsense/1").status_code == 404
    assert report_count() == 0


def test_own_content_unconfirmed_and_anonymous_cannot_report(client, login, en_user, world):
    login(world["author"])
    assert _report(client, "post", world["post"].id).status_code == 403
    client.post("/logout", data={"csrf_token": token(client)})
    anonymous = client.get(f"/moderation/report/post/{world['post'].id}")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    login(en_user(confirmed=False))
    assert _report(client, "post", world["post"].id).status_code == 403
    assert report_count() == 0


def test_unknown_reason_and_long_note_are_refused(client, login, en_user, world):
    login(en_user())
    assert _report(client, "post", world["post"].id, reason="boring").status_code == 400
    assert _report(client, "post", world["post"].id, note="x" * 1001).status_code == 400
    assert report_count() == 0


def test_post_hidden_after_three_distinct_reporters(client, login, en_user, world, app):
    post, author = world["post"], world["author"]
    assert app.config["MODERATION_AUTO_HIDE_REPORTS"] == 3
    first, second, third = en_user(), en_user(), en_user()
    services.report(first, post, "spam")
    # the same person again does not count twice
    with pytest.raises(Conflict):
        services.report(first, post, "offensive")
    services.report(second, post, "spam")
    assert _status(post) == "published"
    assert "moderation.auto_hidden" not in audit_actions(post)

    services.report(third, post, "offensive")
    post = db.session.get(type(post), post.id)
    assert post.status == "hidden"
    assert audit_actions(post) == ["moderation.auto_hidden"]
    note = db.session.scalar(db.select(Notification).where(Notification.user_id == author.id))
    assert note is not None and note.kind == "content_hidden"
    assert (note.target_type, note.target_id) == ("post", post.id)
    assert note.data["reason"] == "reports" and note.data["title"] == "Slim voorraadbeheer"
    assert note.actor_id is None  # reporters stay anonymous to the author

    # others: gone, exactly like a missing post; staff and the author still see it
    outsider = en_user()
    assert not access.can(outsider, "view", post)
    assert not access.can(first, "view", post)
    assert access.can(en_user("moderator"), "view", post)
    assert access.can(en_user("admin"), "view", post)
    assert access.can(author, "view", post)
    login(outsider)
    assert client.get(f"/moderation/report/post/{post.id}").status_code == 404


def test_threshold_comes_from_config(app, en_user, world):
    app.config["MODERATION_AUTO_HIDE_REPORTS"] = 2
    try:
        services.report(en_user(), world["comment"], "spam")
        assert _status(world["comment"]) == "published"
        services.report(en_user(), world["comment"], "spam")
        assert _status(world["comment"]) == "hidden"
    finally:
        app.config["MODERATION_AUTO_HIDE_REPORTS"] = 3


def test_hidden_comment_no_longer_counts_on_the_post(en_user, world):
    before = world["post"].comment_count
    for _ in range(3):
        services.report(en_user(), world["comment"], "offensive")
    db.session.expire_all()
    post = db.session.get(type(world["post"]), world["post"].id)
    assert post.comment_count == before - 1
    assert audit_actions(world["comment"]) == ["moderation.auto_hidden"]


def test_report_button_only_for_logged_in_users(app, en_user, world):
    from flask import render_template_string
    from flask_login import login_user

    source = ('{% from "moderation/macros.html" import report_button %}'
              '{{ report_button("post", 42) }}')
    with app.test_request_context("/some/page"):
        assert "/moderation/report/post/42" not in render_template_string(source)
    with app.test_request_context("/some/page"):
        login_user(en_user())
        html = render_template_string(source)
    assert 'href="/moderation/report/post/42?next=/some/page"' in html
    own = ('{% from "moderation/macros.html" import report_button %}'
           '{{ report_button("post", 42, author_id=me.id) }}')
    with app.test_request_context("/some/page"):
        me = en_user()
        login_user(me)
        assert "/moderation/report/" not in render_template_string(own, me=me)
