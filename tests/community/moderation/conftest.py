"""Fixtures for moderation tests: spaces, posts and comments written straight to the
database (the post services are built elsewhere), and a few helpers."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest

from community.db import utcnow
from community.extensions import db

_seq = itertools.count(1)


@pytest.fixture
def make_space(app):
    from community.spaces.models import Space, SpaceMembership

    def make(visibility: str = "open", name: str | None = None, members=(), admins=()):
        n = next(_seq)
        space = Space(name=name or f"Ruimte {n}", slug=f"mod-ruimte-{n}", visibility=visibility)
        db.session.add(space)
        db.session.flush()
        for user in members:
            db.session.add(SpaceMembership(space_id=space.id, user_id=user.id, role="member"))
        for user in admins:
            db.session.add(SpaceMembership(space_id=space.id, user_id=user.id, role="admin"))
        db.session.commit()
        return space

    return make


@pytest.fixture
def make_post(app):
    from community.spaces.models import Post

    def make(author, space, title: str | None = None, ago: dt.timedelta | None = None,
             **fields):
        n = next(_seq)
        when = utcnow() - (ago or dt.timedelta(0))
        post = Post(space_id=space.id, author_id=author.id if author else None,
                    title=title or f"Praktijkvoorbeeld {n}", body_md=f"Tekst {n}",
                    body_html=f"<p>Tekst {n}</p>", created_at=when, updated_at=when,
                    last_activity_at=when, **fields)
        db.session.add(post)
        db.session.commit()
        return post

    return make


@pytest.fixture
def make_comment(app):
    from community.spaces.models import Comment

    def make(author, post, ago: dt.timedelta | None = None, **fields):
        n = next(_seq)
        when = utcnow() - (ago or dt.timedelta(0))
        comment = Comment(post_id=post.id, author_id=author.id, body_md=f"Reactie {n}",
                          body_html=f"<p>Reactie {n}</p>", created_at=when, updated_at=when,
                          **fields)
        db.session.add(comment)
        if fields.get("status", "published") == "published":
            post.comment_count = (post.comment_count or 0) + 1
        db.session.commit()
        return comment

    return make


@pytest.fixture
def en_user(make_user):
    """Users who read English, so tests can read the messages they get."""

    def make(role: str = "member", **fields):
        return make_user(role, locale="en", **fields)

    return make
