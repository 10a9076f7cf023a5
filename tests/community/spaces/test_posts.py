"""Best-practice posts: writing (with preview), reading, editing with history, soft delete,
marks, review dates, mentions, bookmarks and reactions, as a user would notice them."""
from __future__ import annotations

import datetime as dt

import pytest

from community.errors import Forbidden, NotFound, ValidationError
from community.extensions import db
from community.spaces import mentions, post_services
from community.spaces.post_models import Bookmark, Post, PostRevision, Reaction
from community.tags import Tag
from tests.community.spaces.conftest import count, english, post_form, post_path

ROLES = ("anonymous", "outsider", "author", "other_member", "space_admin", "moderator",
         "admin")


def _user(w, role, veteran):
    if role == "anonymous":
        return None
    if role == "other_member":
        return w.other_member
    return getattr(w, role)


@pytest.fixture
def w(post_world, veteran):
    from community.spaces.models import SpaceMembership

    post_world.other_member = veteran(name="Otto Lid")
    for space in post_world.spaces.values():
        db.session.add(SpaceMembership(space_id=space.id, user_id=post_world.other_member.id))
    db.session.commit()
    return post_world


# ---------------------------------------------------------------- writing

def _new_post_data(**over):
    data = {"title": "Digitale facturen in een week", "body": "Zo deden wij het:\n\n- stap 1",
            "themes": ["digitalisering"], "tags": "e-facturatie, boekhouding",
            "action": "save"}
    data.update(over)
    return data


def test_member_publishes_a_post_with_tags_and_company(w, client_for):
    c = client_for(w.author)
    space = w.spaces["members"]
    resp = post_form(c, f"/spaces/{space.slug}/posts/new", _new_post_data())
    assert resp.status_code == 302
    post = db.session.scalar(db.select(Post).where(Post.title == "Digitale facturen in een week"))
    assert resp.headers["Location"].endswith(post_path(post))
    assert post.company_id == w.company.id and post.author_id == w.author.id
    assert sorted(t.slug for t in post.tags) == ["boekhouding", "digitalisering", "e-facturatie"]
    assert "<li>stap 1</li>" in post.body_html
    page = c.get(post_path(post)).get_data(as_text=True)
    assert "Best practice from Maasdal Metaal" in page
    assert "Digitale facturen in een week" in page and "e-facturatie" in page


@pytest.mark.parametrize("over, message", [
    ({"title": ""}, "This field is required"),
    ({"title": "   "}, "This field is required"),
    ({"title": "x" * 201}, "200"),
    ({"body": ""}, "This field is required"),
    ({"body": "y" * 20_001}, "20000"),
    ({"tags": ", ".join(f"tag{i}" for i in range(12))}, "at most 12 tags"),
    ({"review_on": "31-02-2027"}, "Not a valid date"),
])
def test_bad_input_is_refused_and_nothing_is_written(w, client_for, over, message):
    c = client_for(w.author)
    before = (count(Post), count(Tag))
    resp = post_form(c, f"/spaces/{w.spaces['open'].slug}/posts/new", _new_post_data(**over))
    assert resp.status_code == 400
    assert message in resp.get_data(as_text=True)
    db.session.expire_all()
    assert (count(Post), count(Tag)) == before


def test_thirteen_tags_through_the_service_are_refused(w):
    with pytest.raises(ValidationError) as exc:
        w.post("open", tags=[f"t{i}" for i in range(13)])
    assert "12" in str(exc.value)
    assert count(Post) == 0


def test_preview_without_javascript_renders_and_saves_nothing(w, client_for):
    c = client_for(w.author)
    body = "**vet** <script>alert(1)</script> [x](javascript:alert(1))"
    resp = post_form(c, f"/spaces/{w.spaces['open'].slug}/posts/new",
                     _new_post_data(body=body, action="preview"))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "<strong>vet</strong>" in html and "<script>alert(1)" not in html
    assert 'href="javascript:' not in html
    assert count(Post) == 0


def test_preview_endpoint_answers_sanitised_html(w, client_for):
    c = client_for(w.author)
    resp = post_form(c, "/posts/preview", {"body": "# Kop\n\n<img src=x onerror=alert(1)>"})
    assert resp.status_code == 200
    html = resp.json["html"]
    assert "<h1>Kop</h1>" in html or "Kop" in html
    assert "<img" not in html and "&lt;img" in html
    too_long = post_form(c, "/posts/preview", {"body": "z" * 20_001})
    assert too_long.status_code == 400 and "20000" in too_long.json["message"]
    no_csrf = c.post("/posts/preview", data={"body": "x"})
    assert no_csrf.status_code == 400
    assert client_for(None).post("/posts/preview", data={"body": "x"}).status_code in (302, 400)


@pytest.mark.parametrize("visibility, status", [("open", 403), ("members", 403),
                                                ("private", 403), ("secret", 404)])
def test_outsider_cannot_post(w, client_for, visibility, status):
    c = client_for(w.outsider)
    path = f"/spaces/{w.spaces[visibility].slug}/posts/new"
    assert c.get(path).status_code == status
    assert post_form(c, path, _new_post_data()).status_code == status
    assert count(Post) == 0
    with pytest.raises((Forbidden, NotFound)):
        post_services.create_post(w.outsider, w.spaces[visibility], title="x", body_md="y")
    db.session.rollback()
    assert count(Post) == 0


def test_new_member_limits_answer_429(w, make_user, client_for):
    """moderation/trust.py is called before writing: a brand-new member's fourth post of
    the day is refused with a clear message and nothing is written."""
    from community.spaces.models import SpaceMembership

    newbie = make_user(name="Nieuw Lid", locale="en")
    db.session.add(SpaceMembership(space_id=w.spaces["open"].id, user_id=newbie.id))
    db.session.commit()
    c = client_for(newbie)
    path = f"/spaces/{w.spaces['open'].slug}/posts/new"
    for i in range(3):
        assert post_form(c, path, _new_post_data(title=f"Post {i}")).status_code == 302
    resp = post_form(c, path, _new_post_data(title="Post 4"))
    assert resp.status_code == 429
    assert "first day" in resp.get_data(as_text=True)
    assert count(Post) == 3


def test_marks_from_the_form_are_ignored_for_members(w, client_for):
    c = client_for(w.author)
    post_form(c, f"/spaces/{w.spaces['open'].slug}/posts/new",
              _new_post_data(featured="y", official="y"))
    post = db.session.scalar(db.select(Post))
    assert post.is_featured is False and post.is_official is False


# ---------------------------------------------------------------- who sees what

EXPECT_VIEW = {
    # visibility: roles that see a published post (everyone else gets 404)
    "open": set(ROLES),
    "members": set(ROLES),
    "private": {"author", "other_member", "space_admin", "moderator", "admin"},
    "secret": {"author", "other_member", "space_admin", "moderator", "admin"},
}


@pytest.mark.parametrize("visibility", sorted(EXPECT_VIEW))
def test_who_sees_a_post_in_pages_and_api(w, veteran, client_for, visibility):
    post = w.post(visibility)
    missing = post_path(post).replace(f"/posts/{post.id}", "/posts/999999")
    for role in ROLES:
        c = client_for(_user(w, role, veteran))
        expected = 200 if role in EXPECT_VIEW[visibility] else 404
        page = c.get(post_path(post))
        assert page.status_code == expected, (role, visibility)
        assert c.get(f"/api/v1/posts/{post.id}").status_code == expected, (role, visibility)
        assert c.get(f"/api/v1/posts/{post.id}/comments").status_code == expected
        if expected == 404:
            assert post.title not in page.get_data(as_text=True)
            # hidden answers exactly like missing
            assert c.get(missing).status_code == 404
            assert c.get(f"/posts/{post.id}").status_code == 404


@pytest.mark.parametrize("visibility", ["open", "secret"])
def test_who_may_edit_and_delete(w, veteran, client_for, visibility):
    post = w.post(visibility)
    can_edit = {"author", "moderator", "admin"}
    can_delete = {"author", "space_admin", "moderator", "admin"}
    for role in ROLES[1:]:
        c = client_for(_user(w, role, veteran))
        sees = role in EXPECT_VIEW[visibility]
        edit = c.get(post_path(post, "/edit")).status_code
        assert edit == (200 if role in can_edit else 403 if sees else 404), (role, edit)
        history = c.get(post_path(post, "/history")).status_code
        assert history == (200 if role in can_edit | {"space_admin"} else
                           403 if sees else 404), (role, history)
        if role not in can_delete:
            status = post_form(c, post_path(post, "/delete")).status_code
            assert status == (403 if sees else 404), (role, status)
    db.session.expire_all()
    assert db.session.get(Post, post.id).status == "published"


def test_edit_keeps_the_previous_version_and_shows_history(w, client_for):
    post = w.post("open", title="Eerste titel", body_md="Eerste tekst")
    c = client_for(w.author)
    resp = post_form(c, post_path(post, "/edit"), {
        "title": "Tweede titel", "body": "Tweede tekst", "themes": ["groei"], "tags": "",
        "action": "save"})
    assert resp.status_code == 302
    db.session.expire_all()
    fresh = db.session.get(Post, post.id)
    assert fresh.title == "Tweede titel" and "Tweede tekst" in fresh.body_html
    assert [t.slug for t in fresh.tags] == ["groei"]
    revs = db.session.scalars(db.select(PostRevision).where(PostRevision.post_id == post.id)).all()
    assert [(r.title, r.body_md, r.editor_id) for r in revs] == [
        ("Eerste titel", "Eerste tekst", w.author.id)]
    history = c.get(post_path(post, "/history")).get_data(as_text=True)
    assert "Eerste titel" in history and "Eerste tekst" in history
    # a moderator's edit is kept too, and saving without changes adds no revision
    post_services.update_post(w.moderator, fresh, title="Derde titel", body_md="Tweede tekst",
                              tags=["groei"])
    post_services.update_post(w.moderator, fresh, title="Derde titel", body_md="Tweede tekst",
                              tags=["groei"])
    assert count(PostRevision, PostRevision.post_id == post.id) == 2


def test_edit_with_bad_input_changes_nothing(w, client_for):
    post = w.post("open", title="Blijft staan")
    c = client_for(w.author)
    resp = post_form(c, post_path(post, "/edit"), {"title": "", "body": "nieuw",
                                                   "action": "save"})
    assert resp.status_code == 400
    db.session.expire_all()
    assert db.session.get(Post, post.id).title == "Blijft staan"
    assert count(PostRevision) == 0


def test_soft_delete_hides_the_post_from_everyone_but_staff(w, client_for):
    post = w.post("open")
    c = client_for(w.author)
    assert post_form(c, post_path(post, "/delete")).status_code == 302
    db.session.expire_all()
    fresh = db.session.get(Post, post.id)
    assert fresh.status == "deleted" and fresh.deleted_at is not None
    assert c.get(post_path(post)).status_code == 404
    assert client_for(None).get(post_path(post)).status_code == 404
    assert client_for(w.space_admin).get(f"/api/v1/posts/{post.id}").status_code == 404
    staff = client_for(w.moderator).get(post_path(post))
    assert staff.status_code == 200 and "This post is deleted" in staff.get_data(as_text=True)
    assert post_form(c, post_path(post, "/delete")).status_code == 404  # gone for the author


def test_space_admin_may_delete_a_members_post(w, client_for):
    post = w.post("private")
    assert post_form(client_for(w.space_admin), post_path(post, "/delete")).status_code == 302
    db.session.expire_all()
    assert db.session.get(Post, post.id).status == "deleted"


def test_hidden_post_is_visible_to_its_author_with_a_notice(w, client_for):
    post = w.post("open")
    post.status = "hidden"
    db.session.commit()
    page = client_for(w.author).get(post_path(post))
    assert page.status_code == 200 and "hidden by a moderator" in page.get_data(as_text=True)
    assert client_for(w.other_member).get(post_path(post)).status_code == 404
    assert client_for(None).get(post_path(post)).status_code == 404
    assert client_for(w.moderator).get(post_path(post)).status_code == 200


def test_short_link_and_wrong_space_redirect_or_404(w, client_for):
    post = w.post("open")
    c = client_for(w.author)
    short = c.get(f"/posts/{post.id}")
    assert short.status_code == 301 and short.headers["Location"].endswith(post_path(post))
    wrong = f"/spaces/{w.spaces['members'].slug}/posts/{post.id}"
    assert c.get(wrong).status_code == 301
    assert post_form(c, wrong + "/delete").status_code == 404


# ---------------------------------------------------------------- marks and review date

def test_featured_and_official_marks_are_for_staff(w, client_for):
    post = w.post("open")
    for user in (w.author, w.space_admin):
        resp = post_form(client_for(user), post_path(post, "/marks"),
                         {"featured": "1", "official": "1"})
        assert resp.status_code == 403
    assert post_form(client_for(w.moderator), post_path(post, "/marks"),
                     {"featured": "1", "official": "1"}).status_code == 302
    db.session.expire_all()
    fresh = db.session.get(Post, post.id)
    assert fresh.is_featured and fresh.is_official
    page = client_for(None)
    english(page)
    html = page.get(post_path(post)).get_data(as_text=True)
    assert "Official" in html and "Featured" in html


def test_review_date_in_the_past_shows_possibly_outdated(w, client_for):
    old = w.post("open", title="Oud", review_on=dt.date(2020, 1, 1))
    new = w.post("open", title="Nieuw", review_on=dt.date.today() + dt.timedelta(days=30))
    c = client_for(w.other_member)
    assert "Possibly outdated" in c.get(post_path(old)).get_data(as_text=True)
    assert "Possibly outdated" not in c.get(post_path(new)).get_data(as_text=True)
    assert c.get(f"/api/v1/posts/{old.id}").json["possibly_outdated"] is True
    assert c.get(f"/api/v1/posts/{new.id}").json["possibly_outdated"] is False


# ---------------------------------------------------------------- mentions

@pytest.fixture
def mentions_seen(monkeypatch):
    calls = []
    monkeypatch.setattr("community.feeds.services.mentioned",
                        lambda author, target, users, post: calls.append(
                            (author.id, type(target).__name__, {u.id for u in users})))
    return calls


def test_mentions_link_profiles_and_notify_only_people_who_see_the_post(
        w, veteran, mentions_seen):
    w.other_member.name = "Jan de Vries"
    db.session.commit()
    stranger = veteran(name="Zoë Buitenstaander")
    post = w.post("secret", body_md="Dank @jan-de-vries en @zoe-buitenstaander! "
                                    "Mail info@jan-de-vries.example, `@jan-de-vries`.")
    assert f'href="/people/{w.other_member.id}"' in post.body_html
    assert f'href="/people/{stranger.id}"' in post.body_html  # a link, never a notification
    assert post.body_html.count("/people/") == 2  # not in code, not in the e-mail address
    assert mentions_seen == [(w.author.id, "Post", {w.other_member.id})]


def test_mentions_in_comments_and_only_new_mentions_on_edit(w, mentions_seen):
    w.other_member.name = "Jan de Vries"
    w.space_admin.name = "Els Beheer"
    db.session.commit()
    post = w.post("open", body_md="Hoi @jan-de-vries")
    post_services.update_post(w.author, post, title=post.title,
                              body_md="Hoi @jan-de-vries en @els-beheer")
    comment = post_services.add_comment(w.other_member, post, "Eens met @anna-auteur")
    assert mentions_seen == [
        (w.author.id, "Post", {w.other_member.id}),
        (w.author.id, "Post", {w.space_admin.id}),  # only the newly mentioned person
        (w.other_member.id, "Comment", {w.author.id}),
    ]
    assert f'href="/people/{w.author.id}"' in comment.body_html


def test_ambiguous_and_unknown_handles_link_nobody(w, veteran, mentions_seen):
    veteran(name="Piet Jansen")
    veteran(name="Piet Jansen")
    post = w.post("open", body_md="@piet-jansen en @niemand-bekend")
    assert "/people/" not in post.body_html
    assert mentions_seen == []


def test_handles_are_name_slugs_not_email(w):
    w.author.name = "José van 't Hek"
    db.session.commit()
    assert mentions.handle_of(w.author) == "jose-van-t-hek"
    assert mentions.resolve_handles(["Jose-van-t-hek"]) == {"jose-van-t-hek": w.author}
    local_part = w.author.email.split("@")[0]
    assert mentions.resolve_handles([local_part]) == {}


# ---------------------------------------------------------------- reactions and bookmarks

def test_useful_twice_is_one_reaction_and_the_count_follows(w, client_for):
    post = w.post("open")
    c = client_for(w.other_member)
    for _ in range(2):
        assert post_form(c, post_path(post, "/useful"), {"on": "1"}).status_code == 302
    db.session.expire_all()
    assert count(Reaction, Reaction.target_id == post.id) == 1
    assert db.session.get(Post, post.id).reaction_count == 1
    page = c.get(post_path(post)).get_data(as_text=True)
    assert 'aria-pressed="true"' in page and "1 person found this useful" in page
    post_form(c, post_path(post, "/useful"), {"on": "0"})
    post_form(c, post_path(post, "/useful"), {"on": "0"})
    db.session.expire_all()
    assert count(Reaction) == 0 and db.session.get(Post, post.id).reaction_count == 0


def test_a_reaction_race_keeps_one_row_and_the_right_count(w, monkeypatch):
    """Another request inserted the same reaction after we looked: the primary key refuses
    the second row (IntegrityError in a savepoint) and the counter is not incremented."""
    post = w.post("open")
    db.session.add(Reaction(target_type="post", target_id=post.id, user_id=w.other_member.id))
    db.session.commit()
    monkeypatch.setattr(post_services, "_reaction_row", lambda key: None)  # we "missed" it
    post_services.set_reaction(w.other_member, post, True)
    db.session.expire_all()
    assert count(Reaction) == 1
    assert db.session.get(Post, post.id).reaction_count == 0  # this request added nothing


@pytest.mark.parametrize("visibility, status", [("open", 403), ("secret", 404)])
def test_outsiders_cannot_react_or_comment(w, client_for, visibility, status):
    post = w.post(visibility)
    c = client_for(w.outsider)
    assert post_form(c, post_path(post, "/useful"), {"on": "1"}).status_code == status
    assert post_form(c, post_path(post, "/comments"), {"body": "Hoi"}).status_code == status
    assert count(Reaction) == 0


def test_bookmarks_toggle_and_list_only_visible_posts(w, client_for):
    from community.spaces.models import SpaceMembership

    kept = w.post("open", title="Bewaard open")
    secret = w.post("secret", title="Bewaard geheim")
    c = client_for(w.other_member)
    for post in (kept, secret, kept):
        assert post_form(c, post_path(post, "/bookmark"), {"on": "1"}).status_code == 302
    assert count(Bookmark, Bookmark.user_id == w.other_member.id) == 2
    page = c.get("/bookmarks").get_data(as_text=True)
    assert "Bewaard open" in page and "Bewaard geheim" in page
    # removed from the secret space: its post disappears from the bookmarks page
    db.session.delete(db.session.get(SpaceMembership, (w.spaces["secret"].id,
                                                       w.other_member.id)))
    db.session.commit()
    page = c.get("/bookmarks").get_data(as_text=True)
    assert "Bewaard open" in page and "Bewaard geheim" not in page
    post_form(c, post_path(kept, "/bookmark"), {"on": "0"})
    assert "Bewaard open" not in c.get("/bookmarks").get_data(as_text=True)
    assert client_for(None).get("/bookmarks").status_code == 302


# ---------------------------------------------------------------- query counts

def _comments_with_reactions(w, post, n):
    from community.db import utcnow
    from community.spaces.post_models import Comment

    people = [w.author, w.other_member, w.space_admin]
    for i in range(n):
        parent = Comment(post_id=post.id, author_id=people[i % 3].id, body_md=f"c{i}",
                         body_html=f"<p>c{i}</p>", created_at=utcnow(), reaction_count=2)
        db.session.add(parent)
        db.session.flush()
        db.session.add(Comment(post_id=post.id, author_id=people[(i + 1) % 3].id,
                               parent_id=parent.id, body_md="re", body_html="<p>re</p>"))
        for user in people[:2]:
            db.session.add(Reaction(target_type="comment", target_id=parent.id,
                                    user_id=user.id))
    post.comment_count = 2 * n
    db.session.commit()


@pytest.mark.parametrize("role", ["other_member", "outsider", "moderator", "anonymous"])
def test_post_page_queries_do_not_grow_with_comments(w, veteran, client_for, count_queries,
                                                     role):
    small, large = w.post("open", title="Klein"), w.post("open", title="Groot")
    _comments_with_reactions(w, small, 2)
    _comments_with_reactions(w, large, 20)
    c = client_for(_user(w, role, veteran))
    c.get(post_path(small))  # warm up (session, locale)
    counts = []
    for path in (post_path(small), post_path(large)):
        with count_queries() as q:
            resp = c.get(path)
        assert resp.status_code == 200
        counts.append(q.count)
    assert counts[0] == counts[1], counts
    assert counts[1] <= 25, counts
    assert resp.get_data(as_text=True).count('class="comment"') >= 20


def test_bookmarks_page_queries_do_not_grow(w, client_for, count_queries):
    c = client_for(w.other_member)
    posts = [w.post("open", title=f"P{i}", tags=["export", f"t{i}"]) for i in range(8)]
    for p in posts[:2]:
        db.session.add(Bookmark(user_id=w.other_member.id, post_id=p.id))
    db.session.commit()
    c.get("/bookmarks")
    with count_queries() as few:
        c.get("/bookmarks")
    for p in posts[2:]:
        db.session.add(Bookmark(user_id=w.other_member.id, post_id=p.id))
    db.session.commit()
    with count_queries() as many:
        c.get("/bookmarks")
    assert few.count == many.count
