"""The `community` command as a newcomer and an operator use it, on a database of its own."""
from __future__ import annotations

import pytest

from community.app import create_app
from tests.conftest import base_config


@pytest.fixture
def cli_app(tmp_path):
    """A separate app with its own empty SQLite database (the suite's one is shared)."""
    app = create_app(base_config(tmp_path, f"sqlite:///{tmp_path / 'cli.db'}"))
    yield app
    from community.extensions import db

    with app.app_context():
        db.engine.dispose()


def run(app, *args, input=None):
    # the suite's app context is active in every test; the command must use ``app``
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args), input=input)


def test_upgrade_demo_is_idempotent_and_realistic(cli_app):
    assert run(cli_app, "db", "upgrade").exit_code == 0
    first = run(cli_app, "demo")
    assert first.exit_code == 0 and "demo content loaded" in first.output
    second = run(cli_app, "demo")
    assert second.exit_code == 0 and "already present" in second.output

    from community.accounts.models import ROLES, User
    from community.companies.models import Company
    from community.extensions import db

    with cli_app.app_context():
        companies = db.session.scalars(db.select(Company)).all()
        roles = set(db.session.scalars(db.select(User.role)))
        assert len(companies) >= 20
        assert len({c.municipality for c in companies}) >= 15
        assert len({c.sector for c in companies}) >= 8
        assert set(ROLES) <= roles
        # a second run added nothing
        assert db.session.scalar(db.select(db.func.count()).select_from(User)) == \
            len(db.session.scalars(db.select(User.id)).all())

    client = cli_app.test_client()
    home = client.get("/").get_data(as_text=True)
    assert '<html lang="nl">' in home and companies[-1].name.split()[0] in home


def test_users_create_and_token_create(cli_app):
    run(cli_app, "db", "upgrade")
    created = run(cli_app, "users", "create", "--email", "nieuw@example.org", "--name",
                  "Nieuwe Partner", "--role", "partner", "--password",
                  "vlaai-mergel-heuvelland")
    assert created.exit_code == 0, created.output
    assert "as partner" in created.output

    weak = run(cli_app, "users", "create", "--email", "zwak@example.org", "--name", "Zwak",
               "--password", "welkom12345")
    assert weak.exit_code == 2 and "error" in weak.output

    duplicate = run(cli_app, "users", "create", "--email", "nieuw@example.org", "--name",
                    "Nog een", "--password", "vlaai-mergel-heuvelland")
    assert duplicate.exit_code == 2

    unknown = run(cli_app, "token", "create", "--email", "niemand@example.org")
    assert unknown.exit_code == 2 and "no user" in unknown.output

    token = run(cli_app, "token", "create", "--email", "nieuw@example.org", "--scope", "write")
    assert token.exit_code == 0
    raw = token.output.strip().splitlines()[-1]
    me = cli_app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
    assert me.status_code == 200 and me.get_json()["role"] == "partner"

    from community.accounts.models import ApiToken
    from community.extensions import db

    with cli_app.app_context():
        stored = db.session.scalars(db.select(ApiToken)).one()
        assert raw not in (stored.token_hash, stored.prefix) and stored.scope == "write"
