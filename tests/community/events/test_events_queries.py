"""The agenda and an event's page run a bounded number of SQL statements, whatever the
number of events, registrations or presenters."""
from __future__ import annotations

import datetime as dt

from community.events.models import Registration
from community.extensions import db
from tests.community.events.test_events_flow import login_as


def _count_page(client, count_queries, url: str) -> int:
    client.get(url)  # warm up (session, caches)
    with count_queries() as counter:
        resp = client.get(url)
    assert resp.status_code == 200
    return counter.count


def _fill(event, users, waitlisted: int = 0) -> None:
    for n, user in enumerate(users):
        db.session.add(Registration(event_id=event.id, user_id=user.id,
                                    status="waitlisted" if n < waitlisted else "registered"))
    db.session.commit()


def test_agenda_queries_do_not_grow_with_events(app, make_user, make_event, make_space,
                                                count_queries):
    viewer = make_user()
    people = [make_user() for _ in range(4)]
    space = make_space("open", members=[viewer])
    client = login_as(app, viewer)
    for i in range(2):
        _fill(make_event(f"Masterclass {i}", presenters=people[:2],
                         starts_in=dt.timedelta(days=i + 1)), people)
    few = _count_page(client, count_queries, "/events")
    for i in range(18):
        _fill(make_event(f"Workshop {i}", presenters=people, space=space if i % 2 else None,
                         capacity=3, starts_in=dt.timedelta(days=i + 3)), people, 1)
    many = _count_page(client, count_queries, "/events")
    assert many == few, (few, many)
    assert many <= 12


def test_event_page_queries_do_not_grow_with_registrations(app, make_user, make_event,
                                                           count_queries):
    organiser = make_user("partner")
    people = [make_user() for _ in range(40)]
    small = make_event(organiser=organiser, presenters=people[:1], capacity=50)
    _fill(small, people[:2])
    large = make_event(organiser=organiser, presenters=people[:8], capacity=30)
    _fill(large, people, 10)
    for viewer in (organiser, people[0], people[5]):
        client = login_as(app, viewer)
        few = _count_page(client, count_queries, f"/events/{small.slug}")
        many = _count_page(client, count_queries, f"/events/{large.slug}")
        assert many <= few + 1, (viewer, few, many)  # +1: the waitlist position
        assert many <= 16
    client = login_as(app, organiser)
    few = _count_page(client, count_queries, f"/events/{small.slug}/attendees")
    many = _count_page(client, count_queries, f"/events/{large.slug}/attendees")
    assert many == few and many <= 12
