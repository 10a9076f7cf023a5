"""An event in a private or secret space is invisible outside it: its page, the agenda,
search, notifications, registering and organising all answer as if it did not exist."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from community.access import can
from community.events import registration
from community.events.models import Registration
from community.extensions import db
from community.notifications.models import Notification
from tests.community.events.conftest import post_form
from tests.community.events.test_events_flow import login_as


@pytest.mark.parametrize("visibility", ["secret", "private"])
def test_space_event_is_hidden_everywhere(app, make_user, make_space, make_event,
                                          visibility):
    insider, outsider = make_user(), make_user()
    space = make_space(visibility, members=[insider])
    event = make_event("Besloten masterclass overname familiebedrijf", space=space)
    anonymous = app.test_client()
    out = login_as(app, outsider)
    for client in (anonymous, out):
        assert client.get(f"/events/{event.slug}").status_code == 404
        assert event.title not in client.get("/events").get_data(as_text=True)
        assert event.slug not in client.get("/search?q=overname").get_data(as_text=True)
        # the agenda filtered on the space: 404, exactly like a space that does not exist
        assert client.get(f"/events?space={space.slug}").status_code == 404
        assert client.get("/events?space=bestaat-niet").status_code == 404
    for path in ("register", "unregister"):
        assert post_form(out, f"/events/{event.slug}/{path}").status_code == 404
    assert out.get(f"/events/{event.slug}/attendees").status_code == 404
    assert out.get(f"/events/{event.slug}/edit").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0

    inside = login_as(app, insider)
    assert inside.get(f"/events/{event.slug}").status_code == 200
    assert event.title in inside.get("/events").get_data(as_text=True)
    other = make_event("Open netwerkontbijt Venlo")
    filtered = inside.get(f"/events?space={space.slug}").get_data(as_text=True)
    assert event.title in filtered and other.title not in filtered
    assert f"/events/{event.slug}" in inside.get("/search?q=overname").get_data(as_text=True)
    assert post_form(inside, f"/events/{event.slug}/register").status_code == 302


def test_removed_from_the_space_hears_nothing_more(app, make_user, make_space, make_event):
    from community.spaces.models import SpaceMembership

    organiser = make_user("partner")
    insider = make_user()
    space = make_space("secret", members=[insider, organiser])
    event = make_event(space=space, organiser=organiser)
    registration.register(insider, event)
    db.session.delete(db.session.get(SpaceMembership, (space.id, insider.id)))
    db.session.commit()
    assert not can(insider, "attend", event)
    registration.cancel_event(organiser, event, "Verplaatst")
    assert not db.session.scalar(sa.select(Notification.id).where(
        Notification.user_id == insider.id, Notification.kind == "event_cancelled"))


def test_who_may_organise(app, make_user, make_space):
    member, partner, expert, moderator = (make_user(r) for r in
                                          ("member", "partner", "expert", "moderator"))
    assert [can(u, "create_event") for u in (member, partner, expert, moderator)] == [
        False, True, True, True]
    space_admin = make_user()
    space = make_space("private", admin=space_admin, members=[partner])
    assert can(space_admin, "create_event", space)
    assert can(partner, "create_event", space)
    assert not can(member, "create_event", space)
    assert not can(expert, "create_event", space)  # not a member: may not post there


def test_roles_on_an_event(app, make_user, make_event):
    organiser, presenter = make_user("partner"), make_user("expert")
    attendee, waiting, stranger = make_user(), make_user(), make_user()
    staff = make_user("moderator")
    event = make_event(capacity=1, organiser=organiser, presenters=[presenter])
    registration.register(attendee, event)
    registration.register(waiting, event)
    assert can(organiser, "manage", event) and can(staff, "manage", event)
    assert not can(presenter, "manage", event)
    assert can(presenter, "present", event) and not can(attendee, "present", event)
    assert [can(u, "attend", event) for u in (organiser, presenter, attendee, waiting,
                                               stranger, staff)] == [
        True, True, True, False, False, True]
    assert can(organiser, "moderate_live", event) and can(staff, "moderate_live", event)
    assert not can(presenter, "moderate_live", event)
    assert can(staff, "view_noshows") and not can(organiser, "view_noshows")
    registration.cancel(attendee, event)
    assert not can(attendee, "attend", event)
    assert can(waiting, "attend", event)  # promoted


def test_started_event_refuses_registration_in_the_page(app, make_user, make_event):
    event = make_event(starts_in=dt.timedelta(minutes=-10))
    client = login_as(app, make_user())
    page = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert f'action="/events/{event.slug}/register"' not in page
    assert post_form(client, f"/events/{event.slug}/register").status_code == 409
