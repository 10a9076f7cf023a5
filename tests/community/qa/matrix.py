"""Access expectations for every knowledge-square route (pages and API).

A platform-wide question asked by ``member`` with an answer and a comment by ``partner``;
a closed question; and a question in a secret space where ``member`` is the space admin
and ``partner`` a member (``other`` is outside: 404, exactly like a missing question).
"""
from __future__ import annotations

import datetime as dt

from community.db import utcnow
from community.extensions import db
from community.qa.models import Answer, QaComment, Question
from community.spaces.models import Space, SpaceMembership
from tests.matrix_support import Case, everyone, logged_in


def _question(w, title: str, space=None, **fields) -> Question:
    then = utcnow() - dt.timedelta(days=2)
    q = Question(author_id=w.member.id, space_id=space.id if space else None, title=title,
                 body_md="Vraag", body_html="<p>Vraag</p>", created_at=then,
                 last_activity_at=then, **fields)
    db.session.add(q)
    db.session.flush()
    return q


def _roles(default, **per_role) -> dict:
    out = everyone(default)
    out.update(per_role)
    return out


def cases(w):
    question = _question(w, "Matrix vraag over subsidie")
    closed = _question(w, "Matrix gesloten vraag", closed_at=utcnow(), closed_reason="x")
    answer = Answer(question_id=question.id, author_id=w.partner.id, body_md="Antwoord",
                    body_html="<p>Antwoord</p>")
    db.session.add(answer)
    db.session.flush()
    comment = QaComment(question_id=question.id, author_id=w.partner.id, body_md="Reactie",
                        body_html="<p>Reactie</p>")
    db.session.add(comment)
    question.answer_count = 1
    space = Space(name="QA matrix geheim", slug="qa-matrix-geheim", visibility="secret")
    db.session.add(space)
    db.session.flush()
    db.session.add_all([SpaceMembership(space_id=space.id, user_id=w.member.id, role="admin"),
                        SpaceMembership(space_id=space.id, user_id=w.partner.id,
                                        role="member")])
    secret = _question(w, "Matrix geheime vraag", space=space)
    db.session.flush()

    q, a, c = question.id, answer.id, comment.id
    asker_or_staff = dict(member=302, moderator=302, admin=302, other=403, partner=403,
                          anonymous=302)
    answerer_or_staff = dict(partner=302, moderator=302, admin=302, other=403, member=403,
                             anonymous=302)
    staff_only = dict(moderator=302, admin=302, member=403, other=403, partner=403,
                      anonymous=302)
    secret_read = dict(member=200, partner=200, moderator=200, admin=200, other=404,
                       anonymous=404)
    api_write = dict(anonymous=401)
    return [
        Case("qa.index", "GET", "/qa", everyone(200)),
        Case("qa.index", "GET", "/qa?queue=expertise", everyone(200)),
        Case("qa.top", "GET", "/qa/top?period=month", everyone(200)),
        Case("qa.similar", "GET", "/qa/similar?q=Matrix", everyone(200)),
        Case("qa.user_reputation", "GET", f"/qa/users/{w.member.id}/reputation",
             logged_in(200, anonymous=404)),
        Case("qa.ask", "GET", "/qa/ask", logged_in(200)),
        Case("qa.ask", "GET", f"/qa/ask?space={space.slug}",
             _roles(200, other=404, anonymous=302)),
        Case("qa.ask", "POST", "/qa/ask", logged_in(400), data={"title": ""}),
        Case("qa.show", "GET", f"/qa/{q}", everyone(200)),
        Case("qa.show", "GET", "/qa/999999", everyone(404)),
        Case("qa.show", "GET", f"/qa/{secret.id}", secret_read),
        Case("qa.history", "GET", f"/qa/{q}/history", everyone(200)),
        Case("qa.history", "GET", f"/qa/{secret.id}/history", secret_read),
        Case("qa.edit", "GET", f"/qa/{q}/edit",
             _roles(200, other=403, partner=403, anonymous=302)),
        Case("qa.retag", "POST", f"/qa/{q}/tags", asker_or_staff, data={"tags": "export"}),
        Case("qa.delete", "POST", f"/qa/{q}/delete", asker_or_staff),
        Case("qa.close", "POST", f"/qa/{q}/close", staff_only, data={"reason": "Dubbel"}),
        Case("qa.reopen", "POST", f"/qa/{closed.id}/reopen", staff_only),
        Case("qa.answer", "POST", f"/qa/{q}/answers", logged_in(302), data={"body": "Ja"}),
        Case("qa.answer", "POST", f"/qa/{closed.id}/answers", logged_in(409),
             data={"body": "Ja"}),
        Case("qa.answer", "POST", f"/qa/{secret.id}/answers",
             _roles(302, other=404), data={"body": "Ja"}),
        Case("qa.comment", "POST", f"/qa/{q}/comments", logged_in(302), data={"body": "Ok"}),
        Case("qa.delete_comment", "POST", f"/qa/comments/{c}/delete", answerer_or_staff),
        Case("qa.vote_question", "POST", f"/qa/{q}/vote",
             _roles(302, member=403), data={"value": "1"}),
        Case("qa.vote_question", "POST", f"/qa/{secret.id}/vote",
             _roles(302, member=403, other=404), data={"value": "1"}),
        Case("qa.vote_answer", "POST", f"/qa/answers/{a}/vote",
             _roles(302, partner=403), data={"value": "1"}),
        Case("qa.accept", "POST", f"/qa/answers/{a}/accept", asker_or_staff),
        Case("qa.helpful", "POST", f"/qa/answers/{a}/helpful", asker_or_staff),
        Case("qa.edit_answer", "GET", f"/qa/answers/{a}/edit",
             _roles(200, member=403, other=403, anonymous=302)),
        Case("qa.delete_answer", "POST", f"/qa/answers/{a}/delete", answerer_or_staff),
        Case("qa_api.list_questions", "GET", "/api/v1/questions?queue=unanswered",
             everyone(200)),
        Case("qa_api.create_question", "POST", "/api/v1/questions",
             _roles(201, **api_write), json={"title": "Een vraag via de API",
                                             "body": "Tekst", "tags": ["export"]}),
        Case("qa_api.get_question", "GET", f"/api/v1/questions/{q}", everyone(200)),
        Case("qa_api.get_question", "GET", f"/api/v1/questions/{secret.id}", secret_read),
        Case("qa_api.list_answers", "GET", f"/api/v1/questions/{q}/answers", everyone(200)),
        Case("qa_api.create_answer", "POST", f"/api/v1/questions/{q}/answers",
             _roles(201, **api_write), json={"body": "Antwoord via de API"}),
        Case("qa_api.create_answer", "POST", f"/api/v1/questions/{secret.id}/answers",
             _roles(201, other=404, **api_write), json={"body": "Antwoord"}),
        Case("qa_api.vote_question", "POST", f"/api/v1/questions/{q}/vote",
             _roles(200, member=403, **api_write), json={"value": 1}),
        Case("qa_api.vote_answer", "POST", f"/api/v1/answers/{a}/vote",
             _roles(200, partner=403, **api_write), json={"value": 1}),
        Case("qa_api.accept_answer", "POST", f"/api/v1/answers/{a}/accept",
             _roles(200, partner=403, other=403, **api_write), json={"accepted": True}),
    ]
