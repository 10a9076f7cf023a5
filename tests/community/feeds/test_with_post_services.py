"""The feeds contract as the post services use it (end to end through their use-cases)."""
from __future__ import annotations

import pytest

from community.extensions import db
from community.feeds.models import Follow
from tests.community.feeds.helpers import follow, notifications_of

post_services = pytest.importorskip("community.spaces.post_services")


def test_publishing_commenting_and_mentioning_through_the_post_services(
        client, login, make_user, make_space):
    author = make_user(name="Piet Post")
    fan = make_user(name="Fenna Fan")
    mentioned = make_user(name="Mona Mention")
    outsider = make_user(name="Otto Outsider")
    space = make_space("members", members=[author, fan, mentioned])
    follow(fan, "space", space.id)
    follow(outsider, "user", author.id)

    post = post_services.create_post(author, space, title="Circulair inkopen",
                                     body_md="Een verhaal over inkoop.")
    assert [n.kind for n in notifications_of(fan)] == ["post_created"]
    assert [n.kind for n in notifications_of(outsider)] == ["post_created"]  # open content

    post_services.add_comment(mentioned, post, "Mooi voorbeeld! @fenna-fan @otto-outsider")
    assert [n.kind for n in notifications_of(author)] == ["comment_added"]
    # the fan follows the space, not the post: the comment reaches them as a mention only
    assert [n.kind for n in notifications_of(fan)] == ["post_created", "mention"]
    assert [n.kind for n in notifications_of(outsider)] == ["post_created", "mention"]
    assert ("post", post.id) in {(f.target_type, f.target_id) for f in db.session.scalars(
        db.select(Follow).where(Follow.user_id == mentioned.id))}

    login(fan)
    html = client.get("/feed").get_data(as_text=True)
    assert "Circulair inkopen" in html and f"/spaces/{space.slug}/posts/{post.id}" in html
    inbox = client.get("/notifications").get_data(as_text=True)
    assert f"/spaces/{space.slug}/posts/{post.id}#comment-" in inbox
