"""Bad input: a clear message, the right status, nothing half-written."""
from __future__ import annotations

import sqlalchemy as sa

from community.extensions import db
from community.qa import services, votes
from community.qa.models import Answer, Question, ReputationEvent, Vote
from tests.community.qa.conftest import post_form
from tests.community.qa.test_qa_flow import login_as


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_empty_and_oversized_question_is_refused(app, client, veteran):
    login_as(client, veteran())
    before = _count(Question)
    resp = post_form(client, "/qa/ask", {"title": "", "body": ""})
    assert resp.status_code == 400
    resp = post_form(client, "/qa/ask", {"title": "Een goede titel hier",
                                         "body": "x" * 20_001})
    assert resp.status_code == 400
    assert _count(Question) == before


def test_empty_and_oversized_answer_is_refused(app, client, veteran, ask):
    question = ask(veteran())
    login_as(client, veteran())
    for body in ("", "   ", "x" * 20_001):
        resp = post_form(client, f"/qa/{question.id}/answers", {"body": body})
        assert resp.status_code == 400
    assert _count(Answer) == 0
    resp = client.post(f"/api/v1/questions/{question.id}/answers", json={"body": ""},
                       headers={"X-CSRFToken": _token(client)})
    assert resp.status_code == 422
    assert _count(Answer) == 0


def _token(client) -> str:
    from tests.conftest import csrf_token

    return csrf_token(client, "/")


def test_answering_a_closed_question_is_a_conflict(app, client, veteran, ask, make_user):
    question = ask(veteran())
    services.close(make_user("moderator"), question, "Off-topic")
    login_as(client, veteran())
    resp = post_form(client, f"/qa/{question.id}/answers", {"body": "Toch een antwoord"})
    assert resp.status_code == 409
    assert "closed" in resp.get_data(True) or "gesloten" in resp.get_data(True)
    resp = client.post(f"/api/v1/questions/{question.id}/answers",
                       json={"body": "Toch een antwoord"}, headers={"X-CSRFToken": _token(client)})
    assert resp.status_code == 409 and resp.get_json()["message"]
    assert _count(Answer) == 0


def test_voting_on_own_answer_is_forbidden(app, client, veteran, ask):
    asker, answerer = veteran(), veteran()
    item = services.answer(answerer, ask(asker), "Mijn antwoord")
    login_as(client, answerer)
    resp = post_form(client, f"/qa/answers/{item.id}/vote", {"value": "1"})
    assert resp.status_code == 403
    assert _count(Vote) == 0 and item.score == 0


def test_voting_twice_counts_once(app, client, veteran, ask):
    item = services.answer(veteran(), ask(veteran()), "Antwoord")
    login_as(client, veteran())
    for _ in range(2):
        assert post_form(client, f"/qa/answers/{item.id}/vote", {"value": "1"}).status_code == 302
    db.session.refresh(item)
    assert item.score == 1 and _count(Vote) == 1


def test_downvote_needs_reputation_but_staff_are_exempt(app, client, veteran, ask, make_user):
    item = services.answer(veteran(), ask(veteran()), "Antwoord")
    login_as(client, veteran())
    resp = post_form(client, f"/qa/answers/{item.id}/vote", {"value": "-1"})
    assert resp.status_code == 403
    assert "50" in resp.get_data(True)
    assert _count(Vote) == 0
    assert votes.vote(make_user("moderator"), item, -1) == -1


def test_bad_vote_value_is_refused(app, client, veteran, ask):
    item = services.answer(veteran(), ask(veteran()), "Antwoord")
    login_as(client, veteran())
    assert post_form(client, f"/qa/answers/{item.id}/vote", {"value": "7"}).status_code == 400
    resp = client.post(f"/api/v1/answers/{item.id}/vote", json={"value": 7},
                       headers={"X-CSRFToken": _token(client)})
    assert resp.status_code == 422
    assert _count(Vote) == 0


def test_accepting_on_someone_elses_question_is_forbidden(app, client, veteran, ask):
    asker, answerer, stranger = veteran(), veteran(), veteran()
    item = services.answer(answerer, ask(asker), "Antwoord")
    login_as(client, stranger)
    assert post_form(client, f"/qa/answers/{item.id}/accept").status_code == 403
    resp = client.post(f"/api/v1/answers/{item.id}/accept", json={},
                       headers={"X-CSRFToken": _token(client)})
    assert resp.status_code == 403
    db.session.refresh(item)
    assert not item.is_accepted and _count(ReputationEvent) == 0


def test_close_without_reason_is_refused(app, client, veteran, ask, make_user):
    question = ask(veteran())
    login_as(client, make_user("moderator"))
    resp = post_form(client, f"/qa/{question.id}/close", {"reason": ""})
    assert resp.status_code == 302
    db.session.refresh(question)
    assert not question.is_closed


def test_members_without_privilege_cannot_close(app, client, veteran, ask):
    question = ask(veteran())
    login_as(client, veteran())
    assert post_form(client, f"/qa/{question.id}/close", {"reason": "weg"}).status_code == 403


def test_retagging_needs_the_edit_tags_privilege(app, client, veteran, ask):
    question = ask(veteran(), tags=["export"])
    editor = veteran()
    login_as(client, editor)
    assert post_form(client, f"/qa/{question.id}/tags", {"tags": "personeel"}).status_code == 403
    db.session.add(ReputationEvent(user_id=editor.id, points=200, reason="seed",
                                   source_type="question", source_id=question.id))
    db.session.commit()
    assert post_form(client, f"/qa/{question.id}/tags", {"tags": "personeel"}).status_code == 302
    db.session.refresh(question)
    assert [t.slug for t in question.tags] == ["personeel"]


def test_ask_in_a_space_needs_posting_rights(app, client, veteran, make_space):
    member, outsider = veteran(), veteran()
    space = make_space("private", members=[member])
    login_as(client, outsider)
    resp = post_form(client, f"/qa/ask?space={space.slug}",
                     {"title": "Een vraag in de ruimte", "body": "Tekst"})
    assert resp.status_code == 403
    assert _count(Question) == 0
    member_client = app.test_client()
    login_as(member_client, member)
    resp = post_form(member_client, f"/qa/ask?space={space.slug}",
                     {"title": "Een vraag in de ruimte", "body": "Tekst"})
    assert resp.status_code == 302
    assert db.session.scalar(sa.select(Question.space_id)) == space.id
