"""Fixtures for the knowledge-square tests: spaces, experienced users, questions."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest

from community.db import utcnow
from community.extensions import db
from community.tags import tags_for

_seq = itertools.count(1)



@pytest.fixture
def veteran(make_user):
    """A user confirmed days ago (past the first-day posting limits)."""

    def make(role: str = "member", expertise=(), **fields):
        user = make_user(role, **fields)
        then = utcnow() - dt.timedelta(days=3)
        user.created_at = then
        user.confirmed_at = then
        if expertise:
            user.expertise = tags_for(list(expertise))
        db.session.commit()
        return user

    return make


@pytest.fixture
def ask(app):
    """Ask through the real service."""
    from community.qa import services

    def do(author, title="Welke subsidie past bij mijn bedrijf?", body="Graag advies.",
           tags=("subsidie",), space=None, **kw):
        return services.ask(author, title=title, body_md=body, tags=list(tags), space=space,
                            **kw)

    return do


def post_form(client, path: str, data: dict | None = None, **kwargs):
    from tests.conftest import csrf_token

    return client.post(path, data={**(data or {}), "csrf_token": csrf_token(client, "/")},
                       **kwargs)
