"""The knowledge square end to end: ask in Dutch, an expert is notified and answers, the
asker accepts, reputation moves; closing, duplicates, history and escalation."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from community.extensions import db
from community.notifications.models import Notification
from community.qa import routing, services, votes
from community.qa.models import Answer, Question, QuestionRevision
from community.qa.reputation import reputation_of
from tests.community.qa.conftest import post_form


def _kinds(user) -> list[str]:
    return list(db.session.scalars(sa.select(Notification.kind)
                                   .where(Notification.user_id == user.id)))


def test_ask_answer_accept_reputation_end_to_end(app, client, login, veteran):
    asker = veteran("member", municipality="Venlo")
    expert = veteran("expert", expertise=["subsidie"])
    other_expert = veteran("expert", expertise=["export"])
    login(asker)
    resp = post_form(client, "/qa/ask", {
        "title": "Welke subsidie is er voor automatisering van mijn bakkerij?",
        "body": "Wij willen een **deegrobot** kopen. <script>alert(1)</script>",
        "tags": "subsidie, digitalisering", "sector": "C"})
    assert resp.status_code == 302
    question = db.session.scalar(sa.select(Question).order_by(Question.id.desc()))
    assert question.sector == "C" and {t.slug for t in question.tags} == {
        "subsidie", "digitalisering"}
    assert "<script" not in question.body_html and "<strong>deegrobot</strong>" in \
        question.body_html
    assert _kinds(expert) == ["qa_expert"]
    assert _kinds(other_expert) == []

    expert_client = app.test_client()
    login_as(expert_client, expert)
    resp = post_form(expert_client, f"/qa/{question.id}/answers",
                     {"body": "Kijk naar de MIT-regeling van de provincie Limburg."})
    assert resp.status_code == 302
    answer = db.session.scalar(sa.select(Answer).where(Answer.question_id == question.id))
    db.session.refresh(question)
    assert question.answer_count == 1 and question.first_answer_at is not None
    assert "qa_answer" in _kinds(asker)
    page = expert_client.get(f"/qa/{question.id}").get_data(as_text=True)
    assert "MIT-regeling" in page and "badge-expert" in page

    asker_client = app.test_client()
    login_as(asker_client, asker)
    resp = post_form(asker_client, f"/qa/answers/{answer.id}/accept", {"on": "1"})
    assert resp.status_code == 302
    db.session.refresh(question)
    db.session.refresh(answer)
    assert question.accepted_answer_id == answer.id and question.accepted_at is not None
    assert answer.is_accepted
    assert "qa_accepted" in _kinds(expert)
    cfg = app.config["QA_REPUTATION"]
    assert reputation_of(expert) == cfg["answer_accepted"]
    assert reputation_of(asker) == cfg["accepted_an_answer"]
    resp = asker_client.get(f"/qa/users/{expert.id}/reputation")
    assert resp.status_code == 200 and str(cfg["answer_accepted"]) in resp.get_data(True)
    top = asker_client.get("/qa/top").get_data(as_text=True)
    assert expert.name in top


def login_as(client, user):
    from tests.conftest import PASSWORD, csrf_token

    token = csrf_token(client, "/login")
    resp = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                       "csrf_token": token})
    assert resp.status_code == 302
    return client


def test_accept_is_changeable_and_reputation_follows(app, veteran, ask):
    asker, a1, a2 = veteran(), veteran("expert"), veteran()
    question = ask(asker)
    first = services.answer(a1, question, "Eerste antwoord")
    second = services.answer(a2, question, "Tweede antwoord")
    votes.accept(asker, first)
    votes.accept(asker, second)
    db.session.refresh(first)
    assert not first.is_accepted and second.is_accepted
    assert question.accepted_answer_id == second.id
    assert reputation_of(a1) == 0
    assert reputation_of(a2) == app.config["QA_REPUTATION"]["answer_accepted"]
    votes.mark_helpful(asker, first)
    votes.mark_helpful(asker, second)
    assert first.is_helpful and second.is_helpful  # several helpful answers per question


def test_votes_change_and_reputation_reverses(app, veteran, ask):
    asker, answerer, voter = veteran(), veteran(), veteran()
    question = ask(asker)
    item = services.answer(answerer, question, "Antwoord")
    assert votes.vote(voter, item, 1) == 1
    assert votes.vote(voter, item, 1) == 1  # the same vote again changes nothing
    assert reputation_of(answerer) == 10
    db.session.add(__import__("community.qa.models", fromlist=["ReputationEvent"])
                   .ReputationEvent(user_id=voter.id, points=60, reason="seed",
                                    source_type="question", source_id=question.id))
    db.session.commit()
    assert votes.vote(voter, item, -1) == -1
    assert reputation_of(answerer) == -2
    assert votes.vote(voter, item, 0) == 0
    assert reputation_of(answerer) == 0
    assert votes.vote(voter, question, 1) == 1
    assert reputation_of(asker) == 5


def test_close_as_duplicate_links_both_ways_and_reopen(app, client, veteran, ask, make_user):
    asker = veteran()
    moderator = make_user("moderator")
    original = ask(asker, title="Hoe vraag ik een exportkrediet aan?")
    copy = ask(asker, title="Exportkrediet aanvragen, hoe doe ik dat?")
    login_as(client, moderator)
    resp = post_form(client, f"/qa/{copy.id}/close", {"reason": "", "duplicate_of": original.id})
    assert resp.status_code == 302
    db.session.refresh(copy)
    assert copy.duplicate_of_id == original.id and copy.is_closed
    page = client.get(f"/qa/{original.id}").get_data(as_text=True)
    assert f"/qa/{copy.id}" in page
    page = client.get(f"/qa/{copy.id}").get_data(as_text=True)
    assert f"/qa/{original.id}" in page
    resp = post_form(client, f"/qa/{copy.id}/reopen")
    assert resp.status_code == 302
    db.session.refresh(copy)
    assert not copy.is_closed and copy.duplicate_of_id is None


def test_edit_keeps_history(app, client, veteran, ask):
    asker = veteran()
    question = ask(asker, title="Personeel vinden in Noord-Limburg", body="Eerste versie")
    login_as(client, asker)
    resp = post_form(client, f"/qa/{question.id}/edit", {
        "title": "Technisch personeel vinden in Noord-Limburg", "body": "Tweede versie",
        "tags": "personeel", "sector": ""})
    assert resp.status_code == 302
    revisions = db.session.scalars(sa.select(QuestionRevision)).all()
    assert [r.body_md for r in revisions] == ["Eerste versie"]
    page = client.get(f"/qa/{question.id}/history").get_data(as_text=True)
    assert "Eerste versie" in page


def test_escalation_notifies_office_and_offers_offline_help(app, veteran, ask, make_user):
    asker = veteran()
    admin = make_user("admin")
    moderator = make_user("moderator")
    old = ask(asker, title="Niemand antwoordt op mijn vraag over de BTW")
    fresh = ask(asker, title="Een nieuwe vraag over de BTW-aangifte")
    answered = ask(asker, title="Een beantwoorde vraag over de BTW")
    services.answer(veteran(), answered, "Antwoord")
    past = old.created_at - dt.timedelta(hours=app.config["QA_ESCALATE_AFTER_HOURS"] + 1)
    old.created_at = past
    answered.created_at = past
    db.session.commit()
    done = routing.escalate()
    assert [q.id for q in done] == [old.id]
    assert fresh.escalated_at is None
    assert "qa_escalated" in _kinds(admin) and "qa_escalated" in _kinds(moderator)
    assert "qa_offline_help" in _kinds(asker)
    assert routing.escalate() == []  # once only
    result = app.test_cli_runner().invoke(args=["qa", "escalate"])
    assert result.exit_code == 0 and "escalated 0" in result.output


def test_expert_notifications_are_capped_per_day(app, veteran, ask):
    app.config["QA_EXPERT_NOTIFY_PER_DAY"] = 2
    try:
        expert = veteran("expert", expertise=["financiering"])
        for n in range(4):
            ask(veteran(), title=f"Vraag over financiering nummer {n}", tags=["financiering"])
        assert _kinds(expert).count("qa_expert") == 2
    finally:
        app.config["QA_EXPERT_NOTIFY_PER_DAY"] = 5


def test_expertise_queue_and_unanswered_queue(app, client, veteran, ask):
    expert = veteran("expert", expertise=["export"])
    asker = veteran()
    match = ask(asker, title="Exporteren naar Duitsland: waar begin ik?", tags=["export"])
    other = ask(asker, title="Hoe kom ik aan een bedrijfspand?", tags=["vastgoed"])
    services.answer(expert, other, "Bel de gemeente")
    login_as(client, expert)
    page = client.get("/qa?queue=expertise").get_data(as_text=True)
    assert match.title in page and other.title not in page
    page = client.get("/qa?queue=unanswered").get_data(as_text=True)
    assert match.title in page and other.title not in page
