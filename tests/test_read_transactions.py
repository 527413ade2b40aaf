"""network_app.read_transactions: on PostgreSQL a request that only read ends in COMMIT, so
psycopg keeps the statements it prepared; anything that wrote, left changes pending or failed
still ends in a rollback, and its changes are not kept."""

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from network_app import create_app
from network_app.extensions import db
from network_app.networks.models import Organisation, OrganisationKind
from network_app.read_transactions import only_reads
from tests.conftest import _test_config


@pytest.mark.parametrize(
    ("statement", "reads"),
    [
        ("SELECT users.id FROM users WHERE users.id = %(id)s", True),
        ("  select 1", True),
        ("WITH a AS (SELECT 1) SELECT * FROM a", True),
        ("SELECT id FROM outbox FOR UPDATE SKIP LOCKED", False),
        ("SELECT id FROM participations\nFOR NO KEY UPDATE", False),
        ("INSERT INTO audit_events (action) VALUES (%(a)s)", False),
        ("UPDATE users SET last_login_at = now()", False),
        ("DELETE FROM auth_sessions", False),
        ("WITH gone AS (DELETE FROM x RETURNING id) SELECT * FROM gone", True),
        ("SELECT id FROM participations FOR update", False),
        ("select id from t for\tno  key\nupdate of t", False),
        ("SELECT id, updated_at FROM t ORDER BY updated_at", True),
        ("SELECT t.colfor UPDATE FROM t", True),  # not the word FOR
        ("SELECT id FROM t FOR UPDATED", True),  # not the word UPDATE
        ("SELECT id FROM t FOR SHARE", True),
        ("UPDATE t SET x = 1 WHERE id IN (SELECT id FROM u)", False),
        ("  \n SELECT 1", True),
    ],
)
def test_only_reads(statement, reads):
    # The last one: a data-modifying WITH passes as a read; the app writes none (and a request
    # that ran one still could not commit anything pending in the session, see below).
    assert only_reads(statement) is reads


def _organisations(name):
    return db.session.scalar(sa.select(sa.func.count()).where(Organisation.name == name))


@pytest.fixture
def postgres_app(database_url, backend):
    if backend != "postgresql":
        pytest.skip("psycopg's prepared statements and the COMMIT are PostgreSQL's")
    app = create_app(_test_config(database_url))

    def read():
        db.session.execute(sa.select(sa.literal(1))).scalar()
        return "read"

    def pending():
        db.session.add(Organisation(name="Väntande kommun", kind=OrganisationKind.MUNICIPALITY))
        db.session.flush()
        return "pending"

    def core_write():
        db.session.execute(
            sa.insert(Organisation).values(name="Skriven kommun", kind=OrganisationKind.REGION)
        )
        return "written"

    def failing():
        db.session.execute(sa.select(sa.literal(1))).scalar()
        raise RuntimeError("the page failed")

    for view in (read, pending, core_write, failing):
        app.add_url_rule(f"/_test/{view.__name__}", view.__name__, view)
    with app.app_context():
        engine = db.engine
    ended = []
    event.listen(engine, "commit", lambda _connection: ended.append("commit"))
    event.listen(engine, "rollback", lambda _connection: ended.append("rollback"))
    yield app, engine, ended
    with app.app_context():
        db.session.execute(sa.delete(Organisation).where(Organisation.name.like("% kommun")))
        db.session.commit()
        engine.dispose()


def test_a_request_that_only_read_commits_and_keeps_prepared_statements(postgres_app):
    app, engine, ended = postgres_app
    client = app.test_client()
    for _ in range(7):  # psycopg prepares a statement at its fifth run on a connection
        assert client.get("/_test/read").status_code == 200
    assert ended == ["commit"] * 7
    with engine.connect() as connection:
        prepared = connection.connection.dbapi_connection._prepared._names
        assert prepared, "the read's statement was not kept prepared"


def test_a_request_that_wrote_or_left_changes_pending_is_rolled_back(postgres_app):
    app, _engine, ended = postgres_app
    client = app.test_client()
    assert client.get("/_test/pending").status_code == 200
    assert client.get("/_test/core_write").status_code == 200
    assert ended == ["rollback", "rollback"]
    with app.app_context():
        assert _organisations("Väntande kommun") == 0
        assert _organisations("Skriven kommun") == 0


def test_a_failed_request_is_rolled_back(postgres_app):
    app, _engine, ended = postgres_app
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert app.test_client().get("/_test/failing").status_code == 500
    assert "commit" not in ended
