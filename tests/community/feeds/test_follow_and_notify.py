"""Following, activity rows and who gets notified when content is published."""
from __future__ import annotations

import pytest

from community.errors import NotFound, ValidationError
from community.extensions import db
from community.feeds import services as feeds
from community.feeds.models import Activity, Follow
from tests.community.feeds.helpers import (
    add_member,
    follow,
    notifications_of,
    remove_member,
    token_for,
)


def _follows(user):
    return {(f.target_type, f.target_id) for f in db.session.scalars(
        db.select(Follow).where(Follow.user_id == user.id))}


def test_space_followers_are_notified_and_activity_is_logged(make_user, make_space, publish):
    author, fan, bystander = make_user(), make_user(), make_user()
    space = make_space("open")
    follow(fan, "space", space.id)
    post = publish(author, space, title="Zonnepanelen op het dak")

    [note] = notifications_of(fan)
    assert (note.kind, note.target_type, note.target_id, note.actor_id) == \
        ("post_created", "post", post.id, author.id)
    assert notifications_of(bystander) == [] and notifications_of(author) == []
    [activity] = db.session.scalars(db.select(Activity).where(Activity.post_id == post.id))
    assert (activity.verb, activity.space_id, activity.actor_id) == \
        ("post_created", space.id, author.id)
    assert ("post", post.id) in _follows(author)  # the author follows their own post


def test_tag_and_author_followers_are_notified_once(make_user, make_space, publish):
    author, fan = make_user(), make_user()
    space = make_space("open")
    publish(author, space, tags=["export"])  # creates the tag
    from community.tags import Tag

    export = db.session.scalar(db.select(Tag).where(Tag.slug == "export"))
    follow(fan, "tag", export.id)
    follow(fan, "user", author.id)
    follow(fan, "space", space.id)
    post = publish(author, space, tags=["export", "groei"])
    assert [(n.kind, n.target_id) for n in notifications_of(fan)] == [("post_created", post.id)]

    tag_only = make_user()
    follow(tag_only, "tag", export.id)
    other = publish(make_user(), space, tags=["export"])
    assert [n.target_id for n in notifications_of(tag_only)] == [other.id]


def test_non_member_follower_of_secret_content_is_not_notified(make_user, make_space,
                                                                publish):
    author, member, outsider = make_user(), make_user(), make_user()
    secret = make_space("secret", members=[author, member])
    follow(member, "space", secret.id)
    follow(member, "user", author.id)
    follow(outsider, "user", author.id)  # follows the person, not a member of the space
    post = publish(author, secret, title="Geheim plan")

    assert [n.target_id for n in notifications_of(member)] == [post.id]
    assert notifications_of(outsider) == []


def test_removal_from_a_space_stops_notifications_at_once(make_user, make_space, publish):
    author, member = make_user(), make_user()
    private = make_space("private", members=[author, member])
    follow(member, "space", private.id)
    publish(author, private)
    assert len(notifications_of(member)) == 1

    remove_member(private, member)
    publish(author, private)
    assert len(notifications_of(member)) == 1  # nothing new after the removal


def test_comments_notify_post_followers_and_reply_notifies_parent_author(
        make_user, make_space, publish, comment_on):
    author, fan, first, second = make_user(), make_user(), make_user(), make_user()
    space = make_space("open")
    post = publish(author, space)
    follow(fan, "post", post.id)

    top = comment_on(first, post)
    assert ("post", post.id) in _follows(first)  # the commenter follows the post
    assert [n.kind for n in notifications_of(author)] == ["comment_added"]
    assert [n.kind for n in notifications_of(fan)] == ["comment_added"]
    assert notifications_of(first) == []  # not about their own comment

    reply = comment_on(second, post, parent=top)
    kinds = [(n.kind, n.target_id) for n in notifications_of(first)]
    assert kinds == [("reply", reply.id)]  # one notification, the more specific one
    assert [n.kind for n in notifications_of(fan)] == ["comment_added", "comment_added"]
    [activity] = db.session.scalars(db.select(Activity).where(
        Activity.target_type == "comment", Activity.target_id == reply.id))
    assert (activity.verb, activity.post_id, activity.space_id) == \
        ("comment_created", post.id, space.id)


def test_mentions_reach_only_people_who_may_see_the_content(make_user, make_space, publish):
    author, member, outsider = make_user(), make_user(), make_user()
    private = make_space("private", members=[author, member])
    post = publish(author, private)
    feeds.mentioned(author, post, [member, outsider, author], post)
    db.session.commit()
    assert [n.kind for n in notifications_of(member)] == ["mention"]
    assert notifications_of(outsider) == [] and notifications_of(author) == []


def test_post_edited_writes_activity_without_notifications(make_user, make_space, publish):
    author, fan = make_user(), make_user()
    space = make_space("open")
    follow(fan, "space", space.id)
    post = publish(author, space)
    feeds.post_edited(post, author)
    db.session.commit()
    verbs = [a.verb for a in db.session.scalars(
        db.select(Activity).where(Activity.post_id == post.id).order_by(Activity.id))]
    assert verbs == ["post_created", "post_edited"]
    assert len(notifications_of(fan)) == 1


def test_following_what_you_cannot_see_is_not_found(make_user, make_space, publish):
    author, outsider = make_user(), make_user()
    secret = make_space("secret", members=[author])
    post = publish(author, secret)
    for target_type, target_id in (("space", secret.id), ("post", post.id),
                                   ("space", 999999), ("tag", 999999), ("user", 999999),
                                   ("bogus", 1)):
        with pytest.raises(NotFound):
            feeds.follow(outsider, target_type, target_id)
    hidden_profile = make_user(visibility="private")
    with pytest.raises(NotFound):
        feeds.follow(outsider, "user", hidden_profile.id)
    with pytest.raises(ValidationError):
        feeds.follow(outsider, "user", outsider.id)
    db.session.rollback()
    assert _follows(outsider) == set()


def test_follow_is_idempotent_and_unfollow_stops_it(make_user, make_space, publish):
    author, fan = make_user(), make_user()
    space = make_space("open")
    follow(fan, "space", space.id)
    follow(fan, "space", space.id)
    assert _follows(fan) == {("space", space.id)}
    feeds.unfollow(fan, "space", space.id)
    feeds.unfollow(fan, "space", space.id)
    db.session.commit()
    publish(author, space)
    assert notifications_of(fan) == [] and _follows(fan) == set()


def test_follow_buttons_post_with_csrf_and_show_the_state(client, login, make_user,
                                                          make_space):
    fan = make_user()
    space = make_space("open", name="Duurzaam Ondernemen")
    login(fan)
    page = f"/spaces/{space.slug}/activity"
    html = client.get(page).get_data(as_text=True)
    assert f'action="/follow/space/{space.id}"' in html and 'aria-pressed="false"' in html

    resp = client.post(f"/follow/space/{space.id}", data={"next": page})
    assert resp.status_code == 400 and _follows(fan) == set()  # no CSRF token

    token = token_for(client, page)
    resp = client.post(f"/follow/space/{space.id}", data={"next": page, "csrf_token": token})
    assert resp.status_code == 303 and resp.headers["Location"].endswith(page)
    db.session.expire_all()
    assert _follows(fan) == {("space", space.id)}
    html = client.get(page).get_data(as_text=True)
    assert f'action="/unfollow/space/{space.id}"' in html and 'aria-pressed="true"' in html

    resp = client.post(f"/unfollow/space/{space.id}",
                       data={"next": "//evil.example/x", "csrf_token": token})
    assert resp.status_code == 303 and "evil.example" not in resp.headers["Location"]
    db.session.expire_all()
    assert _follows(fan) == set()


def test_follow_route_hides_secret_spaces(client, login, make_user, make_space):
    outsider = make_user()
    secret = make_space("secret", members=[make_user()])
    login(outsider)
    token = token_for(client)
    resp = client.post(f"/follow/space/{secret.id}", data={"csrf_token": token})
    missing = client.post("/follow/space/999999", data={"csrf_token": token})
    assert resp.status_code == missing.status_code == 404
    assert resp.get_data(as_text=True).replace(f"/space/{secret.id}", "/space/N") == \
        missing.get_data(as_text=True).replace("/space/999999", "/space/N")
    assert client.post("/follow/nonsense/1", data={"csrf_token": token}).status_code == 404
    db.session.expire_all()
    assert _follows(outsider) == set()


def test_buttons_are_not_shown_to_visitors(client, make_space):
    space = make_space("open")
    html = client.get(f"/spaces/{space.slug}/activity").get_data(as_text=True)
    assert "/follow/space/" not in html


@pytest.mark.parametrize("visibility", ["open", "private"])
def test_fan_out_uses_a_fixed_number_of_queries(make_user, make_space, publish,
                                                count_queries, visibility):
    author = make_user()
    counts = []
    for n in (2, 20):
        space = make_space(visibility, members=[author])
        for _ in range(n):
            fan = make_user()
            if visibility != "open":
                add_member(space, fan)
            follow(fan, "space", space.id)
        db.session.commit()
        with count_queries() as q:
            post = publish(author, space)
        counts.append(q.count)
        assert len(db.session.scalars(db.select(Activity).where(
            Activity.post_id == post.id)).all()) == 1
    assert counts[0] == counts[1], counts


def test_a_mentioned_follower_gets_one_notification(make_user, make_space, publish,
                                                    comment_on):
    author, fan = make_user(), make_user()
    space = make_space("open")
    post = publish(author, space)
    follow(fan, "post", post.id)
    comment = comment_on(author, post, body="@fan kijk eens")
    feeds.mentioned(author, comment, [fan], post)
    db.session.commit()
    assert [(n.kind, n.target_id) for n in notifications_of(fan)] == [("mention", comment.id)]


def test_non_member_follower_of_a_secret_post_hears_nothing_of_its_comments(
        make_user, make_space, publish, comment_on):
    author, member, former = make_user(), make_user(), make_user()
    secret = make_space("secret", members=[author, member, former])
    post = publish(author, secret, title="Geheime aanpak")
    follow(member, "post", post.id)
    follow(former, "post", post.id)  # followed while still a member
    remove_member(secret, former)
    comment = comment_on(author, post)
    assert [(n.kind, n.target_id) for n in notifications_of(member)] == \
        [("comment_added", comment.id)]
    assert notifications_of(former) == []


def test_members_follow_their_space_until_they_leave(make_user, make_space):
    from community.feeds.services import is_following, unfollow
    from community.spaces import memberships
    from community.spaces.services import create_space

    creator, joiner, removed = make_user(), make_user(), make_user()
    space = create_space(creator, {"name": "Ruimte voor bakkers", "description": "",
                                   "visibility": "open"})
    assert is_following(creator, "space", space.id)
    memberships.join(joiner, space)
    memberships.join(removed, space)
    assert is_following(joiner, "space", space.id)
    # unfollowing is the member's own choice and sticks
    unfollow(joiner, "space", space.id)
    db.session.commit()
    assert not is_following(joiner, "space", space.id)
    memberships.leave(joiner, space)
    memberships.remove_member(creator, space, removed.id)
    assert not is_following(removed, "space", space.id)
    assert memberships.join(joiner, space) and is_following(joiner, "space", space.id)
