"""The posts API: /api/v1/spaces/{id}/posts, /api/v1/posts/{id}, /api/v1/posts/{id}/comments."""
from __future__ import annotations

import pytest

from community.accounts.services import create_api_token
from community.extensions import db
from community.spaces.post_models import Comment, Post
from community.tags import Tag
from tests.community.spaces.conftest import count
from tests.conftest import csrf_token


def _bearer(user, scope="write"):
    _token, raw = create_api_token(user, "test", scope)
    return {"Authorization": f"Bearer {raw}"}


GOOD = {"title": "Warmtepomp in de werkplaats", "body": "Terugverdiend in **4 jaar**.",
        "tags": ["duurzaamheid", "Warmtepomp"], "review_on": "2030-01-01"}


def test_member_creates_a_post_with_a_write_token(post_world, client):
    w = post_world
    space = w.spaces["secret"]
    resp = client.post(f"/api/v1/spaces/{space.id}/posts", json=GOOD, headers=_bearer(w.author))
    assert resp.status_code == 201, resp.json
    body = resp.json
    assert body["title"] == GOOD["title"] and "<strong>4 jaar</strong>" in body["body_html"]
    assert body["company"] == {"id": w.company.id, "name": "Maasdal Metaal"}
    assert sorted(t["slug"] for t in body["tags"]) == ["duurzaamheid", "warmtepomp"]
    assert body["review_on"] == "2030-01-01" and body["possibly_outdated"] is False
    assert resp.headers["Location"].endswith(f"/api/v1/posts/{body['id']}")
    assert body["url"] == f"/spaces/{space.slug}/posts/{body['id']}"
    listed = client.get(f"/api/v1/spaces/{space.id}/posts", headers=_bearer(w.author, "read"))
    assert [p["id"] for p in listed.json["items"]] == [body["id"]]


def test_privileged_fields_are_ignored(post_world, client):
    w = post_world
    resp = client.post(f"/api/v1/spaces/{w.spaces['open'].id}/posts", headers=_bearer(w.author),
                       json={**GOOD, "is_featured": True, "is_official": True,
                             "author_id": w.admin.id, "company_id": 999, "status": "hidden"})
    assert resp.status_code == 201
    post = db.session.get(Post, resp.json["id"])
    assert (post.is_featured, post.is_official, post.author_id, post.status) == (
        False, False, w.author.id, "published")


@pytest.mark.parametrize("visibility, status", [("open", 403), ("private", 403),
                                                ("secret", 404)])
def test_outsider_cannot_post_or_comment(post_world, client, visibility, status):
    w = post_world
    space = w.spaces[visibility]
    resp = client.post(f"/api/v1/spaces/{space.id}/posts", json=GOOD,
                       headers=_bearer(w.outsider))
    assert resp.status_code == status and resp.is_json and resp.json["message"]
    post = w.post(visibility)
    resp = client.post(f"/api/v1/posts/{post.id}/comments", json={"body": "Hoi"},
                       headers=_bearer(w.outsider))
    assert resp.status_code == (404 if visibility != "open" else 403)
    assert count(Post) == 1 and count(Comment) == 0


def test_tokens_and_content_types(post_world, client):
    w = post_world
    url = f"/api/v1/spaces/{w.spaces['open'].id}/posts"
    assert client.post(url, json=GOOD).status_code == 401
    read = client.post(url, json=GOOD, headers=_bearer(w.author, "read"))
    assert read.status_code == 403 and read.json["message"]
    wrong = client.post(url, data="title=x&body=y", headers={
        **_bearer(w.author), "Content-Type": "application/x-www-form-urlencoded"})
    assert wrong.status_code == 415 and wrong.is_json
    assert client.put(url, json=GOOD, headers=_bearer(w.author)).status_code == 405
    assert count(Post) == 0


@pytest.mark.parametrize("payload, status, field", [
    ({"body": "x"}, 422, "title"),
    ({"title": "x"}, 422, "body"),
    ({"title": "", "body": "x"}, 422, "title"),
    ({"title": "t" * 201, "body": "x"}, 422, "title"),
    ({"title": "x", "body": "b" * 20_001}, 422, "body"),
    ({"title": "x", "body": "y", "review_on": "morgen"}, 422, "review_on"),
    ({"title": "x", "body": "y", "tags": "export"}, 422, "tags"),
])
def test_schema_errors_are_422_with_messages(post_world, client, payload, status, field):
    w = post_world
    resp = client.post(f"/api/v1/spaces/{w.spaces['open'].id}/posts", json=payload,
                       headers=_bearer(w.author))
    assert resp.status_code == status
    assert field in str(resp.json["errors"])
    assert count(Post) == 0


def test_service_errors_are_400_with_a_message(post_world, client):
    w = post_world
    url = f"/api/v1/spaces/{w.spaces['open'].id}/posts"
    before = count(Tag)
    resp = client.post(url, headers=_bearer(w.author),
                       json={**GOOD, "tags": [f"tag{i}" for i in range(13)]})
    assert resp.status_code == 400 and "12" in resp.json["message"]
    blank = client.post(url, headers=_bearer(w.author), json={**GOOD, "title": "   "})
    assert blank.status_code == 400 and blank.json["message"]
    assert count(Post) == 0 and count(Tag) == before


def test_session_writes_need_a_csrf_token(post_world, client_for):
    w = post_world
    c = client_for(w.author)
    url = f"/api/v1/spaces/{w.spaces['open'].id}/posts"
    assert c.post(url, json=GOOD).status_code == 400
    ok = c.post(url, json=GOOD, headers={"X-CSRFToken": csrf_token(c, "/")})
    assert ok.status_code == 201


def test_comments_and_replies(post_world, client):
    w = post_world
    post = w.post("members")
    headers = _bearer(w.author)
    first = client.post(f"/api/v1/posts/{post.id}/comments", json={"body": "Vraag?"},
                        headers=headers)
    assert first.status_code == 201 and first.json["parent_id"] is None
    reply = client.post(f"/api/v1/posts/{post.id}/comments",
                        json={"body": "Antwoord", "parent_id": first.json["id"]}, headers=headers)
    assert reply.status_code == 201 and reply.json["parent_id"] == first.json["id"]
    missing_parent = client.post(f"/api/v1/posts/{post.id}/comments",
                                 json={"body": "x", "parent_id": 999999}, headers=headers)
    assert missing_parent.status_code == 404
    empty = client.post(f"/api/v1/posts/{post.id}/comments", json={"body": ""}, headers=headers)
    assert empty.status_code == 422
    listing = client.get(f"/api/v1/posts/{post.id}/comments").json
    assert [c["body"] for c in listing["items"]] == ["Vraag?", "Antwoord"]
    assert client.get(f"/api/v1/posts/{post.id}").json["comment_count"] == 2


def test_invisible_posts_and_spaces_are_404_like_missing(post_world, client):
    w = post_world
    secret, private = w.post("secret"), w.post("private")
    outsider = _bearer(w.outsider, "read")
    for url in (f"/api/v1/posts/{secret.id}", f"/api/v1/posts/{private.id}",
                f"/api/v1/posts/{secret.id}/comments", "/api/v1/posts/999999",
                f"/api/v1/spaces/{w.spaces['secret'].id}/posts", "/api/v1/spaces/999999/posts"):
        resp = client.get(url, headers=outsider)
        assert resp.status_code == 404 and resp.json["message"], url
    # a private space is listed, its posts are not: no titles leak
    resp = client.get(f"/api/v1/spaces/{w.spaces['private'].id}/posts", headers=outsider)
    assert resp.status_code == 403 and private.title not in resp.get_data(as_text=True)
    public = client.get(f"/api/v1/spaces/{w.spaces['open'].id}/posts")
    assert public.status_code == 200 and public.json["items"] == []


def test_hidden_and_deleted_posts_are_not_listed(post_world, client):
    w = post_world
    shown, hidden, deleted = (w.post("open", title=t) for t in ("Zichtbaar", "Verborgen", "Weg"))
    hidden.status, deleted.status = "hidden", "deleted"
    db.session.commit()
    titles = [p["title"] for p in client.get(
        f"/api/v1/spaces/{w.spaces['open'].id}/posts").json["items"]]
    assert titles == ["Zichtbaar"]
    assert client.get(f"/api/v1/posts/{deleted.id}").status_code == 404
    assert shown.id


def test_the_openapi_document_describes_the_posts_api(client):
    spec = client.get("/api/v1/openapi.json").json
    paths = spec["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/spaces/{space_id}/posts"])
    assert "get" in paths["/api/v1/posts/{post_id}"]
    assert {"get", "post"} <= set(paths["/api/v1/posts/{post_id}/comments"])
