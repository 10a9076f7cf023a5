"""The notifications inbox, the unread count, marking read, preferences and the API."""
from __future__ import annotations

import re

from community.accounts.services import create_api_token
from community.extensions import db
from community.notifications.models import Notification, NotificationPreference
from tests.community.feeds.helpers import follow, notifications_of, remove_member, token_for


def _badge(html: str) -> int:
    match = re.search(r'class="badge notifications-badge">(\d+)', html)
    return int(match.group(1)) if match else 0


def _english(client):
    client.post("/language", data={"locale": "en", "next": "/",
                                   "csrf_token": token_for(client)})


def test_inbox_lists_sentences_with_links_and_the_header_counts_unread(
        client, login, make_user, make_space, publish, comment_on):
    me, author = make_user(), make_user(name="Eva Evers")
    space = make_space("open")
    follow(me, "space", space.id)
    post = publish(author, space, title="Slimme voorraad")
    mine = publish(me, space, title="Mijn vraag")
    comment = comment_on(author, mine)
    login(me)
    _english(client)
    html = client.get("/notifications").get_data(as_text=True)
    assert "Eva Evers published “Slimme voorraad”" in html
    assert "Eva Evers commented on “Mijn vraag”" in html
    assert f"#comment-{comment.id}" in html
    assert _badge(html) == 2
    assert _badge(client.get("/").get_data(as_text=True)) == 2
    assert post.id  # the post link is built by the posts pages (or the space stream)


def test_mark_read_and_mark_all_read(client, login, make_user, make_space, publish):
    me, author = make_user(), make_user()
    space = make_space("open")
    follow(me, "space", space.id)
    for _ in range(3):
        publish(author, space)
    first = notifications_of(me)[0]
    login(me)
    token = token_for(client, "/notifications")
    assert client.post(f"/notifications/{first.id}/read").status_code == 400  # no CSRF
    resp = client.post(f"/notifications/{first.id}/read", data={"csrf_token": token})
    assert resp.status_code == 303
    db.session.expire_all()
    assert [n.read_at is not None for n in notifications_of(me)] == [True, False, False]
    assert _badge(client.get("/notifications").get_data(as_text=True)) == 2
    assert client.get("/notifications?unread=1").get_data(as_text=True) \
        .count('class="notification notification-unread"') == 2

    resp = client.post("/notifications/read-all", data={"csrf_token": token})
    assert resp.status_code == 303
    db.session.expire_all()
    assert all(n.read_at is not None for n in notifications_of(me))
    assert _badge(client.get("/notifications").get_data(as_text=True)) == 0


def test_someone_elses_notification_is_404_and_unchanged(client, login, make_user,
                                                         make_space, publish):
    me, other, author = make_user(), make_user(), make_user()
    space = make_space("open")
    follow(other, "space", space.id)
    publish(author, space)
    [theirs] = notifications_of(other)
    login(me)
    token = token_for(client)
    resp = client.post(f"/notifications/{theirs.id}/read", data={"csrf_token": token})
    missing = client.post("/notifications/999999/read", data={"csrf_token": token})
    assert resp.status_code == missing.status_code == 404
    client.post("/notifications/read-all", data={"csrf_token": token})
    db.session.expire_all()
    assert db.session.get(Notification, theirs.id).read_at is None


def test_lost_access_hides_notifications_and_their_count(client, login, make_user,
                                                         make_space, publish):
    me, author = make_user(), make_user()
    secret = make_space("secret", name="Geheime Kamer", members=[me, author])
    follow(me, "space", secret.id)
    publish(author, secret, title="Geheim plan")
    login(me)
    html = client.get("/notifications").get_data(as_text=True)
    assert "Geheim plan" in html and _badge(html) == 1

    remove_member(secret, me)
    html = client.get("/notifications").get_data(as_text=True)
    assert "Geheim plan" not in html and _badge(html) == 0
    assert 'id="notification-' not in html
    _t, raw = create_api_token(me, "t", "read")
    db.session.commit()
    body = client.get("/api/v1/notifications",
                      headers={"Authorization": f"Bearer {raw}"}).json
    assert body["items"] == [] and body["unread_count"] == 0


def test_hidden_content_disappears_from_the_inbox(client, login, make_user, make_space,
                                                  publish, comment_on):
    me, author = make_user(), make_user()
    space = make_space("open")
    follow(me, "space", space.id)
    post = publish(author, space, title="Wordt verborgen")
    mine = publish(me, space, title="Mijn bericht")
    comment = comment_on(author, mine, body="Spam")
    post.status = "hidden"
    comment.status = "deleted"
    db.session.commit()
    login(me)
    html = client.get("/notifications").get_data(as_text=True)
    assert "Wordt verborgen" not in html and "Mijn bericht" not in html and _badge(html) == 0


def test_inbox_queries_do_not_grow(client, login, make_user, make_space, publish,
                                   comment_on, count_queries):
    counts = []
    for n in (2, 20):
        me = make_user()
        space = make_space("private", members=[me])
        follow(me, "space", space.id)
        for _ in range(n // 2):
            author = make_user()
            publish(author, space)  # a post_created notification
            comment_on(author, publish(me, space))  # a comment_added notification
        login(me)
        with count_queries() as q:
            html = client.get("/notifications").get_data(as_text=True)
        assert html.count('id="notification-') == n
        counts.append(q.count)
    assert counts[0] == counts[1], counts


def test_inbox_pages_with_a_cursor(client, login, make_user, make_space, publish):
    me, author = make_user(), make_user()
    space = make_space("open")
    follow(me, "space", space.id)
    for i in range(35):
        publish(author, space, title=f"Melding {i:02d}")
    login(me)
    first = client.get("/notifications").get_data(as_text=True)
    assert first.count('id="notification-') == 30 and "Melding 34" in first
    cursor = re.search(r'href="/notifications\?before=(\d+)"', first).group(1)
    second = client.get(f"/notifications?before={cursor}").get_data(as_text=True)
    assert second.count('id="notification-') == 5 and "Melding 00" in second
    assert "Melding 34" not in second


def test_preferences_page(client, login, make_user):
    me = make_user()
    login(me)
    html = client.get("/notifications/preferences").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="daily"', html)  # the default
    token = token_for(client, "/notifications/preferences")
    resp = client.post("/notifications/preferences", data={"email_mode": "weekly",
                                                          "csrf_token": token})
    assert resp.status_code == 303
    db.session.expire_all()
    assert db.session.get(NotificationPreference, me.id).email_mode == "weekly"

    resp = client.post("/notifications/preferences", data={"email_mode": "hourly",
                                                          "csrf_token": token})
    assert resp.status_code == 400 and 'class="error"' in resp.get_data(as_text=True)
    resp = client.post("/notifications/preferences", data={"email_mode": "off"})
    assert resp.status_code == 400  # no CSRF token
    db.session.expire_all()
    assert db.session.get(NotificationPreference, me.id).email_mode == "weekly"


def test_api_lists_notifications_with_a_cursor(client, make_user, make_space, publish):
    me, author = make_user(), make_user(name="Femke Frissen")
    space = make_space("open")
    follow(me, "space", space.id)
    posts = [publish(author, space, title=f"API {i}") for i in range(3)]
    _t, raw = create_api_token(me, "t", "read")
    db.session.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    body = client.get("/api/v1/notifications?limit=2", headers=headers).json
    assert [i["target_id"] for i in body["items"]] == [posts[2].id, posts[1].id]
    assert body["unread_count"] == 3 and body["next_before"] == body["items"][-1]["id"]
    item = body["items"][0]
    assert item["kind"] == "post_created" and item["actor"]["name"] == "Femke Frissen"
    assert item["title"] == "API 2" and item["read"] is False and item["text"]
    rest = client.get(f"/api/v1/notifications?before={body['next_before']}",
                      headers=headers).json
    assert [i["target_id"] for i in rest["items"]] == [posts[0].id]
    assert rest["next_before"] is None
    assert client.get("/api/v1/notifications?limit=0", headers=headers).status_code == 422
    assert client.get("/api/v1/notifications").status_code == 401


def test_api_is_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").json
    assert "get" in spec["paths"]["/api/v1/notifications"]
