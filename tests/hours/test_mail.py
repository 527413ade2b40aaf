"""Behind pace: the group's contact person told once a month (flask send-reminders), with the
group's own figures only; sent to a loopback SMTP server and parsed."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from network_app.extensions import db
from network_app.hours import mail
from network_app.notifications import sender, transports
from network_app.notifications.models import MessageKind, OutboxMessage
from tests.hours.builders import add_entry
from tests.smtp import smtp_settings


@pytest.fixture
def app_config(smtp_server):
    """The app sends to the SMTP server on the loopback."""
    return smtp_settings(smtp_server.port)


# Halfway through the year the even pace asks for about 15 of 30 hours.
JULY = datetime(2026, 7, 1, 10, tzinfo=UTC)


def _on_pace(participation):
    for day in range(1, 5):
        add_entry(participation, date(2026, 6, day), 5 * 60, participation.members)


def _behind():
    return db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.kind == MessageKind.BEHIND_PACE)
        .order_by(OutboxMessage.id)
    ).all()


def test_behind_group_contact_told_once_a_month(app, world, smtp_server):
    # The other group is on pace: nobody of it hears anything.
    _on_pace(world.other)
    db.session.commit()
    assert mail.behind_pace(JULY) == 1
    assert mail.behind_pace(JULY.replace(day=28)) == 0  # the same month again
    db.session.commit()
    (message,) = _behind()
    contact = next(m.person for m in world.own.members if m.is_contact)
    assert message.recipient_address == contact.email
    sender.run(
        transports.SmtpTransport(app.config), settings=sender.Settings.from_config(app.config)
    )
    (received,) = smtp_server.messages()
    assert received["Subject"] == "Gruppen ligger efter med timmarna: Egna kommun"
    assert received["Date"] and received["Message-ID"]
    text = received.get_body(("plain",)).get_content()
    html = received.get_body(("html",)).get_content()
    assert "0 av målet 30–40 timmar" in text.replace(",00", "")
    # Never another organisation's name or contact details, never a feed token.
    for secret in ("Andra regionen", "hemlig.person", "070-", "calendar/feed"):
        assert secret not in text and secret not in html
    # Next month: told again.
    assert mail.behind_pace(datetime(2026, 8, 3, 10, tzinfo=UTC)) == 1


def test_no_message_before_or_after_the_network_or_when_on_pace(app, world):
    assert mail.behind_pace(datetime(2025, 12, 1, tzinfo=UTC)) == 0
    assert mail.behind_pace(datetime(2027, 1, 2, tzinfo=UTC)) == 0
    _on_pace(world.own)
    _on_pace(world.other)
    db.session.commit()
    assert mail.behind_pace(JULY) == 0


def test_a_closed_network_sends_nothing(app, world):
    world.network.closed_at = JULY
    db.session.commit()
    assert mail.behind_pace(JULY) == 0


def test_send_reminders_twice_writes_behind_pace_once(app, world, runner, monkeypatch):
    monkeypatch.setattr("network_app.cli.utcnow", lambda: JULY)
    first = runner.invoke(args=["send-reminders"])
    second = runner.invoke(args=["send-reminders"])
    assert first.exit_code == 0, first.output
    assert "1 behind pace" in first.output and "0 behind pace" in second.output
    assert len(_behind()) == 1  # both groups are behind; only the own one has a contact person
