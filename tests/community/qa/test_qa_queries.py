"""The question page and the queues run a bounded number of SQL statements, whatever
the number of answers, comments or questions."""
from __future__ import annotations

import datetime as dt

from community.db import utcnow
from community.extensions import db
from community.qa.models import Answer, QaComment, Question, Vote
from tests.community.qa.test_qa_flow import login_as


def _question_with(asker, answerers, n_answers: int) -> Question:
    then = utcnow() - dt.timedelta(days=1)
    q = Question(author_id=asker.id, title=f"Vraag met {n_answers} antwoorden",
                 body_md="Vraag", body_html="<p>Vraag</p>", created_at=then,
                 last_activity_at=then, answer_count=n_answers)
    db.session.add(q)
    db.session.flush()
    for i in range(n_answers):
        author = answerers[i % len(answerers)]
        a = Answer(question_id=q.id, author_id=author.id, body_md=f"Antwoord {i}",
                   body_html=f"<p>Antwoord {i}</p>", score=i % 3)
        db.session.add(a)
        db.session.flush()
        db.session.add(QaComment(question_id=q.id, answer_id=a.id, author_id=asker.id,
                                 body_md="Dank", body_html="<p>Dank</p>"))
        db.session.add(Vote(user_id=asker.id, target_type="answer", target_id=a.id, value=1))
    db.session.add(QaComment(question_id=q.id, author_id=answerers[0].id, body_md="Vraagje",
                             body_html="<p>Vraagje</p>"))
    db.session.commit()
    return q


def _count_page(client, count_queries, url: str) -> int:
    client.get(url)  # warm up (session, caches)
    with count_queries() as counter:
        resp = client.get(url)
    assert resp.status_code == 200
    return counter.count


def test_question_page_queries_do_not_grow_with_answers(app, client, veteran, make_user,
                                                        count_queries):
    asker = veteran()
    answerers = [veteran("expert"), veteran(), veteran("partner"), veteran()]
    small = _question_with(asker, answerers[:2], 2)
    large = _question_with(asker, answerers, 50)
    login_as(client, asker)
    few = _count_page(client, count_queries, f"/qa/{small.id}")
    many = _count_page(client, count_queries, f"/qa/{large.id}")
    print(f"question page: {few} statements with 2 answers, {many} with 50")
    page = client.get(f"/qa/{large.id}").get_data(as_text=True)
    assert page.count('class="qa-answer') == 50
    assert many <= few + 2, (few, many)  # + the answer authors not seen before
    assert many <= 25, many


def test_queue_queries_do_not_grow_with_questions(app, client, veteran, count_queries):
    asker = veteran()
    for _n in range(2):
        _question_with(asker, [asker], 0)
    login_as(client, asker)
    few = _count_page(client, count_queries, "/qa?queue=unanswered")
    for _n in range(48):
        _question_with(asker, [asker], 0)
    many = _count_page(client, count_queries, "/qa?queue=unanswered")
    print(f"unanswered queue: {few} statements with 2 questions, {many} with 50")
    assert many == few, (few, many)
