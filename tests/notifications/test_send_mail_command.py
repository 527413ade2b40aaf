"""flask send-mail as a process: killed with SIGKILL between claiming and sending, then run again,
it delivers every message exactly once (counted at the SMTP server); and its console output."""

import os
import selectors
import signal
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.notifications import cli as mail_cli
from network_app.notifications import sender, transports
from network_app.notifications.models import MessageStatus, OutboxMessage
from tests.conftest import PROJECT_ROOT
from tests.notifications.helpers import queue_generic
from tests.smtp import SENDER


def _environment(app, smtp_server, tmp_path, **extra):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        SECRET_KEY="test-secret-key",
        INSTANCE_PATH=str(tmp_path),
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(smtp_server.port),
        SMTP_STARTTLS="0",
        MAIL_SENDER=SENDER,
        **extra,
    )
    env.pop("APP_ENV", None)
    return env


def _send_mail(env):
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "send-mail"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_for_line(process, start, timeout=60):
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        if selector.select(timeout=deadline - time.monotonic()):
            line = process.stdout.readline()
            if not line:
                break
            seen.append(line)
            if line.startswith(start):
                return line
    raise AssertionError(f"no line starting {start!r}; the process said: {''.join(seen)}")


def _statuses():
    db.session.rollback()
    return list(db.session.scalars(sa.select(OutboxMessage.status).order_by(OutboxMessage.id)))


def test_a_sender_killed_after_its_claim_leaves_each_message_to_be_sent_once(
    app, world, smtp_server, tmp_path
):
    messages = queue_generic(3)
    message_ids = {m.message_id for m in messages}

    # The claim holds for 1 s in both runs, so the second run finds it expired.
    killed = _send_mail(
        _environment(
            app, smtp_server, tmp_path, SEND_MAIL_PAUSE_AFTER_CLAIM="60", MAIL_CLAIM_SECONDS="1"
        )
    )
    try:
        assert _wait_for_line(killed, "send-mail: claimed").strip() == "send-mail: claimed 3"
    finally:
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
    assert killed.returncode == -signal.SIGKILL
    assert _statuses() == [MessageStatus.SENDING] * 3 and smtp_server.received == []

    time.sleep(1.1)
    again = _send_mail(_environment(app, smtp_server, tmp_path, MAIL_CLAIM_SECONDS="1"))
    output, _ = again.communicate(timeout=60)

    assert again.returncode == 0, output
    assert "send-mail: 3 sent" in output
    assert _statuses() == [MessageStatus.SENT] * 3
    # Nothing is left for a later run, and the server has each message once.
    assert not sender.run(
        transports.SmtpTransport(app.config), settings=sender.Settings.from_config(app.config)
    ).sent
    received = [mail["Message-ID"] for mail in smtp_server.messages()]
    assert sorted(received) == sorted(message_ids)


def test_without_smtp_the_console_gets_ids_and_kinds_only(app, world, runner):
    app.config["MAIL_SERVER"] = ""
    (message,) = queue_generic(1, prefix="hemlig.adress")
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert f"mail {message.id} (generic) not sent: no SMTP server is configured" in result.output
    assert "hemlig.adress" not in result.output and "Meddelande nummer" not in result.output
    assert "send-mail: 1 sent" in result.output
    assert _statuses() == [MessageStatus.SENT]


def test_mail_debug_prints_the_whole_message(app, world, runner):
    app.config.update(MAIL_SERVER="", MAIL_DEBUG=True)
    queue_generic(1, prefix="synlig")
    result = runner.invoke(args=["send-mail"])
    assert "To: synlig0@example.se" in result.output
    assert "Meddelande nummer 0." in result.output


def test_a_run_with_nothing_due_prints_nothing(app, world, runner):
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0 and result.output == ""


def test_loop_runs_again_after_its_pause_and_stops_on_interrupt(
    app, world, runner, smtp_server, monkeypatch
):
    pauses = []

    def sleep(seconds):
        pauses.append(seconds)
        if len(pauses) == 1:
            queue_generic(1, now=utcnow())
            return
        raise KeyboardInterrupt

    monkeypatch.setattr(mail_cli.time, "sleep", sleep)
    result = runner.invoke(args=["send-mail", "--loop", "5"])
    assert result.exit_code == 0, result.output
    assert pauses == [5, 5] and len(smtp_server.received) == 1


@pytest.mark.parametrize("value", ["0", "-1", "x"])
def test_loop_needs_a_positive_number_of_seconds(runner, value):
    result = runner.invoke(args=["send-mail", "--loop", value])
    assert result.exit_code == 2
