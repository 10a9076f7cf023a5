"""Factories for the feeds and notifications tests: spaces, posts and comments are made
directly as rows (the post services are built elsewhere), and events are fired through
``community.feeds.services`` exactly as the post services do, inside one transaction."""
from __future__ import annotations

import itertools
import re
import socket
import threading
from email import message_from_bytes, policy

import pytest

from community.extensions import db

_seq = itertools.count(1)


@pytest.fixture
def make_space(app):
    from community.spaces.models import Space

    def make(visibility: str = "open", name: str | None = None, members=(), admins=()):
        n = next(_seq)
        space = Space(name=name or f"Ruimte {n}", slug=f"feeds-ruimte-{n}",
                      visibility=visibility)
        db.session.add(space)
        db.session.flush()
        for user in members:
            add_member(space, user)
        for user in admins:
            add_member(space, user, role="admin")
        db.session.commit()
        return space

    return make


def add_member(space, user, role: str = "member") -> None:
    from community.spaces.models import SpaceMembership

    db.session.add(SpaceMembership(space_id=space.id, user_id=user.id, role=role))
    db.session.flush()


def remove_member(space, user) -> None:
    from community.spaces.models import SpaceMembership

    db.session.delete(db.session.get(SpaceMembership, (space.id, user.id)))
    db.session.commit()


@pytest.fixture
def publish(app):
    """Create a published post and fire ``post_published`` in the same transaction."""
    from community.feeds import services as feeds
    from community.spaces.post_models import Post
    from community.tags import tags_for

    def make(author, space, title: str | None = None, tags=(), fire: bool = True):
        n = next(_seq)
        post = Post(space_id=space.id, author_id=author.id, title=title or f"Bericht {n}",
                    body_md="Tekst", body_html="<p>Tekst</p>", status="published")
        post.tags = tags_for(list(tags)) if tags else []
        db.session.add(post)
        db.session.flush()
        if fire:
            feeds.post_published(post)
        db.session.commit()
        return post

    return make


@pytest.fixture
def comment_on(app):
    from community.feeds import services as feeds
    from community.spaces.post_models import Comment

    def make(author, post, parent=None, body: str = "Goed idee", fire: bool = True):
        comment = Comment(post_id=post.id, author_id=author.id, body_md=body,
                          body_html=f"<p>{body}</p>", status="published",
                          parent_id=parent.id if parent else None)
        db.session.add(comment)
        db.session.flush()
        post.comment_count += 1
        if fire:
            feeds.comment_added(comment, post)
        db.session.commit()
        return comment

    return make


def notifications_of(user, kind: str | None = None):
    from community.notifications.models import Notification

    query = db.select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query.order_by(Notification.id)))


def follow(user, target_type: str, target_id: int) -> None:
    from community.feeds import services as feeds

    feeds.follow(user, target_type, target_id)
    db.session.commit()


def token_for(client, path: str = "/") -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


# ---------------------------------------------------------------- a real SMTP server

class _Collector:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        with self.lock:
            self.messages.append((envelope.rcpt_tos,
                                  message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(app):
    """An aiosmtpd server on a free localhost port; the app sends mail to it over SMTP
    for the duration of the test. ``smtp_server.messages`` is [(recipients, message)]."""
    from aiosmtpd.controller import Controller

    collector = _Collector()
    port = _free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    saved = {k: app.config.get(k) for k in ("MAIL_BACKEND", "MAIL_SERVER", "MAIL_PORT",
                                            "MAIL_USE_TLS", "MAIL_USERNAME")}
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                      MAIL_USE_TLS=False, MAIL_USERNAME=None)
    try:
        yield collector
    finally:
        app.config.update(saved)
        controller.stop()


def mails_to(server, user) -> list:
    return [msg for rcpts, msg in server.messages if user.email in rcpts]


def body_of(msg) -> str:
    return msg.get_body(preferencelist=("plain",)).get_content()
