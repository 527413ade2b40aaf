"""Mail about meetings: registration received, moved, cancelled and the reminders, each written
once in the transaction of its cause, sent to a real SMTP server on the loopback and parsed."""

from datetime import UTC, date, datetime, time

import icalendar
import pytest
import sqlalchemy as sa
import vobject

from network_app.extensions import db
from network_app.meetings import mail, services
from network_app.meetings.models import MeetingStatus, RegistrationResponse
from network_app.notifications import sender, transports
from network_app.notifications import services as outbox
from network_app.notifications.models import MessageKind, OutboxMessage
from tests import factories
from tests.meetings.helpers import local, make_meeting
from tests.smtp import SENDER, smtp_settings


@pytest.fixture
def app_config(smtp_server):
    """The app sends to the SMTP server on the loopback."""
    return smtp_settings(smtp_server.port)


NOW = datetime(2026, 3, 2, 8, tzinfo=UTC)
MEETING_DAY = date(2026, 3, 20)


@pytest.fixture
def meeting(world):
    meeting = make_meeting(
        world.network, day=MEETING_DAY, title="Träff om säkerhet", place="Stadshuset, Örebro"
    )
    db.session.commit()
    return meeting


def _answer(meeting, member, response=RegistrationResponse.ATTENDING, *, now=NOW):
    services.register(
        meeting,
        member,
        response=response,
        overnight_stay=False,
        dietary_needs="",
        by=factories.make_user(),
        now=now,
    )
    db.session.commit()


def _kinds():
    return db.session.scalars(sa.select(OutboxMessage.kind).order_by(OutboxMessage.id)).all()


def _delivered(app, smtp_server):
    sender.run(
        transports.SmtpTransport(app.config), settings=sender.Settings.from_config(app.config)
    )
    return smtp_server.messages()


def _calendar_part(message):
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return part


def _check_headers(message):
    assert message["Date"] and message["Message-ID"].startswith("<")
    assert message["From"].addresses[0].addr_spec == "natverk@skr.example"
    assert message.get_body(("plain",)) is not None and message.get_body(("html",)) is not None


def test_registration_received_once_with_the_meetings_ics(app, world, meeting, smtp_server):
    app.config["MAIL_SENDER"] = SENDER
    member = world.own.members[0]
    _answer(meeting, member)
    _answer(meeting, member)  # saved again with the same answer: no second message
    assert _kinds() == [MessageKind.REGISTRATION_RECEIVED]
    (message,) = _delivered(app, smtp_server)
    _check_headers(message)
    assert message["To"].addresses[0].addr_spec == member.person.email
    # The subject is RFC 2047 encoded UTF-8 on the wire and reads back as written.
    raw = smtp_server.received[0].content
    assert b"=?utf-8?" in raw.split(b"\r\n\r\n")[0].lower()
    assert message["Subject"] == "Din anmälan är mottagen: Träff om säkerhet"
    # A group member without an account has no mail preferences to turn it off in.
    assert "List-Unsubscribe" not in message
    part = _calendar_part(message)
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"
    data = part.get_content()
    data = data.encode() if isinstance(data, str) else data
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.id}-day-1@natverk.skr.se"
    assert str(event["ORGANIZER"]) == "mailto:natverk@skr.example"
    assert str(event["ATTENDEE"]) == f"mailto:{member.person.email}"
    parsed = vobject.readOne(data.decode())
    assert parsed.vevent.uid.value == str(event["UID"])
    text = message.get_body(("plain",)).get_content()
    assert "Stadshuset, Örebro" in text and member.person.name in text


def test_a_changed_answer_is_told_and_not_attending_has_no_calendar(app, world, meeting):
    member = world.own.members[0]
    _answer(meeting, member)
    _answer(meeting, member, RegistrationResponse.NOT_ATTENDING)
    messages = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [len(m.attachments) for m in messages] == [1, 0]
    assert "du kommer inte" in messages[1].text_body


def test_registration_received_in_the_persons_language(app, world, meeting):
    member = world.own.members[0]
    user = factories.make_user(email=member.person.email)
    user.person_id = member.person.id
    db.session.flush()
    outbox.set_preferences(user, language="en", wanted=[])
    db.session.commit()
    # Registration received is optional: turned off, nothing is written.
    _answer(meeting, member)
    assert _kinds() == []
    outbox.set_preferences(user, language="en", wanted=[MessageKind.REGISTRATION_RECEIVED])
    db.session.commit()
    _answer(meeting, member, RegistrationResponse.NOT_ATTENDING)
    (message,) = db.session.scalars(sa.select(OutboxMessage)).all()
    assert message.language == "en"
    assert message.subject.startswith("Your registration has been received")
    assert message.unsubscribe_url.startswith("http")


def test_a_moved_meeting_is_told_to_those_coming_with_sequence_up(app, world, meeting, smtp_server):
    app.config["MAIL_SENDER"] = SENDER
    coming, not_coming = world.own.members[0], world.own.members[1]
    _answer(meeting, coming)
    _answer(meeting, not_coming, RegistrationResponse.NOT_ATTENDING)
    services.update_meeting(meeting, title="Ny rubrik", now=NOW)  # not a move: no mail
    services.update_meeting(meeting, starts_at=local(MEETING_DAY, time(10)), now=NOW)
    db.session.commit()
    assert _kinds().count(MessageKind.MEETING_MOVED) == 1
    moved = [m for m in _delivered(app, smtp_server) if "ändrat" in m["Subject"]]
    (message,) = moved
    assert message["To"].addresses[0].addr_spec == coming.person.email
    assert "List-Unsubscribe" not in message  # not optional
    part = _calendar_part(message)
    assert part.get_param("method") == "REQUEST"
    (event,) = icalendar.Calendar.from_ical(part.get_content()).walk("VEVENT")
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART").astimezone(UTC) == local(MEETING_DAY, time(10))


def test_a_cancelled_meeting_sends_method_cancel_once(app, world, meeting, smtp_server):
    app.config["MAIL_SENDER"] = SENDER
    _answer(meeting, world.own.members[0])
    _answer(meeting, world.other.members[0])
    services.cancel_meeting(meeting, now=NOW)
    services.cancel_meeting(meeting, now=NOW)
    db.session.commit()
    assert _kinds().count(MessageKind.MEETING_CANCELLED) == 2
    cancelled = [m for m in _delivered(app, smtp_server) if "inställt" in m["Subject"]]
    assert {m["To"].addresses[0].addr_spec for m in cancelled} == {
        world.own.members[0].person.email,
        world.other.members[0].person.email,
    }
    for message in cancelled:
        part = _calendar_part(message)
        assert part.get_param("method") == "CANCEL"
        data = part.get_content()
        calendar = icalendar.Calendar.from_ical(data)
        assert calendar["METHOD"] == "CANCEL"
        (event,) = calendar.walk("VEVENT")
        assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 1
        assert (
            vobject.readOne(data if isinstance(data, str) else data.decode()).vevent.status.value
            == "CANCELLED"
        )
        # Each mail names its recipient only: never someone of another organisation.
        text = message.get_body(("plain",)).get_content()
        others = {world.own.members[0].person, world.other.members[0].person}
        recipient = message["To"].addresses[0].addr_spec
        for person in others:
            if person.email != recipient:
                assert person.email not in message.as_string() and person.name not in text


def test_a_past_meeting_changed_tells_nobody(app, world, meeting):
    _answer(meeting, world.own.members[0])
    after = local(MEETING_DAY, time(13))
    services.update_meeting(meeting, place="Annat", now=after)
    assert MessageKind.MEETING_MOVED not in _kinds()


@pytest.mark.parametrize(
    ("today", "kind"),
    [
        (date(2026, 3, 13), MessageKind.REMINDER_7_DAYS),
        (date(2026, 3, 19), MessageKind.REMINDER_1_DAY),
    ],
)
def test_reminders_by_the_networks_local_date_once(app, world, meeting, today, kind):
    _answer(meeting, world.own.members[0])
    _answer(meeting, world.own.members[1], RegistrationResponse.NOT_ATTENDING)
    # 23:30 in Stockholm is already the next day in UTC terms only after midnight: the local
    # date decides, at any hour of it.
    for clock in (time(0, 5), time(23, 55)):
        now = local(today, clock)
        mail.due_reminders(now)
        db.session.commit()
    assert _kinds().count(kind) == 1
    (message,) = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == kind))
    assert message.recipient_address == world.own.members[0].person.email


def test_no_reminder_on_other_days_or_for_a_cancelled_meeting(app, world, meeting):
    _answer(meeting, world.own.members[0])
    for day in (date(2026, 3, 12), date(2026, 3, 15), date(2026, 3, 20)):
        assert mail.due_reminders(local(day, time(9))) == 0
    services.cancel_meeting(meeting, now=NOW)
    assert mail.due_reminders(local(date(2026, 3, 19), time(9))) == 0


def test_send_reminders_command_twice_writes_once(app, world, meeting, runner, monkeypatch):
    _answer(meeting, world.own.members[0])
    monkeypatch.setattr("network_app.cli.utcnow", lambda: local(date(2026, 3, 19), time(7)))
    first = runner.invoke(args=["send-reminders"])
    second = runner.invoke(args=["send-reminders"])
    assert first.exit_code == 0, first.output
    assert "1 reminders" in first.output and "0 reminders" in second.output
    assert _kinds().count(MessageKind.REMINDER_1_DAY) == 1


def test_no_feed_token_or_other_organisations_contact_in_any_meeting_mail(
    app, world, meeting, smtp_server
):
    """A member with an account and a calendar subscription: every message about the meeting
    (registration, reminder, moved, cancelled) holds neither their feed's token nor anyone
    else's name, address or phone."""
    from network_app.meetings import feeds

    member = world.own.members[0]
    user = factories.make_user(email=member.person.email)
    user.person_id = member.person.id
    feeds.reset(user, now=NOW)
    db.session.commit()
    token = feeds.token_for(user, app.config["SECRET_KEY"])
    _answer(meeting, member)
    _answer(meeting, world.other.members[0])
    mail.due_reminders(local(date(2026, 3, 19), time(8)))
    services.update_meeting(meeting, place="Rådhuset", now=NOW)
    services.cancel_meeting(meeting, now=NOW)
    db.session.commit()
    _delivered(app, smtp_server)
    own = [r for r in smtp_server.received if member.person.email in r.rcpt_tos]
    assert len(own) == 4
    for received in own:
        message = received.parsed()
        # Every part decoded (the .ics is base64 on the wire), and the headers.
        parts = [str(message.items())]
        for part in message.walk():
            if not part.is_multipart():
                content = part.get_content()
                parts.append(content.decode() if isinstance(content, bytes) else content)
        whole = "\n".join(parts)
        assert (
            "Rådhuset" in whole or "inställt" in whole or "mottagen" in whole or "morgon" in whole
        )
        assert token.split("-", 1)[1] not in whole and "/calendar/feed/" not in whole
        for text in ("hemlig", "070-", "Andra regionen", "Stina"):
            assert text not in whole


def test_a_cancelled_meeting_taken_up_again_is_told_as_a_change(app, world, meeting):
    _answer(meeting, world.own.members[0])
    services.cancel_meeting(meeting, now=NOW)
    services.update_meeting(meeting, place="Annat ställe", now=NOW)  # while cancelled: nothing
    services.update_meeting(meeting, status=MeetingStatus.CONFIRMED, now=NOW)
    db.session.commit()
    assert _kinds() == [
        MessageKind.REGISTRATION_RECEIVED,
        MessageKind.MEETING_CANCELLED,
        MessageKind.MEETING_MOVED,
    ]
    moved = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == MessageKind.MEETING_MOVED)
    ).one()
    (event,) = icalendar.Calendar.from_ical(bytes(moved.attachments[0].content)).walk("VEVENT")
    assert event["STATUS"] == "CONFIRMED" and event["SEQUENCE"] == 3
