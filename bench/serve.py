"""Throwaway databases and gunicorn processes for the benchmark and the load test."""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

from bench.dataset import SECRET_KEY

PROJECT_ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def postgres_available():
    try:
        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


@contextmanager
def throwaway_database(backend):
    """An empty database of the backend, dropped afterwards; yields its SQLAlchemy URL."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="bench-") as directory:
            yield f"sqlite:///{directory}/bench.db"
        return
    name = f"bench_{os.getpid()}_{secrets.token_hex(4)}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        base = POSTGRES_URL.rsplit("/", 1)[0]
        yield "postgresql+psycopg://" + f"{base}/{name}".split("://", 1)[1]
    finally:
        with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(port, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn on port {port} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn on port {port} did not start in {timeout} s")


@contextmanager
def gunicorn(
    database_url,
    *,
    port=None,
    workers=2,
    secret_key=SECRET_KEY,
    log=None,
    with_process=False,
    preload=False,
):
    """gunicorn serving the app on 127.0.0.1; processes that share secret_key share sessions.
    Yields the port, or (port, master process) with_process. preload: the master loads the app
    and workers fork from it, so a replacement for a killed worker answers at once instead of
    after importing the app again (seconds on a loaded machine)."""
    port = port or free_port()
    instance = tempfile.mkdtemp(prefix="bench-instance-")
    env = dict(
        os.environ,
        DATABASE_URL=database_url.replace("postgresql+psycopg://", "postgresql://"),
        SECRET_KEY=secret_key,
        INSTANCE_PATH=instance,
        BENCH_FLOOR="1",
        LOGIN_THROTTLE_PER_ADDRESS="100000",  # every bench client comes from 127.0.0.1
    )
    env.pop("APP_ENV", None)
    command = [
        GUNICORN,
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        *(["--preload"] if preload else []),
        "wsgi:app",
    ]
    process = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log or subprocess.DEVNULL,
        stderr=log or subprocess.DEVNULL,
    )
    try:
        _wait_until_up(port, process)
        yield (port, process) if with_process else port
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
