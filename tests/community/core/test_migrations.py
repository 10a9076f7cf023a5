"""The schema comes from migrations, and the models never drift from them."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from community.extensions import db


def test_models_match_migrations(app, _transaction):
    context = MigrationContext.configure(_transaction, opts={"render_as_batch": True,
                                                             "compare_type": True})
    diff = [d for d in compare_metadata(context, db.metadata)
            if not (isinstance(d, tuple) and d[0] == "remove_table" and d[1].name
                    == "alembic_version")]
    assert diff == [], f"models differ from migrations (make a revision): {diff}"


def test_every_branch_is_applied(app, _transaction):
    from alembic.script import ScriptDirectory
    from flask_migrate import Migrate  # noqa: F401

    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        heads = set(ScriptDirectory.from_config(config).get_heads())
    applied = {row[0] for row in _transaction.exec_driver_sql(
        "SELECT version_num FROM alembic_version")}
    assert applied == heads


def test_every_migration_downgrades_and_upgrades_again(tmp_path):
    """A release can be rolled back: down to nothing and up again, on an empty database."""
    import sqlalchemy as sa
    from flask_migrate import downgrade, upgrade

    from community.app import create_app
    from tests.conftest import base_config

    app = create_app(base_config(tmp_path, f"sqlite:///{tmp_path / 'roundtrip.db'}"))
    with app.app_context():
        upgrade(revision="heads")
        tables = set(sa.inspect(db.engine).get_table_names())
        downgrade(revision="base")
        assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(revision="heads")
        assert set(sa.inspect(db.engine).get_table_names()) == tables
        db.engine.dispose()
