"""Scores stay exact under concurrent voting (PostgreSQL, 50 voters at once, each in its
own thread, app context and database connection)."""
from __future__ import annotations

import sqlalchemy as sa

from tests.concurrency_support import fresh_postgres, run_all  # noqa: F401


def test_fifty_concurrent_votes_keep_the_score_exact(tmp_path, fresh_postgres):  # noqa: F811
    from flask_migrate import upgrade

    from community.accounts.models import User
    from community.app import create_app
    from community.db import utcnow
    from community.extensions import db
    from community.qa import votes
    from community.qa.models import Answer, Question, ReputationEvent, Vote
    from tests.conftest import base_config

    config = base_config(tmp_path, fresh_postgres)
    config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_size": 10, "max_overflow": 45}
    app = create_app(config)
    with app.app_context():
        upgrade(revision="heads")
        users = [User(email=f"stemmer{i}@example.org", name=f"Stemmer {i}", role="member",
                      password_hash="x", confirmed_at=utcnow()) for i in range(51)]
        db.session.add_all(users)
        db.session.flush()
        question = Question(author_id=users[0].id, title="Gelijktijdig stemmen",
                            body_md="x", body_html="<p>x</p>")
        db.session.add(question)
        db.session.flush()
        answer = Answer(question_id=question.id, author_id=users[0].id, body_md="x",
                        body_html="<p>x</p>")
        db.session.add(answer)
        db.session.commit()
        voter_ids = [u.id for u in users[1:]]
        answer_id, question_id = answer.id, question.id

    def vote_as(user_id: int, target: str = "answer"):
        def fn():
            with app.app_context():
                user = db.session.get(User, user_id)
                model = Answer if target == "answer" else Question
                item = db.session.get(model, answer_id if target == "answer" else question_id)
                votes.vote(user, item, 1)
                db.session.remove()
        return fn

    errors = run_all([vote_as(uid) for uid in voter_ids])
    # the same person clicking ten times at once still counts once
    errors += run_all([vote_as(voter_ids[0], "question") for _ in range(10)])
    assert not errors, errors
    with app.app_context():
        assert db.session.get(Answer, answer_id).score == 50
        assert db.session.get(Question, question_id).score == 1
        count = db.session.scalar(sa.select(sa.func.count()).select_from(Vote))
        assert count == 51
        points = db.session.scalar(sa.select(sa.func.sum(ReputationEvent.points)))
        assert points == 50 * app.config["QA_REPUTATION"]["answer_upvoted"] + \
            app.config["QA_REPUTATION"]["question_upvoted"]
        db.session.remove()
        db.engine.dispose()
