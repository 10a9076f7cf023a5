"""The demo loads questions with answers, votes, an accepted answer and one unanswered."""
from __future__ import annotations

import sqlalchemy as sa

from community.extensions import db
from community.qa.models import Answer, Question, Vote


def test_demo_questions(app):
    from community.demo import load

    assert load(app) is True
    questions = db.session.scalars(sa.select(Question)).all()
    assert len(questions) >= 5
    assert any(q.accepted_answer_id for q in questions)
    assert any(q.answer_count == 0 for q in questions)
    for answer in db.session.scalars(sa.select(Answer)):
        votes = db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Vote.value), 0))
                                  .where(Vote.target_type == "answer",
                                         Vote.target_id == answer.id))
        assert answer.score == votes
