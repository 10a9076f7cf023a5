"""Smoke test of the benchmark content generator and its scenarios: a tiny content set in
its own SQLite file; every content scenario's pages answer 200 (no timing asserted)."""
from __future__ import annotations

import sqlalchemy as sa

from bench import datagen, datagen_content, scenarios
from tests.conftest import IsolatedClient, csrf_token

CONTENT_SCENARIOS = ("spaces", "space", "space-user", "post", "post-user", "question",
                     "question-user", "unanswered")


def test_content_is_consistent_and_every_content_scenario_answers_200(tmp_path):
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    data = datagen.generate(url, str(tmp_path), companies=10, users=30, seed=5)
    stats = datagen_content.generate(data, str(tmp_path), spaces=2, posts=30, hot_posts=3,
                                     questions=5, big_questions=2, seed=5)

    assert (stats.spaces, stats.posts, stats.comments, stats.questions) == (2, 30, 30, 5)
    assert len(data.space_slugs) == 2 and len(data.post_paths) == 3
    assert len(data.question_ids) == 2
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        def scalar(sql: str):
            return conn.scalar(sa.text(sql))

        assert scalar("SELECT count(*) FROM post WHERE comment_count != (SELECT count(*) "
                      "FROM comment c WHERE c.post_id = post.id)") == 0
        assert scalar("SELECT count(*) FROM post WHERE reaction_count != (SELECT count(*) "
                      "FROM reaction r WHERE r.target_type = 'post' "
                      "AND r.target_id = post.id)") == 0
        assert scalar("SELECT count(*) FROM question WHERE answer_count != (SELECT count(*) "
                      "FROM answer a WHERE a.question_id = question.id)") == 0
        assert scalar("SELECT count(*) FROM answer WHERE score != (SELECT coalesce(sum("
                      "value), 0) FROM vote v WHERE v.target_type = 'answer' "
                      "AND v.target_id = answer.id)") == 0
        assert scalar("SELECT count(*) FROM question WHERE answer_count = 50") == 2
        assert scalar("SELECT count(*) FROM post_tag") >= 30
        assert scalar("SELECT count(*) FROM search_queue") == 0  # bulk inserts: not queued
    engine.dispose()

    app = datagen.make_app(url, str(tmp_path))
    app.test_client_class = IsolatedClient
    anonymous, user = app.test_client(), app.test_client()
    resp = user.post("/login", data={"email": data.login_email, "password": data.password,
                                     "csrf_token": csrf_token(user, "/login")})
    assert resp.status_code == 302
    for scenario in scenarios.select(",".join(CONTENT_SCENARIOS)):
        client = user if scenario.logged_in else anonymous
        paths = scenario.paths(data)
        assert paths, scenario.key
        for path in paths:
            resp = client.get(path)
            assert resp.status_code == 200, (scenario.key, path, resp.status_code)
            if scenario.logged_in:
                assert 'action="/logout"' in resp.get_data(as_text=True)
    with app.app_context():
        from community.extensions import db

        db.engine.dispose()
