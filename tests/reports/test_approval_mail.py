"""Approval requested: the leader's button on the approval page mails the group's contact
person once per version of the text; sent to the loopback SMTP server and parsed."""

import pytest
import sqlalchemy as sa

from network_app.audit import AuditEvent
from network_app.extensions import db
from network_app.notifications import sender, transports
from network_app.notifications.models import MessageKind, OutboxMessage
from tests.cases.helpers import make_case
from tests.smtp import smtp_settings


@pytest.fixture
def app_config(smtp_server):
    """The app sends to the SMTP server on the loopback."""
    return smtp_settings(smtp_server.port)


def _requested():
    return db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == MessageKind.APPROVAL_REQUESTED)
    ).all()


def test_the_leader_asks_the_contact_person_once_per_text(app, client, auth, world, smtp_server):
    case = make_case(world.own, description="Hot mot en ledamot.")
    db.session.commit()
    auth.login(world.leader)
    page = client.get(f"/participations/{world.own.id}/approval").get_data(as_text=True)
    assert "Be kontaktpersonen godkänna" in page
    url = f"/participations/{world.own.id}/approval/request"
    first = client.post(url, follow_redirects=True)
    assert "Kontaktpersonen får ett mejl" in first.get_data(as_text=True)
    again = client.post(url, follow_redirects=True)
    assert "Inget nytt mejl" in again.get_data(as_text=True)
    (message,) = _requested()
    contact = next(m.person for m in world.own.members if m.is_contact)
    assert message.recipient_address == contact.email
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).where(AuditEvent.action == "approval_requested")
        )
        == 1
    )
    sender.run(
        transports.SmtpTransport(app.config), settings=sender.Settings.from_config(app.config)
    )
    (received,) = smtp_server.messages()
    assert received["Subject"] == "Granska och godkänn det lärande exemplet från Egna kommun"
    assert received["Date"] and received["Message-ID"]
    text = received.get_body(("plain",)).get_content()
    assert f"/participations/{world.own.id}/approval" in text
    assert "Andra regionen" not in text and "hemlig" not in received.as_string()
    # A changed text may be asked for again.
    client.post(f"/cases/{case.id}/journal/new", data={"written_on": "2026-05-02", "text": "Nytt"})
    client.post(url)
    assert len(_requested()) == 2


def test_only_the_leader_asks(client, auth, world):
    make_case(world.own, description="Hot.")
    db.session.commit()
    auth.login(world.participant)
    page = client.get(f"/participations/{world.own.id}/approval").get_data(as_text=True)
    assert "Be kontaktpersonen godkänna" not in page
    assert client.post(f"/participations/{world.own.id}/approval/request").status_code == 403
    assert _requested() == []


def test_a_group_without_contact_person_is_told(client, auth, world):
    make_case(world.other, description="Hot.")
    db.session.commit()
    auth.login(world.leader)
    response = client.post(
        f"/participations/{world.other.id}/approval/request", follow_redirects=True
    )
    assert "ingen kontaktperson" in response.get_data(as_text=True)
    assert _requested() == []
