"""The Early Birds feedback board: members write, the programme office sets the status."""
from __future__ import annotations

import pytest

from community.extensions import db
from community.notifications.models import Notification
from community.spaces.models import FeedbackItem
from tests.community.spaces.conftest import count, english, post_form


@pytest.fixture
def board(make_user, make_space):
    bird, outsider, moderator = make_user(), make_user(), make_user("moderator")
    early = make_space("secret", members=[bird], is_early_bird=True, name="Early Birds")
    return bird, outsider, moderator, early


def test_early_bird_writes_feedback_and_sees_the_board(board, client_for):
    bird, _outsider, _moderator, early = board
    client = client_for(bird)
    resp = post_form(client, f"/spaces/{early.slug}/feedback",
                     {"title": "Donkere modus", "body": "Graag **donker**"})
    assert resp.status_code == 302
    item = db.session.scalar(db.select(FeedbackItem))
    assert (item.author_id, item.status, item.space_id) == (bird.id, "new", early.id)
    html = client.get(f"/spaces/{early.slug}/feedback").get_data(as_text=True)
    assert "Donkere modus" in html and "<strong>donker</strong>" in html


def test_bad_feedback_is_refused_and_nothing_written(board, client_for):
    bird, *_rest, early = board
    client = client_for(bird)
    english(client)
    for data in ({"title": ""}, {"title": "   "}, {"title": "x" * 201},
                 {"title": "Goed", "body": "b" * 5001}):
        assert post_form(client, f"/spaces/{early.slug}/feedback", data).status_code == 400
    assert count(FeedbackItem) == 0


def test_outsiders_do_not_find_the_board(board, make_space, client_for):
    bird, outsider, _moderator, early = board
    client = client_for(outsider)
    assert client.get(f"/spaces/{early.slug}/feedback").status_code == 404
    assert post_form(client, f"/spaces/{early.slug}/feedback", {"title": "Hoi"}).status_code == 404
    assert count(FeedbackItem) == 0
    # an ordinary space has no board at all
    plain = make_space("open", members=[bird])
    assert client_for(bird).get(f"/spaces/{plain.slug}/feedback").status_code == 404


def test_programme_office_sets_status_and_the_author_hears_of_it(board, client_for):
    bird, _outsider, moderator, early = board
    post_form(client_for(bird), f"/spaces/{early.slug}/feedback", {"title": "Export-hulp"})
    item = db.session.scalar(db.select(FeedbackItem))
    staff = client_for(moderator)
    overview = staff.get("/spaces/feedback").get_data(as_text=True)
    assert "Export-hulp" in overview and "Early Birds" in overview
    resp = post_form(staff, f"/spaces/{early.slug}/feedback/{item.id}/status",
                     {"status": "planned"})
    assert resp.status_code == 302
    db.session.expire_all()
    assert db.session.get(FeedbackItem, item.id).status == "planned"
    notes = db.session.scalars(db.select(Notification).where(
        Notification.user_id == bird.id, Notification.kind == "feedback_status")).all()
    assert len(notes) == 1
    assert post_form(staff, f"/spaces/{early.slug}/feedback/{item.id}/status",
                     {"status": "finished"}).status_code == 400
    assert post_form(staff, f"/spaces/{early.slug}/feedback/999999/status",
                     {"status": "done"}).status_code == 404


def test_members_cannot_set_status_or_see_the_overview(board, client_for):
    bird, *_rest, early = board
    post_form(client_for(bird), f"/spaces/{early.slug}/feedback", {"title": "Idee"})
    item = db.session.scalar(db.select(FeedbackItem))
    client = client_for(bird)
    assert post_form(client, f"/spaces/{early.slug}/feedback/{item.id}/status",
                     {"status": "done"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(FeedbackItem, item.id).status == "new"
    assert client.get("/spaces/feedback").status_code == 403
