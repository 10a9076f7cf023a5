"""The events JSON API: the upcoming list and one event (hidden looks like missing, also
with a token), registering and cancelling with a write token (waitlist included), bad
input, a bounded number of queries, and the OpenAPI document."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from community.accounts.services import create_api_token
from community.events.models import Registration
from community.extensions import db


def _bearer(user, scope="write") -> dict:
    _token, raw = create_api_token(user, "test", scope)
    db.session.commit()
    return {"Authorization": f"Bearer {raw}"}


def _slugs(resp) -> list[str]:
    assert resp.status_code == 200, resp.get_json()
    return [e["slug"] for e in resp.get_json()["items"]]


def _registrations(event) -> dict[int, str]:
    return {r.user_id: r.status for r in db.session.scalars(
        sa.select(Registration).where(Registration.event_id == event.id))}


def test_hidden_space_event_is_absent_and_404_for_non_members(app, client, make_user,
                                                              make_space, make_event):
    member, outsider = make_user(), make_user()
    space = make_space("secret", members=[member])
    hidden = make_event("Geheime masterclass", space=space)
    public = make_event("Open masterclass")

    for headers in ({}, _bearer(outsider, "read"), _bearer(outsider)):
        slugs = _slugs(client.get("/api/v1/events", headers=headers))
        assert public.slug in slugs and hidden.slug not in slugs
        resp = client.get(f"/api/v1/events/{hidden.slug}", headers=headers)
        missing = client.get("/api/v1/events/bestaat-niet", headers=headers)
        assert resp.status_code == missing.status_code == 404
        assert resp.get_json()["message"] == missing.get_json()["message"]
    # nor can an outsider register for it (404, not 403: it does not exist for them)
    resp = client.post(f"/api/v1/events/{hidden.slug}/registration",
                       headers=_bearer(outsider), json={})
    assert resp.status_code == 404
    assert _registrations(hidden) == {}

    token = _bearer(member, "read")
    assert hidden.slug in _slugs(client.get("/api/v1/events", headers=token))
    data = client.get(f"/api/v1/events/{hidden.slug}", headers=token).get_json()
    assert data["title"] == "Geheime masterclass"
    assert data["space"]["slug"] == space.slug


def test_list_shows_upcoming_only_with_filters(app, client, make_event):
    soon = make_event("Workshop export", kind="workshop", format="hybrid",
                      address="Avantis, Heerlen", starts_in=dt.timedelta(days=1))
    later = make_event("Masterclass groei", starts_in=dt.timedelta(days=9))
    past = make_event("Al geweest", starts_in=dt.timedelta(days=-3))
    slugs = _slugs(client.get("/api/v1/events"))
    assert slugs.index(soon.slug) < slugs.index(later.slug) and past.slug not in slugs

    assert soon.slug in _slugs(client.get("/api/v1/events?kind=workshop"))
    assert later.slug not in _slugs(client.get("/api/v1/events?kind=workshop"))
    assert _slugs(client.get("/api/v1/events?format=hybrid&kind=workshop")) == [soon.slug]

    data = client.get("/api/v1/events?per_page=1").get_json()
    assert data["page"] == 1 and len(data["items"]) == 1 and data["total"] >= 2
    item = data["items"][0]
    assert item["url"] == f"/events/{item['slug']}"
    assert "checkin_code" not in item and "conference_url" not in item


def test_bad_input_is_422(app, client):
    for query in ("kind=feest", "format=teleport", "page=0", "per_page=1000", "page=x"):
        resp = client.get(f"/api/v1/events?{query}")
        assert resp.status_code == 422, query
        assert resp.get_json()["message"]


def test_read_token_cannot_register(app, client, make_user, make_event):
    user = make_user()
    event = make_event(capacity=5)
    resp = client.post(f"/api/v1/events/{event.slug}/registration",
                       headers=_bearer(user, "read"), json={})
    assert resp.status_code == 403 and resp.get_json()["message"]
    resp = client.delete(f"/api/v1/events/{event.slug}/registration",
                         headers=_bearer(user, "read"))
    assert resp.status_code == 403
    assert client.post(f"/api/v1/events/{event.slug}/registration", json={}).status_code == 401
    resp = client.post(f"/api/v1/events/{event.slug}/registration",
                       headers={"Authorization": "Bearer nonsense"}, json={})
    assert resp.status_code == 401
    assert _registrations(event) == {}


def test_register_cancel_and_waitlist(app, client, make_user, make_event):
    event = make_event(capacity=1)
    first, second = make_user(), make_user()
    first_token, second_token = _bearer(first), _bearer(second)
    url = f"/api/v1/events/{event.slug}/registration"

    resp = client.post(url, headers=first_token, json={})
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["status"] == "registered"
    assert resp.get_json()["waitlist_position"] is None
    resp = client.post(url, headers=first_token)  # no body is fine too
    assert resp.status_code == 409 and resp.get_json()["message"]

    resp = client.post(url, headers=second_token, json={})
    assert resp.status_code == 201
    assert resp.get_json()["status"] == "waitlisted"
    assert resp.get_json()["waitlist_position"] == 1
    data = client.get(f"/api/v1/events/{event.slug}", headers=second_token).get_json()
    assert data["my_registration"]["status"] == "waitlisted"
    assert data["registered"] == 1 and data["waitlisted"] == 1 and data["seats_left"] == 0
    assert data["conference_url"] is None  # a waitlisted person does not get the link
    listed = client.get("/api/v1/events", headers=second_token).get_json()["items"]
    mine = next(e for e in listed if e["slug"] == event.slug)["my_registration"]
    assert mine["status"] == "waitlisted" and mine["waitlist_position"] == 1

    resp = client.delete(url, headers=first_token)
    assert resp.status_code == 200 and resp.get_json()["status"] == "cancelled"
    assert _registrations(event) == {first.id: "cancelled", second.id: "registered"}
    data = client.get(f"/api/v1/events/{event.slug}", headers=second_token).get_json()
    assert data["my_registration"]["status"] == "registered"
    assert data["conference_url"] == event.conference_url

    resp = client.delete(url, headers=first_token)
    assert resp.status_code == 409 and resp.get_json()["message"]


def test_registration_refusals_are_json_errors(app, client, make_user, make_event):
    user = make_user()
    unconfirmed = make_user(confirmed=False)
    cancelled = make_event(status="cancelled")
    started = make_event(starts_in=dt.timedelta(minutes=-10))
    fresh = make_event()
    for event, who, status in ((cancelled, user, 409), (started, user, 409),
                               (fresh, unconfirmed, 403)):
        resp = client.post(f"/api/v1/events/{event.slug}/registration",
                           headers=_bearer(who), json={})
        assert resp.status_code == status, (event.slug, resp.get_json())
        assert resp.get_json()["message"]
    resp = client.post(f"/api/v1/events/{fresh.slug}/registration", headers=_bearer(user),
                       data="kind=x", content_type="application/x-www-form-urlencoded")
    assert resp.status_code == 415
    assert client.post("/api/v1/events/bestaat-niet/registration", headers=_bearer(user),
                       json={}).status_code == 404
    assert _registrations(fresh) == {} and _registrations(cancelled) == {}


def test_session_write_needs_csrf(app, client, make_user, make_event, login):
    user = make_user()
    event = make_event()
    login(user)
    resp = client.post(f"/api/v1/events/{event.slug}/registration", json={})
    assert resp.status_code == 400
    assert _registrations(event) == {}


def test_list_queries_do_not_grow(app, client, make_user, make_event, count_queries):
    viewer, people = make_user(), [make_user() for _ in range(3)]
    token = _bearer(viewer, "read")

    def count() -> int:
        client.get("/api/v1/events", headers=token)
        with count_queries() as counter:
            assert client.get("/api/v1/events", headers=token).status_code == 200
        return counter.count

    make_event(presenters=people[:1])
    few = count()
    for i in range(8):
        event = make_event(presenters=people, capacity=2, starts_in=dt.timedelta(days=i + 2))
        for person in people:
            db.session.add(Registration(event_id=event.id, user_id=person.id,
                                        status="registered"))
        db.session.add(Registration(event_id=event.id, user_id=viewer.id,
                                    status="registered"))
    db.session.commit()
    assert count() <= few + 1  # + the caller's registrations, once there are any


def test_openapi_lists_the_events_endpoints(app, client):
    spec = client.get("/api/v1/openapi.json")
    if spec.status_code == 404:
        spec = client.get("/api/openapi.json")
    paths = spec.get_json()["paths"]
    assert "get" in paths["/api/v1/events"]
    assert "get" in paths["/api/v1/events/{slug}"]
    assert {"post", "delete"} <= set(paths["/api/v1/events/{slug}/registration"])
