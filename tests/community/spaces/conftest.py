"""Fixtures for the spaces tests: spaces of every visibility with an admin and a member."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest

from community.extensions import db
from community.spaces.models import SpaceMembership

_seq = itertools.count(1)



@pytest.fixture
def make_post(app):
    """A published post row written directly (the posts work owns the real use-case)."""
    from community.db import utcnow
    from community.spaces.post_models import Post

    def make(space, author, title: str | None = None, minutes_ago: int = 0, **fields):
        n = next(_seq)
        when = utcnow() - dt.timedelta(minutes=minutes_ago)
        post = Post(space_id=space.id, author_id=author.id if author else None,
                    title=title or f"Praktijkvoorbeeld {n}", body_md="Tekst",
                    body_html="<p>Tekst</p>", last_activity_at=when, created_at=when, **fields)
        db.session.add(post)
        db.session.commit()
        return post

    return make


# ---------------------------------------------------------------- helpers for the tests

def post_form(client, path: str, data: dict | None = None, **kwargs):
    """POST with a valid CSRF token of ``client``'s session."""
    from tests.conftest import csrf_token

    return client.post(path, data={**(data or {}), "csrf_token": csrf_token(client, "/")},
                       **kwargs)


def english(client) -> None:
    """Read pages in English (the source strings), whatever the Dutch catalogue holds."""
    post_form(client, "/language", {"locale": "en", "next": "/"})


def count(model, *where) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model).where(*where))


def member_ids(space) -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(db.select(SpaceMembership.user_id)
                                  .where(SpaceMembership.space_id == space.id)))


def png_bytes(size=(60, 30), fmt="PNG") -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buf, format=fmt)
    return buf.getvalue()


@pytest.fixture
def client_for(app):
    """A fresh client logged in as ``user`` (or anonymous for None)."""
    from tests.conftest import PASSWORD, csrf_token

    def make(user=None):
        client = app.test_client()
        if user is not None:
            resp = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                               "csrf_token": csrf_token(client, "/login")})
            assert resp.status_code == 302, resp.get_data(as_text=True)[-2000:]
        return client

    return make


# ---------------------------------------------------------------- posts (the POSTS work)

@pytest.fixture
def veteran(make_user):
    """A user past the first-day limits of moderation/trust.py (confirmed long ago), who
    reads the site in English (the msgids) so tests can assert on text."""
    from community.db import utcnow

    def make(role: str = "member", name: str | None = None, **fields):
        fields.setdefault("locale", "en")  # pages in the source language for assertions
        user = make_user(role, name=name, **fields)
        user.confirmed_at = user.created_at = utcnow() - dt.timedelta(days=60)
        db.session.commit()
        return user

    return make


@pytest.fixture
def post_world(veteran, make_space, make_company):
    """One space per visibility with a space admin and a member (the author, whose company
    is "Maasdal Metaal"), an outsider, a moderator and a site admin; ``world.post(v)``
    writes a post by the author through the real service."""
    from types import SimpleNamespace

    from community.spaces import post_services

    w = SimpleNamespace()
    w.space_admin = veteran(name="Ruimte Beheerder")
    w.author = veteran(name="Anna Auteur")
    w.outsider = veteran(name="Olaf Buiten")
    w.moderator = veteran("moderator", name="Mila Moderator")
    w.admin = veteran("admin", name="Adam Admin")
    w.company = make_company(owner=w.author, name="Maasdal Metaal")
    w.spaces = {v: make_space(v, admin=w.space_admin, members=[w.author])
                for v in ("open", "members", "private", "secret")}

    def post(visibility: str = "open", title: str = "Zonnepanelen op het dak", **kw):
        kw.setdefault("body_md", "Wij besparen **30%** op energie.")
        return post_services.create_post(w.author, w.spaces[visibility], title=title, **kw)

    w.post = post
    return w


def post_path(post, suffix: str = "") -> str:
    return f"/spaces/{post.space.slug}/posts/{post.id}{suffix}"
