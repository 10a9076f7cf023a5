"""A space's page lists its next events (three at most, for whoever sees the space's
content) with a link to organise one for those who may, at the cost of one query."""
from __future__ import annotations

import datetime as dt
import re

from tests.community.events.test_events_flow import login_as

EVENTS_QUERY = re.compile(r"^\s*SELECT event\.")  # the notification badge mentions events too


def test_member_sees_the_spaces_next_events(app, make_user, make_space, make_event):
    admin, member, outsider = make_user(), make_user(), make_user()
    space = make_space("private", admin=admin, members=[member])
    first = make_event("Workshop exportplan", space=space, kind="workshop",
                       starts_in=dt.timedelta(days=2))
    for n in range(3):
        make_event(f"Later {n}", space=space, starts_in=dt.timedelta(days=10 + n))
    past = make_event("Al geweest", space=space, starts_in=dt.timedelta(days=-5))
    cancelled = make_event("Gaat niet door", space=space, status="cancelled")
    elsewhere = make_event("Platformbreed", starts_in=dt.timedelta(days=1))
    new_url = f"/events/new?space={space.slug}"

    html = login_as(app, member).get(f"/spaces/{space.slug}").get_data(as_text=True)
    assert 'id="space-events-title"' in html
    assert f'href="/events/{first.slug}"' in html and "Workshop exportplan" in html
    assert "Later 0" in html and "Later 1" in html and "Later 2" not in html  # three
    for absent in (past, cancelled, elsewhere):
        assert absent.title not in html
    assert new_url not in html  # a plain member may not organise events here

    html = login_as(app, admin).get(f"/spaces/{space.slug}").get_data(as_text=True)
    assert new_url in html and "Workshop exportplan" in html
    assert login_as(app, admin).get(new_url).status_code == 200

    # outside a private space its content (and so its events) stays hidden
    html = login_as(app, outsider).get(f"/spaces/{space.slug}").get_data(as_text=True)
    assert "Workshop exportplan" not in html and 'id="space-events-title"' not in html
    html = app.test_client().get(f"/spaces/{space.slug}").get_data(as_text=True)
    assert "Workshop exportplan" not in html


def test_no_section_without_events_or_the_right_to_organise(app, make_user, make_space):
    member = make_user()
    space = make_space("open", members=[member])
    html = login_as(app, member).get(f"/spaces/{space.slug}").get_data(as_text=True)
    assert 'id="space-events-title"' not in html


def test_space_page_costs_one_query_for_its_events(app, make_user, make_space, make_event,
                                                   count_queries):
    def measure(client, slug) -> int:
        client.get(f"/spaces/{slug}")  # warm up (the first visit stamps last_visit_at)
        with count_queries() as counter:
            assert client.get(f"/spaces/{slug}").status_code == 200
        assert sum(bool(EVENTS_QUERY.match(s)) for s in counter.statements) == 1
        return counter.count

    counts = []
    for n in (0, 6):
        admin = make_user("partner")
        space = make_space("open", admin=admin)
        for i in range(n):
            make_event(space=space, organiser=admin, presenters=[make_user("expert")],
                       starts_in=dt.timedelta(days=i + 1))
        counts.append(measure(login_as(app, admin), space.slug))
    assert counts[0] == counts[1], counts
