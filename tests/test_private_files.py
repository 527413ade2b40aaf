"""Files with personal data or secrets are the app user's alone: 0600 files, a 0700 instance folder,
whatever the umask (the default 022 would make them readable by every local user)."""

import os
import stat

import pytest
import sqlalchemy as sa

from network_app import create_app
from network_app.backup import write_backup
from network_app.config import INSTANCE_PATH, load_config
from network_app.extensions import db
from network_app.private_files import open_private_file, sqlite_file
from tests.conftest import _test_config


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def usual_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_backup_is_written_0600_even_over_a_readable_file(app, world, tmp_path):
    path = tmp_path / "backup.zip"
    path.write_bytes(b"old")
    path.chmod(0o644)
    write_backup(db.engine, path)
    assert _mode(path) == 0o600


def test_the_backup_command_writes_0600(runner, world, tmp_path):
    path = tmp_path / "natverk.zip"
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    assert _mode(path) == 0o600


def _sqlite_app(path):
    return create_app(_test_config(f"sqlite:///{path}"))


def _write_something(app):
    with app.app_context():
        db.create_all()
        with db.engine.begin() as connection:
            connection.execute(sa.text("CREATE TABLE probe (x INTEGER)"))
            connection.execute(sa.text("INSERT INTO probe VALUES (1)"))
        db.engine.dispose()


def test_a_new_sqlite_database_and_its_wal_files_are_0600(tmp_path):
    path = tmp_path / "network.db"
    app = _sqlite_app(path)
    assert _mode(path) == 0o600
    with app.app_context():
        db.create_all()
        connection = db.engine.connect()  # keeps the -wal and -shm files while open
        connection.execute(sa.text("CREATE TABLE probe (x INTEGER)"))
        connection.commit()
        wal_files = [tmp_path / "network.db-wal", tmp_path / "network.db-shm"]
        assert all(p.exists() for p in wal_files)
        assert [_mode(p) for p in wal_files] == [0o600, 0o600]
        connection.close()
        db.engine.dispose()


def test_an_existing_readable_sqlite_database_is_narrowed_at_start(tmp_path):
    path = tmp_path / "network.db"
    _write_something(_sqlite_app(path))
    path.chmod(0o644)
    _sqlite_app(path)
    assert _mode(path) == 0o600


def test_the_instance_folder_is_0700():
    INSTANCE_PATH.chmod(0o755)
    app = create_app(_test_config("sqlite://"))
    assert app.instance_path == str(INSTANCE_PATH) and _mode(INSTANCE_PATH) == 0o700


def test_the_development_secret_key_is_created_0600(monkeypatch):
    monkeypatch.delenv("APP_ENV", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    key_file = INSTANCE_PATH / "secret_key"
    key_file.unlink(missing_ok=True)
    load_config()
    assert _mode(key_file) == 0o600


def test_open_private_file_creates_0600(tmp_path):
    with open_private_file(tmp_path / "x", text=True) as out:
        out.write("secret")
    assert _mode(tmp_path / "x") == 0o600


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("sqlite:////srv/natverk/instance/network.db", "/srv/natverk/instance/network.db"),
        ("sqlite://", None),
        ("sqlite:///:memory:", None),
        ("postgresql+psycopg://u@h/db", None),
    ],
)
def test_only_an_sqlite_file_is_touched(uri, expected):
    found = sqlite_file(uri)
    assert (str(found) if found else None) == expected
