"""Fixtures for the events tests: ``make_event`` writes an event directly (no use-case
rules, times relative to now), ``register_as`` registers through the real service."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest

from community.db import utcnow
from community.extensions import db

_seq = itertools.count(1)


@pytest.fixture
def make_event(app, make_user):
    """``make_event(starts_in=timedelta(days=7), hours=2, organiser=None, **fields)``."""
    from community.events.models import Event

    def make(title: str | None = None, *, starts_in: dt.timedelta = dt.timedelta(days=7),
             hours: float = 2, organiser=None, presenters=(), space=None, **fields) -> Event:
        n = next(_seq)
        starts_at = fields.pop("starts_at", None) or utcnow() + starts_in
        ends_at = fields.pop("ends_at", None) or starts_at + dt.timedelta(hours=hours)
        if organiser is None:
            organiser = make_user("partner", name=f"Organisator {n}")
        values = dict(kind="masterclass", format="online",
                      conference_url="https://meet.jit.si/mkb-limburg-test",
                      description_md="Over groei.", description_html="<p>Over groei.</p>",
                      checkin_code="ABC234", status="published")
        values.update(fields)
        event = Event(title=title or f"Masterclass {n}", slug=f"masterclass-{n}",
                      starts_at=starts_at, ends_at=ends_at, organiser_id=organiser.id,
                      space_id=space.id if space is not None else None, **values)
        event.presenters = list(presenters)
        db.session.add(event)
        db.session.commit()
        return event

    return make


@pytest.fixture
def register_as(app):
    from community.events import registration

    def do(user, event):
        return registration.register(user, event)

    return do


def post_form(client, path: str, data: dict | None = None, **kwargs):
    from tests.conftest import csrf_token

    return client.post(path, data={**(data or {}), "csrf_token": csrf_token(client, "/")},
                       **kwargs)


@pytest.fixture
def english(app):
    """Messages in English (the source strings), whatever the Dutch catalogue holds: the
    app context is shared with the test client's requests, so pages follow too."""
    from flask_babel import force_locale

    with force_locale("en"):
        yield
