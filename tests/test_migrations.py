"""The migrations build exactly the schema the models describe, on every backend."""

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from network_app import create_app
from network_app.extensions import db
from tests.conftest import PROJECT_ROOT, _test_config


def _schema_differences():
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": False}
        )
        return compare_metadata(context, db.metadata)


def test_migrations_have_a_single_head():
    scripts = ScriptDirectory(str(PROJECT_ROOT / "migrations"))
    assert len(scripts.get_heads()) == 1


def test_upgrade_on_an_empty_database_gives_the_models_schema(backend, empty_database):
    app = create_app(_test_config(empty_database(backend, "migrations")))
    with app.app_context():
        flask_migrate.upgrade()
        assert _schema_differences() == []
        db.engine.dispose()


def test_downgrade_to_base_and_upgrade_again(backend, empty_database):
    app = create_app(_test_config(empty_database(backend, "roundtrip")))
    with app.app_context():
        flask_migrate.upgrade()
        flask_migrate.downgrade(revision="base")
        with db.engine.connect() as connection:
            remaining = set(db.inspect(connection).get_table_names()) - {"alembic_version"}
        assert remaining == set()
        flask_migrate.upgrade()
        assert _schema_differences() == []
        db.engine.dispose()
