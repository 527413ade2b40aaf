"""The leader's outbox page, the mail preferences page and the unsubscribe link's page."""

import logging
import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from itsdangerous import URLSafeSerializer

from network_app import RedactTokens
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.notifications import links, sender, services, transports
from network_app.notifications.models import (
    MailOptOut,
    MailSettings,
    MessageKind,
    MessageStatus,
    OutboxMessage,
)
from tests.notifications.helpers import queue_generic
from tests.security.helpers import csrf_token, sign_in_with_csrf, snapshot


def _send(app):
    return sender.run(
        transports.SmtpTransport(app.config), settings=sender.Settings.from_config(app.config)
    )


# The outbox page


def test_the_leader_reads_every_message_as_it_goes_out(app, client, auth, world, smtp_server):
    queue_generic(1, prefix="studsar")
    smtp_server.data_replies.append("550 5.1.1 No such user")
    _send(app)
    ics = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    services.enqueue(
        MessageKind.REGISTRATION_RECEIVED,
        template="generic",
        to=world.participant.email,
        user=world.participant,
        now=datetime.now(UTC),
        context={"subject": "Anmälan mottagen", "text": "Välkommen till träffen."},
        attachments=[services.Attachment("mote-7.ics", "text/calendar", ics)],
    )
    db.session.commit()
    _send(app)
    auth.login(world.leader)

    page = client.get("/outbox").get_data(as_text=True)

    assert "Anmälan mottagen" in page and "Välkommen till träffen." in page
    assert world.participant.email in page and "mote-7.ics" in page
    assert "Skickat" in page and "Misslyckades" in page and "smtp 550" in page
    assert "Message-ID: &lt;" in page and "List-Unsubscribe: &lt;http://localhost/mail/" in page
    failed = client.get("/outbox?status=failed").get_data(as_text=True)
    assert "studsar0@example.se" in failed and "Anmälan mottagen" not in failed


def test_without_smtp_the_outbox_says_that_nothing_is_sent(app, client, auth, world):
    app.config["MAIL_SERVER"] = ""
    queue_generic(1)
    auth.login(world.leader)
    page = client.get("/outbox").get_data(as_text=True)
    assert "Ingen e-postserver är inställd" in page and "Väntar" in page


@pytest.mark.parametrize("who", ["participant", "observer"])
def test_only_the_leader_sees_the_outbox(client, auth, world, who):
    queue_generic(1)
    auth.login(getattr(world, who))
    response = client.get("/outbox")
    assert response.status_code == 403
    assert "mottagare0@example.se" not in response.get_data(as_text=True)


def test_the_outbox_needs_a_login(client, world):
    response = client.get("/outbox")
    assert response.status_code == 302 and response.location.startswith("/login")


@pytest.mark.parametrize("query", ["?status=lost", "?page=0", "?page=2001"])
def test_an_unknown_filter_or_page_of_the_outbox_is_404(client, auth, world, query):
    auth.login(world.leader)
    assert client.get("/outbox" + query).status_code == 404


def test_the_outbox_pages_and_counts_in_sql(client, auth, world, count_queries):
    queue_generic(3)
    auth.login(world.leader)
    with count_queries() as few:
        client.get("/outbox")
    queue_generic(60, prefix="fler")
    with count_queries() as many:
        page = client.get("/outbox").get_data(as_text=True)
    assert few.count == many.count
    assert "Alla (63)" in page and "Väntar (63)" in page
    assert page.count('class="card outbox-message"') == 50 and 'rel="next"' in page


# Preferences


def test_a_person_chooses_language_and_kinds(client, auth, world):
    auth.login(world.participant)
    page = client.get("/account/mail").get_data(as_text=True)
    assert re.search(r'<input checked [^>]*value="reminder_7_days"', page)
    assert "meeting_cancelled" not in page  # always sent: not offered

    response = client.post(
        "/account/mail", data={"language": "en", "wanted": ["reminder_1_day", "new_comment"]}
    )

    assert response.status_code == 302
    assert db.session.get(MailSettings, world.participant.id).language == "en"
    turned_off = set(
        db.session.scalars(
            sa.select(MailOptOut.kind).where(MailOptOut.user_id == world.participant.id)
        )
    )
    assert (
        MessageKind.REMINDER_7_DAYS in turned_off and MessageKind.REMINDER_1_DAY not in turned_off
    )
    assert len(turned_off) == 5
    page = client.get("/account/mail").get_data(as_text=True)
    assert "Dina val för e-post är sparade." in page
    client.post("/account/mail", data={"language": "sv", "wanted": ["reminder_7_days"]})
    assert services.turned_off_kinds(world.participant) == {
        kind for kind in services.OPTIONAL_KINDS if kind is not MessageKind.REMINDER_7_DAYS
    }


@pytest.mark.parametrize(
    "data, message",
    [
        ({"language": "de"}, "Välj svenska eller engelska."),
        ({}, "Välj svenska eller engelska."),
        ({"language": "sv", "wanted": ["meeting_cancelled"]}, "Välj bland meddelandena"),
        ({"language": "sv", "wanted": ["x" * 5000]}, "Välj bland meddelandena"),
    ],
)
def test_a_refused_choice_says_why_and_stores_nothing(client, auth, world, data, message):
    auth.login(world.participant)
    before = snapshot(exclude=("auth_sessions", "audit_events"))
    response = client.post("/account/mail", data=data)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert snapshot(exclude=("auth_sessions", "audit_events")) == before


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True


def test_the_preferences_need_the_csrf_token(app, client, world, csrf_on):
    sign_in_with_csrf(client, world.participant)
    refused = client.post("/account/mail", data={"language": "en"})
    assert refused.status_code == 400 and db.session.get(MailSettings, world.participant.id) is None
    token = csrf_token(client, "/account/mail")
    accepted = client.post("/account/mail", data={"language": "en", "csrf_token": token})
    assert accepted.status_code == 302


# The unsubscribe link


def _link(user, kind=MessageKind.REMINDER_7_DAYS):
    return "/mail/unsubscribe/" + links.opt_out_token(user.id, kind)


def test_the_link_shows_a_button_and_changes_nothing_by_itself(app, world):
    anonymous = app.test_client()
    response = anonymous.get(_link(world.participant))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Påminnelse en vecka före ett möte" in page and world.participant.email not in page
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Robots-Tag"] == "noindex"
    assert services.turned_off_kinds(world.participant) == set()


def test_the_button_turns_the_kind_off_without_a_login(app, world):
    anonymous = app.test_client()
    response = anonymous.post(_link(world.participant))
    assert response.status_code == 200
    assert "Du får inte längre meddelanden" in response.get_data(as_text=True)
    assert services.turned_off_kinds(world.participant) == {MessageKind.REMINDER_7_DAYS}
    assert anonymous.post(_link(world.participant)).status_code == 200  # again: no change
    assert services.turned_off_kinds(world.participant) == {MessageKind.REMINDER_7_DAYS}
    skipped = services.enqueue(
        MessageKind.REMINDER_7_DAYS,
        template="generic",
        to=world.participant.email,
        user=world.participant,
        now=utcnow(),
        context={"subject": "S", "text": "T"},
    )
    assert skipped is None


def test_the_unsubscribe_button_needs_the_csrf_token(app, world, csrf_on):
    anonymous = app.test_client()
    link = _link(world.participant)
    assert anonymous.post(link).status_code == 400
    token = csrf_token(anonymous, link)
    assert anonymous.post(link, data={"csrf_token": token}).status_code == 200
    assert services.turned_off_kinds(world.participant) == {MessageKind.REMINDER_7_DAYS}


def _forged_tokens(app, world):
    own = links.opt_out_token(world.participant.id, MessageKind.REMINDER_7_DAYS)
    other = links.opt_out_token(world.other_participant.id, MessageKind.REMINDER_7_DAYS)
    payload, signature = own.rsplit(".", 1)
    other_payload, other_signature = other.rsplit(".", 1)
    foreign_key = URLSafeSerializer("another-secret-key", salt="mail-opt-out")
    wrong_salt = URLSafeSerializer(app.config["SECRET_KEY"], salt="calendar-feed")
    plain = URLSafeSerializer(app.config["SECRET_KEY"], salt="mail-opt-out")
    return {
        "another user's payload under this user's signature": f"{other_payload}.{signature}",
        "this user's payload under another user's signature": f"{payload}.{other_signature}",
        "a changed signature": f"{payload}.{signature[:-2]}xx",
        "signed with another key": foreign_key.dumps([world.participant.id, "reminder_7_days"]),
        "signed for another purpose": wrong_salt.dumps([world.participant.id, "reminder_7_days"]),
        "a kind that cannot be turned off": plain.dumps([world.participant.id, "invitation"]),
        "an unknown kind": plain.dumps([world.participant.id, "everything"]),
        "a user id that is not a number": plain.dumps(["1", "reminder_7_days"]),
        "a user that does not exist": plain.dumps([999999, "reminder_7_days"]),
        "no signature": payload,
        "too long": "a" * 500,
    }


def test_a_forged_or_foreign_link_is_404_and_changes_nothing(app, world):
    anonymous = app.test_client()
    before = snapshot(exclude=("audit_events",))
    failures = []
    for name, token in _forged_tokens(app, world).items():
        for method in ("GET", "POST"):
            status = anonymous.open(f"/mail/unsubscribe/{token}", method=method).status_code
            if status != 404:
                failures.append(f"{name} ({method}): {status}")
    assert not failures
    assert snapshot(exclude=("audit_events",)) == before


def test_the_link_of_a_deactivated_account_is_404(app, world):
    world.participant.active = False
    db.session.commit()
    assert app.test_client().get(_link(world.participant)).status_code == 404


def test_the_token_never_reaches_the_access_log():
    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        "",
        0,
        '"%s" 200',
        ("GET /mail/unsubscribe/WzIsInIiXQ.sig HTTP/1.1",),
        None,
    )
    RedactTokens().filter(record)
    assert record.getMessage() == '"GET /mail/unsubscribe/[redacted] HTTP/1.1" 200'


def test_an_account_deleted_takes_its_mail_with_it(app, world):
    """The rows are the person's data: ON DELETE CASCADE from the account."""
    queue_generic(1, user=world.observer)
    services.set_preferences(world.observer, language="en", wanted=[])
    db.session.commit()
    db.session.execute(
        sa.delete(type(world.observer)).where(type(world.observer).id == world.observer.id)
    )
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MailOptOut)) == 0


def test_messages_are_queued_with_their_status(app, world):
    (message,) = queue_generic(1)
    assert message.status == MessageStatus.QUEUED
