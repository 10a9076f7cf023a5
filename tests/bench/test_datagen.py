"""Smoke test of the benchmark data generator: a tiny data set in its own SQLite file.

The shared test database is left alone; no timing is asserted (see bench/README.md).
"""
from __future__ import annotations

import sqlalchemy as sa

from bench import datagen, load, scenarios
from tests.conftest import IsolatedClient, csrf_token


def test_generator_fills_a_fresh_database_and_its_users_can_log_in(tmp_path):
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    data = datagen.generate(url, str(tmp_path), companies=20, users=40, seed=3)

    assert (data.companies, data.users) == (20, 40)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        count = lambda table: conn.scalar(sa.text(f'SELECT count(*) FROM "{table}"'))  # noqa: E731
        assert count("company") == 20
        assert count("user") == 40
        assert count("company_member") == data.memberships > 0
        owners = conn.scalar(sa.text("SELECT count(DISTINCT company_id) FROM company_member "
                                     "WHERE role = 'owner'"))
        assert owners == 20  # enough members for one owner each
        assert conn.scalar(sa.text("SELECT count(*) FROM alembic_version")) >= 1
    engine.dispose()
    assert len(data.company_ids) == 20 and data.login_email

    app = datagen.make_app(url, str(tmp_path))
    app.test_client_class = IsolatedClient
    client = app.test_client()
    resp = client.post("/login", data={"email": data.login_email, "password": data.password,
                                       "csrf_token": csrf_token(client, "/login")})
    assert resp.status_code == 302
    assert 'action="/logout"' in client.get("/").get_data(as_text=True)
    for path in scenarios.select("company")[0].paths(data)[:3]:
        assert client.get(path).status_code == 200
    with app.app_context():
        from community.extensions import db

        db.engine.dispose()


def test_scenarios_and_percentiles():
    assert [s.key for s in scenarios.select("login,home")] == ["login", "home"]
    assert len(scenarios.select(None)) == len(scenarios.SCENARIOS)
    assert load.percentile([1, 2, 3, 4], 50) == 2
    assert load.percentile(list(range(1, 101)), 95) == 95
    assert load.percentile([], 99) == 0.0
