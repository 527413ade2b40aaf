"""Every download of data leaves one audit event: who, what, which format; never a name."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from network_app import audit
from network_app.audit import AuditEvent
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.meetings import feeds
from tests.cases.helpers import make_case
from tests.hours.builders import add_meeting


@pytest.fixture
def exports(world):
    """(url, target_type, target_id, detail) for every export the leader can make."""
    meeting = add_meeting(world.network, datetime(2026, 3, 18, 9, tzinfo=UTC))
    make_case(world.own)
    person = world.own.members[0].person
    db.session.commit()
    network, own = world.network.id, world.own.id
    return [
        (f"/meetings/{meeting.id}/registrations.csv", "meeting", meeting.id, "csv"),
        (f"/meetings/{meeting.id}/calendar.ics", "meeting", meeting.id, "ics"),
        (f"/networks/{network}/calendar.ics", "network", network, "ics"),
        (f"/participations/{own}/hours/export.csv", "participation", own, "csv"),
        (f"/participations/{own}/hours/export.xlsx", "participation", own, "xlsx"),
        (f"/networks/{network}/hours/export.csv", "network", network, "csv"),
        (f"/networks/{network}/hours/export.xlsx", "network", network, "xlsx"),
        (f"/participations/{own}/learning-example.docx", "participation", own, "docx"),
        (
            f"/participations/{own}/learning-example.docx?variant=anonymised",
            "participation",
            own,
            "docx anonymised",
        ),
        (f"/networks/{network}/report.docx", "network", network, "docx"),
        (
            f"/networks/{network}/report.docx?variant=anonymised",
            "network",
            network,
            "docx anonymised",
        ),
        (f"/people/{person.id}/personal-data.json", "person", person.id, "json"),
    ]


def _export_events():
    return db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == audit.EXPORT).order_by(AuditEvent.id)
    ).all()


def test_each_export_records_one_event_without_names(client, auth, world, exports):
    auth.login(world.leader)
    names = [m.person.name for m in world.own.members] + [world.own.organisation.name]
    for url, target_type, target_id, detail in exports:
        before = len(_export_events())
        response = client.get(url)
        assert response.status_code == 200, url
        new = _export_events()[before:]
        assert len(new) == 1, url
        event = new[0]
        assert (event.actor_id, event.target_type, event.target_id, event.detail) == (
            world.leader.id,
            target_type,
            target_id,
            detail,
        ), url
        assert not any(name in (event.detail or "") for name in names)


def test_only_allowed_exports_are_recorded(client, auth, world, exports):
    """Another organisation's participant: refusals (403/404) record no export, the network's
    calendar that they may read records one."""
    auth.login(world.other_participant)
    for url, *_ in exports:
        before = len(_export_events())
        status = client.get(url).status_code
        assert status in (200, 403, 404), url
        assert len(_export_events()) - before == (1 if status == 200 else 0), url
    refused = client.get(f"/participations/{world.own.id}/hours/export.csv")
    assert refused.status_code == 403


def test_the_subscription_feed_is_not_audited(client, world, exports):
    feeds.reset(world.participant, now=utcnow())
    db.session.commit()
    token = feeds.token_for(world.participant, client.application.config["SECRET_KEY"])
    assert client.get(f"/calendar/feed/{token}").status_code == 200
    assert _export_events() == []
