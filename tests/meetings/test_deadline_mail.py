"""The registration deadline approaching: the contact persons of a group that has not answered
told 3 days and 1 day before the meeting's last day of registration (flask send-reminders),
once; sent to a real SMTP server on the loopback and parsed."""

import email.policy
from datetime import date, time

import pytest
import sqlalchemy as sa

from network_app.extensions import db
from network_app.meetings import feeds, mail, services
from network_app.meetings.models import MeetingKind, MeetingStatus, RegistrationResponse
from network_app.networks import services as network_services
from network_app.networks.models import ParticipationStatus
from network_app.notifications import sender, transports
from network_app.notifications import services as outbox
from network_app.notifications.models import MessageKind, OutboxMessage
from tests import factories
from tests.meetings.helpers import local, make_meeting
from tests.smtp import smtp_settings


@pytest.fixture
def app_config(smtp_server):
    """The app sends to the SMTP server on the loopback."""
    return smtp_settings(smtp_server.port)


MEETING_DAY = date(2026, 3, 20)
DEADLINE = date(2026, 3, 16)
THREE_DAYS_BEFORE = date(2026, 3, 13)
DAY_BEFORE = date(2026, 3, 15)


@pytest.fixture
def meeting(world):
    meeting = make_meeting(
        world.network,
        day=MEETING_DAY,
        title="Träff om säkerhet",
        place="Stadshuset, Örebro",
        registration_closes_on=DEADLINE,
    )
    db.session.commit()
    return meeting


def _contact(participation):
    return next(m for m in participation.members if m.is_contact)


def _run(day, clock=time(9)):
    written = mail.deadline_approaching(local(day, clock))
    db.session.commit()
    return written


def _messages():
    return db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.kind == MessageKind.DEADLINE_APPROACHING)
        .order_by(OutboxMessage.id)
    ).all()


def _answer(meeting, member, response):
    services.register(
        meeting,
        member,
        response=response,
        overnight_stay=False,
        dietary_needs="",
        by=factories.make_user(),
        now=local(date(2026, 3, 2), time(8)),
    )
    db.session.commit()


def _account_for(person):
    user = factories.make_user(email=person.email)
    user.person_id = person.id
    db.session.flush()
    return user


@pytest.mark.parametrize(("day", "days"), [(THREE_DAYS_BEFORE, 3), (DAY_BEFORE, 1)])
def test_the_contact_of_a_group_that_has_not_answered_is_told_once(app, world, meeting, day, days):
    # Early and late in the local day: the network's date decides, and the second run writes
    # nothing. The other group has no contact person: nobody of it hears anything.
    assert _run(day, time(0, 5)) == 1
    assert _run(day, time(23, 55)) == 0
    (message,) = _messages()
    assert message.recipient_address == _contact(world.own).person.email
    assert message.language == "sv"
    subject = "i morgon" if days == 1 else "om 3 dagar"
    assert message.subject == f"Sista anmälningsdag {subject}: Träff om säkerhet"
    assert "2026-03-16" in message.text_body and "Egna kommun" in message.text_body
    url = f"/meetings/{meeting.id}/groups/{world.own.id}/registration"
    assert url in message.text_body and url in message.html_body


def test_no_message_on_other_days(app, world, meeting):
    for day in (date(2026, 3, 12), date(2026, 3, 14), DEADLINE, date(2026, 3, 17)):
        assert _run(day) == 0


def test_each_step_is_told_and_a_later_run_writes_nothing_again(app, world, meeting):
    assert _run(THREE_DAYS_BEFORE) == 1
    assert _run(DAY_BEFORE) == 1
    assert _run(DAY_BEFORE, time(18)) == 0
    assert [m.subject.split(":")[0] for m in _messages()] == [
        "Sista anmälningsdag om 3 dagar",
        "Sista anmälningsdag i morgon",
    ]


@pytest.mark.parametrize(
    "response", [RegistrationResponse.ATTENDING, RegistrationResponse.NOT_ATTENDING]
)
def test_a_group_that_has_answered_is_not_told(app, world, meeting, response):
    # One member's answer, coming or not, is the group's answer (not the contact's own).
    not_the_contact = next(m for m in world.own.members if not m.is_contact)
    _answer(meeting, not_the_contact, response)
    assert _run(DAY_BEFORE) == 0
    assert _messages() == []


def test_another_groups_answer_does_not_count_for_this_one(app, world, meeting):
    _answer(meeting, world.other.members[0], RegistrationResponse.ATTENDING)
    assert _run(DAY_BEFORE) == 1


def test_a_cancelled_meeting_is_not_told(app, world, meeting):
    services.update_meeting(
        meeting, status=MeetingStatus.CANCELLED, now=local(date(2026, 3, 2), time(8))
    )
    db.session.commit()
    assert _run(DAY_BEFORE) == 0


def test_a_meeting_without_a_deadline_is_not_told(app, world):
    make_meeting(world.network, day=date(2026, 3, 16))
    db.session.commit()
    for day in (THREE_DAYS_BEFORE, DAY_BEFORE):
        assert _run(day) == 0


def test_a_past_deadline_or_a_meeting_begun_is_not_told(app, world, meeting):
    assert _run(date(2026, 3, 18)) == 0
    # A deadline the day after the meeting's start (a form refuses it; the run is safe anyway).
    make_meeting(world.network, day=date(2026, 4, 1), registration_closes_on=date(2026, 4, 2))
    db.session.commit()
    assert _run(date(2026, 4, 1), time(10)) == 0
    assert _messages() == []


def test_a_workshop_is_told_to_its_host_group_only(app, world):
    factories.add_member(world.other, "Kontakt Andra", is_contact=True)
    make_meeting(
        world.network,
        day=MEETING_DAY,
        kind=MeetingKind.WORKSHOP,
        host=world.other,
        registration_closes_on=DEADLINE,
    )
    db.session.commit()
    assert _run(DAY_BEFORE) == 1
    (message,) = _messages()
    assert message.recipient_address == "kontakt.andra@example.se"


def test_a_withdrawn_group_is_not_told(app, world, meeting):
    world.own.status = ParticipationStatus.WITHDRAWN
    db.session.commit()
    assert _run(DAY_BEFORE) == 0


def test_a_group_of_another_network_is_not_told(app, world, meeting):
    elsewhere = factories.make_participation(
        factories.make_network(name="Annat nätverk"), factories.make_organisation("Tredje kommun")
    )
    factories.add_member(elsewhere, "Tredje Kontakt", is_contact=True)
    db.session.commit()
    assert _run(DAY_BEFORE) == 1
    (message,) = _messages()
    assert message.recipient_address == _contact(world.own).person.email


def test_a_closed_network_is_not_told(app, world, meeting):
    world.network.closed_at = local(date(2026, 3, 1), time(12))
    db.session.commit()
    assert _run(DAY_BEFORE) == 0


def test_a_joint_group_is_one_group(app, world, meeting):
    partner = factories.make_organisation("Grannby kommun")
    network_services.add_joint_member(world.own, partner, now=local(date(2026, 1, 5), time(9)))
    db.session.commit()
    assert _run(DAY_BEFORE) == 1


def test_in_english_for_an_english_speaking_person(app, world, meeting):
    user = _account_for(_contact(world.own).person)
    outbox.set_preferences(user, language="en", wanted=[MessageKind.DEADLINE_APPROACHING])
    db.session.commit()
    assert _run(THREE_DAYS_BEFORE) == 1
    (message,) = _messages()
    assert message.language == "en"
    assert message.subject == "Registration closes in 3 days: Träff om säkerhet"
    assert "has not answered" in message.text_body and "Hej" not in message.text_body
    assert message.unsubscribe_url.startswith("http")


def test_turned_off_in_the_preferences_nothing_is_written(app, world, meeting):
    user = _account_for(_contact(world.own).person)
    outbox.set_preferences(user, language="sv", wanted=[])
    db.session.commit()
    assert _run(DAY_BEFORE) == 0
    assert _messages() == []


def test_the_candidates_are_read_in_two_queries_whatever_the_number_of_groups(
    app, world, meeting, count_queries, monkeypatch
):
    monkeypatch.setattr(mail, "_send", lambda *args, **kwargs: None)

    def queries():
        with count_queries() as counter:
            mail.deadline_approaching(local(DAY_BEFORE, time(9)))
        return counter.count

    few = queries()
    for index in range(6):
        group = factories.make_participation(
            world.network, factories.make_organisation(f"Kommun {index}")
        )
        factories.add_member(group, f"Kontakt {index}", is_contact=True)
    db.session.commit()
    assert queries() == few == 2


def test_send_reminders_prints_the_count_and_writes_once(app, world, meeting, runner, monkeypatch):
    monkeypatch.setattr("network_app.cli.utcnow", lambda: local(DAY_BEFORE, time(7)))
    first = runner.invoke(args=["send-reminders"])
    second = runner.invoke(args=["send-reminders"])
    assert first.exit_code == 0, first.output
    assert "1 registration deadlines" in first.output
    assert "0 registration deadlines" in second.output
    assert len(_messages()) == 1


def test_the_sent_message_has_the_headers_and_nobody_elses_details(
    app, world, meeting, smtp_server
):
    contact = _contact(world.own).person
    user = _account_for(contact)
    feeds.reset(user, now=local(date(2026, 3, 1), time(9)))
    db.session.commit()
    token = feeds.token_for(user, app.config["SECRET_KEY"])
    assert _run(DAY_BEFORE) == 1
    sender.run(
        transports.SmtpTransport(app.config), settings=sender.Settings.from_config(app.config)
    )
    (received,) = smtp_server.received
    assert received.rcpt_tos == [contact.email]
    raw = received.content
    headers = raw.split(b"\r\n\r\n")[0]
    assert b"=?utf-8?" in headers.lower()  # the subject, RFC 2047 encoded UTF-8
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Subject"] == "Sista anmälningsdag i morgon: Träff om säkerhet"
    assert message["To"].addresses[0].addr_spec == contact.email
    assert message["From"].addresses[0].addr_spec == "natverk@skr.example"
    assert message["Date"] and message["Message-ID"].startswith("<")
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Content-Language"] == "sv"
    # Optional, and the contact has an account: one click turns this kind off.
    assert "/mail/unsubscribe/" in message["List-Unsubscribe"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert contact.name in text and "Stadshuset, Örebro" in text
    whole = "\n".join([str(message.items()), text, html])
    for secret in (
        "Andra regionen",
        "Hemlig",
        "hemlig.person",
        "070-",
        "Stina",
        "/calendar/feed/",
        token.split("-", 1)[1],
    ):
        assert secret not in whole
