"""The home feed and the per-space activity stream."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from community.extensions import db
from community.feeds.models import Activity, UserFeedState
from tests.community.feeds.helpers import follow, remove_member


def _titles(html: str) -> list[str]:
    return re.findall(r'<li class="activity[^"]*">.*?<a href="[^"]*">([^<]+)</a>', html, re.S)


def test_feed_shows_what_you_follow_and_nothing_else(client, login, make_user, make_space,
                                                     publish, comment_on):
    me, author, stranger = make_user(), make_user(name="Bram Bakker"), make_user()
    followed, other = make_space("open"), make_space("open")
    follow(me, "space", followed.id)
    follow(me, "user", author.id)
    follow(me, "tag", publish(stranger, other, title="Tag maker", tags=["export"],
                              fire=False).tags[0].id)
    publish(stranger, followed, title="In gevolgde ruimte")
    publish(author, other, title="Van gevolgde persoon")
    publish(stranger, other, title="Over export", tags=["export"])
    publish(stranger, other, title="Niet gevolgd")
    mine = publish(me, followed, title="Mijn eigen bericht")
    comment_on(stranger, mine)  # I follow my own post: comments on it show up

    login(me)
    html = client.get("/feed").get_data(as_text=True)
    titles = _titles(html)
    assert titles == ["Mijn eigen bericht", "Over export", "Van gevolgde persoon",
                      "In gevolgde ruimte"]
    assert "Niet gevolgd" not in html and "Tag maker" not in html
    assert "Bram Bakker" in html


def test_feed_never_shows_secret_or_private_content_to_non_members(
        client, login, make_user, make_space, publish):
    me, author = make_user(), make_user()
    secret = make_space("secret", name="Geheime Kamer", members=[me, author])
    private = make_space("private", name="Besloten Kring", members=[me, author])
    for space in (secret, private):
        follow(me, "space", space.id)
    follow(me, "user", author.id)
    follow(me, "tag", publish(author, make_space("open"), tags=["innovatie"],
                              fire=False).tags[0].id)
    publish(author, secret, title="Geheim plan", tags=["innovatie"])
    publish(author, private, title="Besloten plan", tags=["innovatie"])
    login(me)
    assert _titles(client.get("/feed").get_data(as_text=True)) == ["Besloten plan",
                                                                   "Geheim plan"]

    remove_member(secret, me)
    remove_member(private, me)
    html = client.get("/feed").get_data(as_text=True)
    for leak in ("Geheim plan", "Besloten plan", "Geheime Kamer", "Besloten Kring"):
        assert leak not in html
    assert _titles(html) == []


def test_feed_hides_posts_that_are_no_longer_published(client, login, make_user,
                                                       make_space, publish, comment_on):
    me, author = make_user(), make_user()
    space = make_space("open")
    follow(me, "space", space.id)
    kept, hidden = publish(author, space, title="Blijft"), publish(author, space, title="Weg")
    removed_comment = comment_on(author, kept, body="Verborgen reactie")
    hidden.status = "hidden"
    removed_comment.status = "deleted"
    db.session.commit()
    login(me)
    assert _titles(client.get("/feed").get_data(as_text=True)) == ["Blijft"]


def test_a_moved_post_follows_its_new_space(client, login, make_user, make_space, publish):
    """The activity row still names the old space; the post's own space decides."""
    me, author = make_user(), make_user()
    public, secret = make_space("open"), make_space("secret", members=[author])
    follow(me, "space", public.id)
    post = publish(author, public, title="Verhuisd bericht")
    post.space_id = secret.id
    db.session.commit()
    login(me)
    assert "Verhuisd bericht" not in client.get("/feed").get_data(as_text=True)
    assert client.get(f"/spaces/{public.slug}/activity").get_data(as_text=True) \
        .count("Verhuisd bericht") == 0


def test_cursor_pagination(client, login, make_user, make_space, publish):
    me, author = make_user(), make_user()
    space = make_space("open")
    follow(me, "space", space.id)
    for i in range(25):
        publish(author, space, title=f"Bericht nummer {i:02d}")
    login(me)
    first = client.get("/feed").get_data(as_text=True)
    page1 = _titles(first)
    assert page1 == [f"Bericht nummer {i:02d}" for i in range(24, 4, -1)]
    cursor = re.search(r'href="/feed\?before=(\d+)"', first).group(1)
    second = client.get(f"/feed?before={cursor}").get_data(as_text=True)
    assert _titles(second) == [f"Bericht nummer {i:02d}" for i in range(4, -1, -1)]
    assert "before=" not in second.split("</main>")[0].split("<h1>")[1]
    assert client.get("/feed?before=abc").status_code == 200  # ignored, first page


def test_new_since_last_visit(client, login, make_user, make_space, publish):
    me, author = make_user(), make_user()
    space = make_space("open")
    follow(me, "space", space.id)
    publish(author, space, title="Oud nieuws")
    login(me)
    html = client.get("/feed").get_data(as_text=True)
    assert 'id="new-since-last-visit"' not in html  # the first visit marks nothing
    db.session.expire_all()
    state = db.session.get(UserFeedState, me.id)
    assert state.last_seen_at is not None
    state.last_seen_at -= dt.timedelta(seconds=5)  # the visit was a moment ago
    for activity in db.session.scalars(db.select(Activity)):
        activity.created_at -= dt.timedelta(seconds=10)
    db.session.commit()

    publish(author, space, title="Vers nieuws")
    html = client.get("/feed").get_data(as_text=True)
    marker = html.index('id="new-since-last-visit"')
    assert marker < html.index("Vers nieuws") and html.index("Oud nieuws") > marker
    assert html.count('class="activity activity-new"') == 1
    # the visit is remembered: right after, nothing is new
    html = client.get("/feed").get_data(as_text=True)
    assert 'id="new-since-last-visit"' not in html and "activity-new" not in html


def test_feed_needs_login(client):
    resp = client.get("/feed")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


@pytest.mark.parametrize("visibility,outsider_status", [
    ("open", 200), ("members", 200), ("private", 404), ("secret", 404)])
def test_space_stream_is_for_those_who_see_the_content(client, login, make_user, make_space,
                                                       publish, visibility, outsider_status):
    member, outsider = make_user(), make_user()
    space = make_space(visibility, name="Ruimte X", members=[member])
    publish(member, space, title="Stroom bericht")
    url = f"/spaces/{space.slug}/activity"
    resp = client.get(url)
    assert resp.status_code == outsider_status
    assert ("Stroom bericht" in resp.get_data(as_text=True)) == (outsider_status == 200)
    login(outsider)
    assert client.get(url).status_code == outsider_status
    missing = client.get("/spaces/bestaat-niet/activity")
    assert missing.status_code == 404
    login(member)
    resp = client.get(url)
    assert resp.status_code == 200 and "Stroom bericht" in resp.get_data(as_text=True)


def test_space_stream_shows_only_that_space(client, make_user, make_space, publish,
                                            comment_on):
    author = make_user(name="Carla Claes")
    here, elsewhere = make_space("open"), make_space("open")
    post = publish(author, here, title="Hier")
    publish(author, elsewhere, title="Elders")
    comment_on(make_user(name="Dirk Dekker"), post)
    html = client.get(f"/spaces/{here.slug}/activity").get_data(as_text=True)
    assert _titles(html) == ["Hier", "Hier"] and "Elders" not in html
    assert "Dirk Dekker" in html and "Carla Claes" in html


def test_activity_text_is_escaped(client, make_user, make_space, publish):
    author = make_user(name="<b>Mallory</b>")
    space = make_space("open")
    publish(author, space, title="<script>alert(1)</script>")
    html = client.get(f"/spaces/{space.slug}/activity").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert "<b>Mallory" not in html


def test_feed_and_stream_queries_do_not_grow(client, login, make_user, make_space, publish,
                                             comment_on, count_queries):
    me = make_user()
    counts = {}
    for n in (2, 20):
        space = make_space("private", members=[me])
        follow(me, "space", space.id)
        for i in range(n):
            author = make_user()
            post = publish(author, space, tags=["groei", f"vrij-{n}-{i}"], fire=False)
            from community.feeds import services as feeds

            feeds.post_published(post)
            db.session.commit()
            comment_on(make_user(), post)
        login(me)
        client.get("/feed")  # the first visit is written once
        with count_queries() as q:
            assert client.get("/feed").status_code == 200
        counts[("feed", n)] = q.count
        with count_queries() as q:
            assert client.get(f"/spaces/{space.slug}/activity").status_code == 200
        counts[("stream", n)] = q.count
    assert counts[("feed", 2)] == counts[("feed", 20)], counts
    assert counts[("stream", 2)] == counts[("stream", 20)], counts
