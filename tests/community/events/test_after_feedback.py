"""Feedback after the event, satisfaction figures, materials and the recording link."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from community.events import feedback, materials
from community.events.after_views import Afterwards
from community.events.models import EventFeedback, EventMaterial
from community.extensions import db
from tests.community.events.conftest import post_form
from tests.community.events.matrix_after import register
from tests.conftest import csrf_token


def _logout(client):
    client.post("/logout", data={"csrf_token": csrf_token(client, "/settings")})


def _past(make_event, **fields):
    return make_event(starts_in=-dt.timedelta(days=1), **fields)


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count(model.id)))


def test_attendee_gives_and_changes_feedback(client, login, make_event, make_user):
    user = make_user()
    event = _past(make_event)
    register(event, user)
    db.session.commit()
    login(user)
    page = client.get(f"/events/{event.slug}/feedback").get_data(as_text=True)
    assert 'name="rating"' in page and 'name="comment"' in page

    resp = post_form(client, f"/events/{event.slug}/feedback",
                     {"rating": "4", "comment": "  Heel leerzaam  "})
    assert resp.status_code == 302
    item = db.session.scalar(sa.select(EventFeedback))
    assert (item.rating, item.comment) == (4, "Heel leerzaam")

    assert post_form(client, f"/events/{event.slug}/feedback",
                     {"rating": "5", "comment": ""}).status_code == 302
    db.session.expire_all()
    assert _count(EventFeedback) == 1  # once per person, editable
    item = db.session.scalar(sa.select(EventFeedback))
    assert (item.rating, item.comment) == (5, None)
    page = client.get(f"/events/{event.slug}/feedback").get_data(as_text=True)
    assert 'value="5" checked' in page


def test_bad_feedback_input_is_refused_with_a_message(client, login, make_event, make_user):
    user = make_user()
    event = _past(make_event)
    register(event, user)
    db.session.commit()
    login(user)
    for data in ({"rating": "0"}, {"rating": "6"}, {"rating": "vijf"}, {},
                 {"rating": "4.5"}, {"rating": "4", "comment": "x" * 2001}):
        resp = post_form(client, f"/events/{event.slug}/feedback", data)
        assert resp.status_code == 400, data
        html = resp.get_data(as_text=True)
        assert 'class="error"' in html
        if "comment" in data:
            assert "x" * 2001 in html  # what was typed is kept
    assert _count(EventFeedback) == 0
    assert post_form(client, f"/events/{event.slug}/feedback",
                     {"rating": "3"}, headers={}).status_code == 302
    assert client.post(f"/events/{event.slug}/feedback", data={"rating": "3"}).status_code \
        == 400  # no CSRF token


def test_who_may_give_feedback(client, login, make_event, make_user):
    attendee, stranger, waiting = make_user(), make_user(), make_user()
    past = _past(make_event)
    upcoming = make_event()
    cancelled = _past(make_event, status="cancelled")
    for event in (past, upcoming, cancelled):
        register(event, attendee)
    register(past, waiting, status="waitlisted")
    db.session.commit()

    login(attendee)
    assert post_form(client, f"/events/{upcoming.slug}/feedback",
                     {"rating": "4"}).status_code == 409
    assert post_form(client, f"/events/{cancelled.slug}/feedback",
                     {"rating": "4"}).status_code == 409
    _logout(client)
    for user in (stranger, waiting):
        login(user)
        assert client.get(f"/events/{past.slug}/feedback").status_code == 403
        assert post_form(client, f"/events/{past.slug}/feedback",
                         {"rating": "4"}).status_code == 403
        _logout(client)
    assert _count(EventFeedback) == 0


def test_figures_for_organiser_presenters_and_staff(client, login, make_event, make_user):
    organiser, presenter, staff, attendee = (make_user("partner"), make_user("expert"),
                                             make_user("admin"), make_user())
    event = _past(make_event, organiser=organiser, presenters=[presenter])
    for rating, comment in ((5, "Top"), (4, None), (4, "Prima"), (2, "Te kort")):
        user = make_user()
        register(event, user)
        db.session.add(EventFeedback(event_id=event.id, user_id=user.id, rating=rating,
                                     comment=comment))
    register(event, attendee)
    db.session.commit()

    figures = feedback.figures(event)
    assert figures.count == 4 and figures.average == 3.8
    assert figures.distribution == {1: 0, 2: 1, 3: 0, 4: 2, 5: 1}
    assert figures.share(4) == 50

    for user in (organiser, presenter, staff):
        login(user)
        html = client.get(f"/events/{event.slug}/feedback").get_data(as_text=True)
        assert "3,8" in html and "Te kort" in html, user.role
        _logout(client)
    login(attendee)  # an attendee sees the form, not the others' figures or comments
    html = client.get(f"/events/{event.slug}/feedback").get_data(as_text=True)
    assert 'name="rating"' in html and "Te kort" not in html and "3,8" not in html


def test_materials_and_recording(app, client, login, make_event, make_user, make_space):
    organiser, presenter, attendee, stranger = (make_user("partner"), make_user("expert"),
                                                make_user(), make_user())
    event = _past(make_event, organiser=organiser, presenters=[presenter])
    register(event, attendee)
    db.session.commit()

    login(attendee)  # attendees do not add materials
    assert post_form(client, f"/events/{event.slug}/materials",
                     {"title": "Slides", "url": "https://x.example/s.pdf"}).status_code == 403
    _logout(client)

    login(presenter)
    for url in ("javascript:alert(1)", "http://x.example/s.pdf", "data:text/html,hoi", "",
                "https://", "https://x.example/" + "a" * 600, "https://user:pw@x.example/"):
        assert post_form(client, f"/events/{event.slug}/materials",
                         {"title": "Slides", "url": url}).status_code == 400, url
    assert post_form(client, f"/events/{event.slug}/materials",
                     {"title": " ", "url": "https://x.example/s.pdf"}).status_code == 400
    assert _count(EventMaterial) == 0
    assert post_form(client, f"/events/{event.slug}/materials",
                     {"title": "Slides", "url": "https://x.example/s.pdf"}).status_code == 302
    assert post_form(client, f"/events/{event.slug}/recording",
                     {"recording_url": "javascript:x"}).status_code == 400
    assert post_form(client, f"/events/{event.slug}/recording",
                     {"recording_url": "https://video.example/opname"}).status_code == 302
    db.session.expire_all()
    assert event.recording_url == "https://video.example/opname"
    _logout(client)

    with app.test_request_context():
        seen = {u: Afterwards(u, event) for u in (attendee, stranger, presenter, organiser)}
    assert [m.title for m in seen[stranger].materials] == ["Slides"]  # everyone who views
    assert seen[attendee].recording_url == "https://video.example/opname"
    assert seen[presenter].recording_url and seen[organiser].recording_url
    assert seen[stranger].recording_url is None  # the recording stays within the group
    assert seen[attendee].may_give_feedback and not seen[stranger].may_give_feedback
    assert seen[organiser].can_edit and not seen[attendee].can_edit

    # the event page shows them through events/_afterwards.html
    login(attendee)
    html = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert 'href="https://x.example/s.pdf"' in html
    assert 'href="https://video.example/opname"' in html
    assert f'/events/{event.slug}/feedback' in html and "event.ics" in html
    _logout(client)
    login(stranger)
    html = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert 'href="https://x.example/s.pdf"' in html
    assert "video.example" not in html and f'/events/{event.slug}/feedback' not in html
    _logout(client)
    html = client.get(f"/events/{event.slug}").get_data(as_text=True)  # anonymous
    assert 'href="https://x.example/s.pdf"' in html and "video.example" not in html

    login(organiser)
    html = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert f'action="/events/{event.slug}/materials"' in html
    material = db.session.scalar(sa.select(EventMaterial))
    assert post_form(client, f"/events/{event.slug}/materials/{material.id}/delete"
                     ).status_code == 302
    assert _count(EventMaterial) == 0
    assert post_form(client, f"/events/{event.slug}/recording",
                     {"recording_url": ""}).status_code == 302
    db.session.expire_all()
    assert event.recording_url is None
    other = _past(make_event)
    db.session.add(EventMaterial(event_id=other.id, title="Elders", url="https://x.example/"))
    db.session.commit()
    foreign = db.session.scalar(sa.select(EventMaterial))
    # a material of another event cannot be removed through this one
    assert post_form(client, f"/events/{event.slug}/materials/{foreign.id}/delete"
                     ).status_code == 404


def test_hidden_event_pages_are_404(client, login, make_event, make_user, make_space):
    member, outsider = make_user(), make_user()
    space = make_space("secret", members=[member])
    event = _past(make_event, space=space)
    register(event, member)
    db.session.commit()
    login(outsider)
    for path in ("feedback", "checkin"):
        assert client.get(f"/events/{event.slug}/{path}").status_code == 404
    assert post_form(client, f"/events/{event.slug}/feedback",
                     {"rating": "5"}).status_code == 404
    _logout(client)
    login(member)
    assert client.get(f"/events/{event.slug}/feedback").status_code == 200
    assert materials.may_see_recording(member, event) is False  # no recording yet
