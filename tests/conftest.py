"""Fixtures: an app on SQLite always, and on PostgreSQL too when TEST_DATABASE_URL is set."""

import os
import secrets
import tempfile
from pathlib import Path

_INSTANCE = tempfile.mkdtemp(prefix="network-app-tests-")
os.environ.setdefault("INSTANCE_PATH", _INSTANCE)
os.environ.pop("APP_ENV", None)
os.environ.pop("DATABASE_URL", None)

import psycopg  # noqa: E402
import pytest  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from flask import g  # noqa: E402
from psycopg import sql  # noqa: E402

from network_app import create_app  # noqa: E402
from network_app.extensions import db  # noqa: E402
from tests import factories  # noqa: E402

# The SMTP server on the loopback, for every package's mail tests.
pytest_plugins = ("tests.smtp",)

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


def _server_url(url):
    """psycopg wants postgresql://, without SQLAlchemy's driver suffix."""
    return url.replace("postgresql+psycopg://", "postgresql://")


def _alembic_url(url):
    return "postgresql+psycopg://" + url.split("://", 1)[1]


class PostgresDatabases:
    """Throwaway databases on the server, so that parallel runs never share one."""

    def __init__(self, url):
        self.url = _server_url(url)
        self.created = []

    def create(self, label):
        name = f"test_{label}_{os.getpid()}_{secrets.token_hex(4)}"
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.created.append(name)
        base, _, _ = self.url.rpartition("/")
        return _alembic_url(f"{base}/{name}")

    def drop_all(self):
        with psycopg.connect(self.url, autocommit=True) as connection:
            for name in self.created:
                connection.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


@pytest.fixture(scope="session")
def postgres_databases():
    if not POSTGRES_URL:
        yield None
        return
    databases = PostgresDatabases(POSTGRES_URL)
    yield databases
    databases.drop_all()


@pytest.fixture(scope="session")
def empty_database(postgres_databases, tmp_path_factory):
    """A factory of empty databases of a backend: for migration tests and live servers."""

    def make(backend, label="empty"):
        if backend == "postgresql":
            return postgres_databases.create(label)
        path = tmp_path_factory.mktemp(label) / "db.sqlite"
        return f"sqlite:///{path}"

    return make


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture(scope="session")
def database_url(backend, empty_database):
    url = empty_database(backend, "suite")
    app = create_app(_test_config(url))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return url


def _test_config(url, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": "localhost",
        # Uploaded material in a folder of the test's own, never the project's instance/.
        "MATERIAL_FOLDER": tempfile.mkdtemp(prefix="material-"),
    }
    config.update(overrides)
    return config


def _empty_tables(backend):
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as connection:
        if backend == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def app_config():
    """Overrides for one test: parametrize or override this fixture."""
    return {}


@pytest.fixture
def app(database_url, backend, app_config):
    app = create_app(_test_config(database_url, **app_config))
    app.config["BACKEND"] = backend
    forget_request_globals_between_requests(app)
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables(backend)
        db.engine.dispose()


def forget_request_globals_between_requests(app):
    """The fixture's app context stays pushed, so every request would share its `g`: the signed-in
    user and the chosen language of one request would leak into the next. Start each afresh."""

    def clear_globals():
        for name in list(vars(g)):
            delattr(g, name)

    app.before_request_funcs.setdefault(None, []).insert(0, clear_globals)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class Auth:
    """Signs a test client in as a user made by the factories."""

    def __init__(self, client):
        self.client = client

    def login(self, user, password=factories.PASSWORD):
        response = self.client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, "login failed in a test"
        return response

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def world(app):
    """Two accepted organisations in one network, each with a group and a participant account."""
    return factories.make_world()


PROJECT_ROOT = Path(__file__).resolve().parent.parent


class QueryCounter:
    """Counts the SQL statements the app sends while it is active."""

    def __init__(self):
        self.statements = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    @property
    def count(self):
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """Use as `with count_queries() as counter: ...; counter.count`."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        counter = QueryCounter()
        sa.event.listen(db.engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", counter)

    return counting
