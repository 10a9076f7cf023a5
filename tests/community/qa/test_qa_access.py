"""A question in a private or secret space is invisible outside it: pages, lists, queues,
API, notifications and search; platform-wide questions are readable without an account."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from community.extensions import db
from community.notifications.models import Notification
from community.qa import services
from tests.community.qa.test_qa_flow import login_as


@pytest.fixture
def secret_setup(veteran, make_space, ask):
    insider = veteran()
    outsider = veteran()
    member_expert = veteran("expert", expertise=["subsidie"])
    outside_expert = veteran("expert", expertise=["subsidie"])
    space = make_space("secret", members=[insider, member_expert])
    question = ask(insider, title="Geheime vraag over de overname van ons bedrijf",
                   space=space)
    return dict(insider=insider, outsider=outsider, member_expert=member_expert,
                outside_expert=outside_expert, space=space, question=question)


@pytest.mark.parametrize("visibility", ["secret", "private"])
def test_closed_space_question_is_hidden_everywhere(app, client, veteran, make_space, ask,
                                                    visibility):
    insider, outsider = veteran(), veteran()
    space = make_space(visibility, members=[insider])
    question = ask(insider, title="Vraag in een besloten ruimte over personeel", space=space)
    login_as(client, outsider)
    assert client.get(f"/qa/{question.id}").status_code == 404
    assert client.get(f"/qa/{question.id}/history").status_code == 404
    for queue in ("newest", "unanswered", "unaccepted", "votes", "active"):
        assert question.title not in client.get(f"/qa?queue={queue}").get_data(True)
    assert client.get(f"/api/v1/questions/{question.id}").status_code == 404
    assert client.get(f"/api/v1/questions/{question.id}/answers").status_code == 404
    listed = client.get("/api/v1/questions?per_page=100").get_json()["items"]
    assert question.id not in [q["id"] for q in listed]
    anonymous = app.test_client()
    assert anonymous.get(f"/qa/{question.id}").status_code == 404
    insider_client = app.test_client()
    login_as(insider_client, insider)
    assert insider_client.get(f"/qa/{question.id}").status_code == 200
    assert question.title in insider_client.get("/qa").get_data(True)


def test_outsiders_cannot_answer_or_vote_in_secret_space(app, client, secret_setup):
    s = secret_setup
    login_as(client, s["outsider"])
    from tests.community.qa.conftest import post_form

    assert post_form(client, f"/qa/{s['question'].id}/answers",
                     {"body": "Ik weet het"}).status_code == 404
    assert post_form(client, f"/qa/{s['question'].id}/vote", {"value": "1"}).status_code == 404


def test_experts_outside_the_secret_space_are_not_notified(app, secret_setup):
    s = secret_setup
    kinds = dict(db.session.execute(sa.select(Notification.user_id, Notification.kind)).all())
    assert kinds.get(s["member_expert"].id) == "qa_expert"
    assert s["outside_expert"].id not in kinds


def test_platform_wide_questions_are_public(app, client, veteran, ask):
    question = ask(veteran(), title="Hoe maak ik mijn webshop klaar voor export?")
    resp = client.get(f"/qa/{question.id}")
    assert resp.status_code == 200 and question.title in resp.get_data(True)
    assert question.title in client.get("/qa").get_data(True)
    assert client.get(f"/api/v1/questions/{question.id}").status_code == 200


def test_deleted_question_is_gone_for_everyone_but_staff(app, client, veteran, ask, make_user):
    asker = veteran()
    question = ask(asker)
    services.delete_question(asker, question)
    assert client.get(f"/qa/{question.id}").status_code == 404
    login_as(client, make_user("moderator"))
    assert client.get(f"/qa/{question.id}").status_code == 200


def test_similar_questions_respects_access(app, client, veteran, make_space, ask):
    insider = veteran()
    space = make_space("secret", members=[insider])
    public = ask(insider, title="Subsidie voor zonnepanelen op het bedrijfsdak")
    hidden = ask(insider, title="Subsidie voor zonnepanelen in onze geheime ruimte",
                 space=space)
    resp = client.get("/qa/similar?q=Subsidie voor zon")
    assert resp.status_code == 200
    titles = [i["title"] for i in resp.get_json()["items"]]
    assert hidden.title not in titles
    assert public.title in titles
