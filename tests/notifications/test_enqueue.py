"""enqueue: a message rendered in the recipient's language, in the caller's transaction, once."""

from datetime import UTC, datetime

import sqlalchemy as sa
from flask import session
from flask_babel import gettext

from network_app.extensions import db
from network_app.notifications import links, services
from network_app.notifications.models import (
    MailOptOut,
    MessageKind,
    MessageStatus,
    OutboxMessage,
)
from tests.notifications.helpers import NOW, invitation_context


def _count():
    return db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))


def test_an_invitation_is_written_in_swedish_by_default(app, world):
    message = services.enqueue(
        MessageKind.INVITATION,
        to=world.participant.email,
        user=world.participant,
        now=NOW,
        context=invitation_context(),
    )
    assert message.status == MessageStatus.QUEUED and message.language == "sv"
    assert message.subject == "Ditt konto i SKR:s nätverk"
    assert message.text_body.startswith("Hej Åsa Öberg!\n\n")
    assert "gäller till 2026-03-09 09:00 (svensk tid)" in message.text_body
    assert "http://localhost/invitation/abc123" in message.text_body
    assert 'href="http://localhost/invitation/abc123"' in message.html_body
    assert '<html lang="sv">' in message.html_body
    # An invitation cannot be turned off: no unsubscribe link.
    assert message.unsubscribe_url is None and "Stäng av" not in message.text_body
    assert message.message_id.startswith("<") and message.message_id.endswith("@skr.example>")


def test_the_recipients_language_decides_not_the_readers(app, world):
    services.set_preferences(world.participant, language="en", wanted=[])
    db.session.commit()
    english = services.enqueue(
        MessageKind.INVITATION,
        to=world.participant.email,
        user=world.participant,
        now=NOW,
        context=invitation_context(),
    )
    assert english.language == "en"
    assert english.subject == "Your account in SKR's network"
    assert english.text_body.startswith("Hello Åsa Öberg,")
    assert "(Swedish time)" in english.text_body


def test_a_swedish_mail_written_during_an_english_request_leaves_the_request_english(app, world):
    with app.test_request_context("/"):
        session["language"] = "en"
        assert gettext("Ditt konto i SKR:s nätverk") == "Your account in SKR's network"
        message = services.enqueue(
            MessageKind.INVITATION,
            to=world.leader.email,
            user=world.leader,
            now=NOW,
            context=invitation_context(),
        )
        assert gettext("Ditt konto i SKR:s nätverk") == "Your account in SKR's network"
    assert message.language == "sv" and message.subject == "Ditt konto i SKR:s nätverk"
    assert message.text_body.startswith("Hej Åsa Öberg!")


def test_a_page_after_an_english_mail_is_still_swedish(app, client, auth, world, monkeypatch):
    """The request caches its catalogue (i18n): writing an English mail in the
    middle of a Swedish page must neither take the page's catalogue nor leave its own."""
    from network_app.networks import views as network_views

    services.set_preferences(world.leader, language="en", wanted=[])
    db.session.commit()
    original = network_views.render_template

    def render_after_mail(*args, **kwargs):
        services.enqueue(
            MessageKind.INVITATION,
            to=world.leader.email,
            user=world.leader,
            now=NOW,
            context=invitation_context(),
        )
        return original(*args, **kwargs)

    monkeypatch.setattr(network_views, "render_template", render_after_mail)
    auth.login(world.leader)
    page = client.get("/").get_data(as_text=True)
    assert "Översikt" in page and "Overview" not in page
    message = db.session.scalar(sa.select(OutboxMessage))
    assert message.subject == "Your account in SKR's network"


def test_enqueue_neither_commits_nor_sends(app, world, smtp_server):
    services.enqueue(
        MessageKind.GENERIC, to="a@example.se", now=NOW, context={"subject": "S", "text": "T"}
    )
    assert _count() == 1
    db.session.rollback()  # the caller's change failed: its message is gone with it
    assert _count() == 0 and smtp_server.received == []


def test_a_dedupe_key_writes_the_message_once(app, world):
    first = services.enqueue(
        MessageKind.GENERIC,
        to="a@example.se",
        now=NOW,
        context={"subject": "Påminnelse", "text": "T"},
        dedupe_key="reminder-7:meeting-1:person-1",
    )
    second = services.enqueue(
        MessageKind.GENERIC,
        to="a@example.se",
        now=NOW,
        context={"subject": "Påminnelse", "text": "T"},
        dedupe_key="reminder-7:meeting-1:person-1",
    )
    assert first is not None and second is None
    db.session.commit()  # the caller's transaction survives the refused duplicate
    again = services.enqueue(
        MessageKind.GENERIC,
        to="a@example.se",
        now=NOW,
        context={"subject": "Påminnelse", "text": "T"},
        dedupe_key="reminder-7:meeting-1:person-1",
    )
    assert again is None
    other = services.enqueue(
        MessageKind.GENERIC,
        to="a@example.se",
        now=NOW,
        context={"subject": "Påminnelse", "text": "T"},
        dedupe_key="reminder-7:meeting-2:person-1",
    )
    db.session.commit()
    assert other is not None and _count() == 2


def test_an_optional_kind_carries_a_signed_unsubscribe_link(app, world):
    message = services.enqueue(
        MessageKind.REMINDER_7_DAYS,
        template="generic",
        to=world.participant.email,
        user=world.participant,
        now=NOW,
        context={"subject": "Påminnelse", "text": "Mötet är om en vecka."},
    )
    assert message.unsubscribe_url.startswith("http://localhost/mail/unsubscribe/")
    token = message.unsubscribe_url.rsplit("/", 1)[1]
    assert links.read_opt_out_token(token) == (world.participant.id, MessageKind.REMINDER_7_DAYS)
    assert message.unsubscribe_url in message.text_body
    assert message.unsubscribe_url in message.html_body
    assert world.participant.email not in message.unsubscribe_url


def test_a_turned_off_kind_is_not_written(app, world):
    services.set_preferences(
        world.participant, language="sv", wanted=[MessageKind.REMINDER_1_DAY.value]
    )
    db.session.commit()
    assert db.session.scalar(
        sa.select(MailOptOut.kind).where(MailOptOut.kind == MessageKind.REMINDER_7_DAYS)
    )
    skipped = services.enqueue(
        MessageKind.REMINDER_7_DAYS,
        template="generic",
        to=world.participant.email,
        user=world.participant,
        now=NOW,
        context={"subject": "S", "text": "T"},
    )
    kept = services.enqueue(
        MessageKind.REMINDER_1_DAY,
        template="generic",
        to=world.participant.email,
        user=world.participant,
        now=NOW,
        context={"subject": "S", "text": "T"},
    )
    # A kind that cannot be turned off is written whatever the choices.
    always = services.enqueue(
        MessageKind.MEETING_CANCELLED,
        template="generic",
        to=world.participant.email,
        user=world.participant,
        now=NOW,
        context={"subject": "S", "text": "T"},
    )
    assert skipped is None and kept is not None and always is not None


def test_a_person_with_an_account_gets_the_accounts_choices(app, world):
    person = world.own.members[0].person
    world.participant.person_id = person.id
    services.set_preferences(world.participant, language="en", wanted=[])
    db.session.commit()
    assert (
        services.enqueue(
            MessageKind.NEW_COMMENT,
            template="generic",
            to=person.email,
            person=person,
            now=NOW,
            context={"subject": "S", "text": "T"},
        )
        is None
    )
    message = services.enqueue(
        MessageKind.INVITATION,
        to=person.email,
        person=person,
        now=NOW,
        context=invitation_context(),
    )
    assert message.language == "en"
    assert message.recipient_person_id == person.id
    assert message.recipient_user_id == world.participant.id


def test_attachments_are_kept_as_bytes(app, world):
    ics = "BEGIN:VCALENDAR\r\nSUMMARY:Träff\r\nEND:VCALENDAR\r\n".encode()
    message = services.enqueue(
        MessageKind.GENERIC,
        to="a@example.se",
        now=datetime.now(UTC),
        context={"subject": "S", "text": "T"},
        attachments=[services.Attachment("mote-1.ics", "text/calendar", ics)],
    )
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(OutboxMessage, message.id)
    assert [(a.filename, a.mimetype, a.content) for a in stored.attachments] == [
        ("mote-1.ics", "text/calendar", ics)
    ]


def test_a_subject_is_one_line(app, world):
    message = services.enqueue(
        MessageKind.GENERIC,
        to="a@example.se",
        now=NOW,
        context={"subject": "Rad ett\r\nBcc: someone@evil.example", "text": "T"},
    )
    assert "\n" not in message.subject and "\r" not in message.subject


def test_only_an_account_is_pointed_to_its_mail_choices(app, world):
    """The preferences page needs a login: a message to someone without an account does not
    send them there."""
    context = {"subject": "Påminnelse", "text": "Mötet är om en vecka."}
    with_account = services.enqueue(
        MessageKind.MEETING_CANCELLED,
        template="generic",
        to=world.participant.email,
        user=world.participant,
        now=NOW,
        context=context,
    )
    person = world.own.members[0].person  # no account
    without = services.enqueue(
        MessageKind.MEETING_CANCELLED,
        template="generic",
        to=person.email,
        person=person,
        now=NOW,
        context=context,
    )
    preferences = links.absolute_url("notifications.preferences")
    assert without.recipient_user_id is None
    assert preferences in with_account.text_body and preferences in with_account.html_body
    assert preferences not in without.text_body and preferences not in without.html_body
    assert "Dina val för e-post" not in without.text_body + without.html_body
    assert without.text_body.rstrip().endswith("SKR:s nätverk mot hot och hat")
