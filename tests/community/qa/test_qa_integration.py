"""Questions and answers in the shared machinery: the inbox, moderation, search."""
from __future__ import annotations

import sqlalchemy as sa

from community.extensions import db
from community.qa import services
from community.spaces.models import SpaceMembership
from tests.community.qa.conftest import post_form
from tests.community.qa.test_qa_flow import login_as


def test_inbox_shows_answer_and_forgets_it_after_leaving_the_space(app, client, veteran,
                                                                   make_space, ask):
    asker, expert = veteran(), veteran("expert")
    space = make_space("secret", members=[asker, expert])
    question = ask(asker, title="Vraag in de ruimte over bedrijfsoverdracht", space=space)
    services.answer(expert, question, "Begin op tijd met een waardebepaling.")
    login_as(client, asker)
    page = client.get("/notifications").get_data(as_text=True)
    assert question.title in page and f"/qa/{question.id}" in page
    db.session.execute(sa.delete(SpaceMembership).where(SpaceMembership.user_id == asker.id))
    db.session.commit()
    page = client.get("/notifications").get_data(as_text=True)
    assert question.title not in page


def test_moderator_hides_an_answer_and_the_count_follows(app, client, veteran, ask,
                                                         make_user):
    from flask import url_for

    asker, answerer = veteran(), veteran()
    question = ask(asker)
    item = services.answer(answerer, question, "Spam spam spam")
    login_as(client, make_user("moderator"))
    with app.test_request_context():
        url = url_for("moderation.act", target_type="answer", target_id=item.id,
                      action="hide")
    resp = post_form(client, url, {"next": f"/qa/{question.id}"})
    assert resp.status_code in (302, 303)
    db.session.refresh(item)
    db.session.refresh(question)
    assert item.status == "hidden" and question.answer_count == 0
    reader = app.test_client()
    assert "Spam spam spam" not in reader.get(f"/qa/{question.id}").get_data(True)


def test_report_a_question(app, client, veteran, ask):
    from community.moderation.models import Report

    question = ask(veteran())
    login_as(client, veteran())
    page = client.get(f"/qa/{question.id}").get_data(as_text=True)
    assert "/report" in page or "report" in page.lower()
    from flask import url_for

    with app.test_request_context():
        url = url_for("moderation.report", target_type="question", target_id=question.id)
    resp = post_form(client, url, {"reason": "spam", "next": f"/qa/{question.id}"})
    assert resp.status_code in (302, 303)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)
                             .where(Report.target_type == "question")) == 1


def test_questions_are_found_by_search_and_answers_follow_access(app, client, veteran,
                                                                 make_space, ask):
    insider = veteran()
    space = make_space("private", members=[insider])
    public = ask(insider, title="Kunststof recyclen tot granulaat: welke vergunning?")
    hidden = ask(insider, title="Kunststof recyclen in de besloten ruimte", space=space)
    resp = client.get("/search?q=kunststof")
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    # titles come highlighted (<mark>); look for the rest of them
    assert "recyclen tot granulaat" in page and "besloten ruimte" not in page
    assert f"/qa/{public.id}" in page and f"/qa/{hidden.id}" not in page
