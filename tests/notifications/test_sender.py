"""send-mail against a real SMTP server on the loopback: every message parsed back with Python's
email package; retries, refusals, and no message twice."""

import logging
import threading
from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
import sqlalchemy as sa

from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.meetings.ics import Feed, meetings_to_ics
from network_app.notifications import sender, services, transports
from network_app.notifications.models import MessageKind, MessageStatus, OutboxMessage
from tests.meetings.helpers import make_meeting
from tests.notifications.helpers import invitation_context, queue_generic
from tests.smtp import SENDER


def _settings(app, **overrides):
    return sender.Settings(**{**vars(sender.Settings.from_config(app.config)), **overrides})


def _run(app, clock=utcnow, **overrides):
    return sender.run(
        transports.SmtpTransport(app.config), settings=_settings(app, **overrides), clock=clock
    )


def _stored(message_id):
    db.session.rollback()
    return db.session.get(OutboxMessage, message_id, populate_existing=True)


def test_an_invitation_goes_out_with_correct_headers_and_parts(app, world, smtp_server):
    message = services.enqueue(
        MessageKind.INVITATION,
        to=world.participant.email,
        user=world.participant,
        now=datetime.now(UTC),
        context=invitation_context(),
    )
    db.session.commit()
    message_id = message.message_id

    outcome = _run(app)

    assert outcome.sent == 1
    (received,) = smtp_server.received
    assert received.mail_from == "natverk@skr.example"
    assert received.rcpt_tos == [world.participant.email]
    headers = received.content.split(b"\r\n\r\n", 1)[0]
    headers.decode("ascii")  # every header 7-bit: the subject in RFC 2047 encoded words
    (subject_line,) = [line for line in headers.split(b"\r\n") if line.startswith(b"Subject:")]
    assert b"=?utf-8?" in subject_line
    mail = received.parsed()
    assert mail["Subject"] == "Ditt konto i SKR:s nätverk"
    assert mail["Message-ID"] == message_id
    assert mail["From"].addresses[0].display_name == "SKR:s nätverk"
    assert mail["To"] == world.participant.email
    assert mail["Date"].datetime.tzinfo is not None
    assert mail["MIME-Version"] == "1.0"
    assert mail["Auto-Submitted"] == "auto-generated"
    assert mail["Content-Language"] == "sv"
    assert "List-Unsubscribe" not in mail
    assert mail.get_content_type() == "multipart/alternative"
    plain, html = mail.iter_parts()
    assert plain.get_content_type() == "text/plain" and plain.get_content_charset() == "utf-8"
    assert plain.get_content().startswith("Hej Åsa Öberg!")
    assert html.get_content_type() == "text/html"
    assert 'href="http://localhost/invitation/abc123"' in html.get_content()
    stored = _stored(message.id)
    assert stored.status == MessageStatus.SENT and stored.sent_at is not None
    assert stored.attempts == 1 and stored.claim_token is None


def test_a_message_with_a_calendar_goes_as_mixed_with_the_ics_intact(app, world, smtp_server):
    meeting = make_meeting(world.network, day=date(2026, 3, 15), title="Nätverksträff i Nacka")
    ics = meetings_to_ics(
        [meeting],
        zone_name="Europe/Stockholm",
        meeting_url=lambda m: f"http://localhost/meetings/{m.id}",
        numbers={meeting.id: 1},
        feed=Feed(),
    )
    services.enqueue(
        MessageKind.REGISTRATION_RECEIVED,
        template="generic",
        to=world.participant.email,
        user=world.participant,
        now=datetime.now(UTC),
        context={"subject": "Anmälan mottagen: träffen", "text": "Välkommen."},
        attachments=[services.Attachment("mote.ics", "text/calendar; method=PUBLISH", ics)],
    )
    db.session.commit()

    _run(app)

    (mail,) = smtp_server.messages()
    assert mail.get_content_type() == "multipart/mixed"
    body, attachment = mail.iter_parts()
    assert body.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in body.iter_parts()] == ["text/plain", "text/html"]
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == "mote.ics"
    assert attachment.get_param("method") == "PUBLISH"
    assert attachment.get_content_charset() == "utf-8"
    data = attachment.get_payload(decode=True)
    assert data == ics  # byte for byte, CRLF line ends included
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert "Nätverksträff i Nacka" in str(event["SUMMARY"])
    # An optional kind: the header and the link in the text.
    unsubscribe = mail["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://localhost/mail/unsubscribe/") and unsubscribe[-1] == ">"
    plain = next(body.iter_parts()).get_content()
    assert unsubscribe[1:-1] in plain


def test_a_temporary_refusal_is_tried_again_after_the_back_off(app, world, smtp_server):
    (message,) = queue_generic(1)
    smtp_server.data_replies.append("451 4.3.0 Try again later")
    started = utcnow()

    first = _run(app, retry_seconds=60)

    stored = _stored(message.id)
    assert first.retrying == 1 and first.sent == 0 and smtp_server.received == []
    assert stored.status == MessageStatus.QUEUED and stored.attempts == 1
    assert stored.last_error == "smtp 451"
    assert started + timedelta(seconds=59) < stored.next_attempt_at
    assert stored.next_attempt_at < utcnow() + timedelta(seconds=61)

    assert _run(app).sent == 0  # not due yet: nothing sent, nothing claimed

    later = _run(app, clock=lambda: utcnow() + timedelta(seconds=61))
    assert later.sent == 1 and len(smtp_server.received) == 1
    stored = _stored(message.id)
    assert stored.status == MessageStatus.SENT and stored.attempts == 2
    assert stored.last_error is None


def test_a_temporary_refusal_of_the_recipient_is_tried_again(app, world, smtp_server):
    (message,) = queue_generic(1)
    smtp_server.rcpt_replies.append("450 4.2.1 Mailbox busy")
    assert _run(app).retrying == 1
    assert _stored(message.id).last_error == "smtp 450"


def test_the_back_off_doubles_up_to_its_cap(app):
    settings = sender.Settings(sender=SENDER, retry_seconds=60, max_retry_seconds=3600)
    delays = [settings.delay_after(n).total_seconds() for n in range(1, 9)]
    assert delays == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_a_permanent_refusal_is_recorded_and_not_tried_again(app, world, smtp_server, caplog):
    caplog.set_level(logging.DEBUG)
    (message,) = queue_generic(1, prefix="okand")
    smtp_server.data_replies.append("554 5.7.1 <okand0@example.se>: Relay access denied")

    outcome = _run(app)

    stored = _stored(message.id)
    assert outcome.failed == 1 and stored.status == MessageStatus.FAILED
    assert stored.last_error == "smtp 554" and stored.attempts == 1
    assert _run(app, clock=lambda: utcnow() + timedelta(days=2)).sent == 0
    assert smtp_server.received == []
    # The log names the message, never the address the server repeated.
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("network_app"))
    assert f"mail {message.id}" in ours and "okand0@example.se" not in ours


def test_a_refused_recipient_is_permanent(app, world, smtp_server):
    (message,) = queue_generic(1)
    smtp_server.rcpt_replies.append("550 5.1.1 No such user")
    assert _run(app).failed == 1
    assert _stored(message.id).last_error == "smtp 550"


def test_after_the_last_attempt_a_temporary_failure_is_a_failure(app, world, smtp_server):
    (message,) = queue_generic(1)
    smtp_server.data_replies.extend(["421 4.3.2 Shutting down", "451 4.3.0 Later"])
    _run(app, max_attempts=2)
    assert _stored(message.id).status == MessageStatus.QUEUED
    _run(app, max_attempts=2, clock=lambda: utcnow() + timedelta(hours=1))
    stored = _stored(message.id)
    assert stored.status == MessageStatus.FAILED and stored.attempts == 2
    assert stored.last_error == "smtp 451"


def test_one_refusal_does_not_stop_the_others(app, world, smtp_server):
    queue_generic(3)
    smtp_server.data_replies.append("552 5.3.4 Message too big")
    outcome = _run(app)
    assert (outcome.sent, outcome.failed) == (2, 1) and len(smtp_server.received) == 2


def test_a_server_that_does_not_answer_keeps_the_batch_for_later(app, world, smtp_server):
    messages = queue_generic(2)
    app.config["MAIL_PORT"] = _closed_port()
    outcome = _run(app)
    assert outcome.server_unavailable and outcome.retrying == 2
    for message in messages:
        stored = _stored(message.id)
        assert stored.status == MessageStatus.QUEUED and stored.attempts == 1
        assert stored.last_error == "ConnectionRefusedError"


def _closed_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_login_as_configured(app, world, smtp_server):
    """SMTP AUTH over the loopback (aiosmtpd allows it without TLS when told to)."""
    from aiosmtpd.smtp import AuthResult

    from tests.smtp import LoopbackController

    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"hemligt")

    controller = LoopbackController(
        smtp_server,
        hostname="127.0.0.1",
        port=0,
        authenticator=authenticator,
        auth_require_tls=False,
        auth_required=True,
    )
    controller.start()
    try:
        queue_generic(2)
        app.config.update(MAIL_PORT=controller.port, MAIL_USERNAME="natverk")
        app.config["MAIL_PASSWORD"] = "hemligt"
        assert _run(app).sent == 2
    finally:
        controller.stop()
    assert logins == [(b"natverk", b"hemligt")]  # one session for the run


def test_two_senders_at_once_send_each_message_once(app, world, smtp_server):
    messages = queue_generic(40)
    settings = _settings(app, batch_size=3)
    start = threading.Barrier(2)
    results, errors = [], []

    def one_sender():
        try:
            with app.app_context():
                start.wait(timeout=10)
                outcome = sender.run(transports.SmtpTransport(app.config), settings=settings)
                results.append(outcome.sent_ids)
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=one_sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    first, second = results
    assert first and second, "both senders took part"
    assert set(first).isdisjoint(second)
    assert sorted(first + second) == sorted(m.id for m in messages)
    received_ids = [mail["Message-ID"] for mail in smtp_server.messages()]
    assert len(received_ids) == 40 and len(set(received_ids)) == 40
    db.session.rollback()
    assert set(db.session.scalars(sa.select(OutboxMessage.status))) == {MessageStatus.SENT}


def test_a_claim_held_by_another_sender_is_left_alone_until_it_expires(app, world, smtp_server):
    (message,) = queue_generic(1)
    settings = _settings(app, claim_seconds=600)
    token, claimed = sender.claim(now=utcnow(), settings=settings)
    assert [m.id for m in claimed] == [message.id]
    db.session.commit()

    assert _run(app).sent == 0  # held: the other sender may be sending it right now
    later = _run(app, clock=lambda: utcnow() + timedelta(seconds=601))
    assert later.sent == 1 and len(smtp_server.received) == 1


def test_a_sender_that_is_too_slow_gives_its_claim_back_unsent(app, world, smtp_server):
    messages = queue_generic(2)
    settings = _settings(app, claim_seconds=0)
    token, claimed = sender.claim(now=utcnow(), settings=settings)
    outcome = sender.Outcome()
    sender.send_batch(
        transports.SmtpTransport(app.config), token, claimed, settings=settings, outcome=outcome
    )
    assert outcome.released == 2 and smtp_server.received == []
    for message in messages:
        stored = _stored(message.id)
        assert stored.status == MessageStatus.QUEUED and stored.claim_token is None


def test_sent_messages_are_deleted_after_the_keeping_time(app, world, smtp_server):
    old, new = queue_generic(2)
    _run(app)
    _run(app, clock=lambda: utcnow() + timedelta(days=91), keep_days=90)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
