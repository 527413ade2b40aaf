"""The demo network's programme."""

from datetime import date

import sqlalchemy as sa

from network_app import demo
from network_app.auth.models import Role, User
from network_app.extensions import db
from network_app.meetings import evaluations, material, services
from network_app.meetings.models import (
    MaterialKind,
    Meeting,
    MeetingKind,
    MeetingMaterial,
    Registration,
)
from network_app.meetings.timing import zone_of
from tests.meetings.helpers import meetings_attended


def test_demo_programme_has_past_and_coming_meetings_and_one_over_a_clock_change(app):
    today = date(2026, 11, 23)
    network = demo.seed_demo(today)
    db.session.commit()
    zone = zone_of(network.time_zone)
    meetings = db.session.scalars(sa.select(Meeting).order_by(Meeting.starts_at)).all()
    network_meetings = services.network_meetings(network)
    assert len(network_meetings) == 4
    assert [m.kind for m in network_meetings].count(MeetingKind.DIGITAL) == 1
    assert len([m for m in meetings if m.kind == MeetingKind.WORKSHOP]) == 6
    assert any(m.starts_at.astimezone(zone).date() < today for m in meetings)
    assert any(m.starts_at.astimezone(zone).date() > today for m in meetings)
    assert any(
        m.starts_at.astimezone(zone).utcoffset() != m.ends_at.astimezone(zone).utcoffset()
        for m in meetings
    )
    attended = meetings_attended(network)
    assert attended and all(count >= 1 for count in attended.values())
    registrations = db.session.scalar(sa.select(sa.func.count(Registration.id)))
    # An extra check-in that does not count, and evaluations: one shown, one withheld.
    assert any(m.extra for m in meetings) and services.goal_count(network) == 4
    counts = sorted(r.answers for r in evaluations.network_results(network))
    assert counts == [2, 6]
    # Material on the past meetings: agendas and the first meeting's minutes, as real PDFs.
    files = db.session.scalars(sa.select(MeetingMaterial)).all()
    assert {f.kind for f in files} == {MaterialKind.AGENDA, MaterialKind.MINUTES}
    assert all(
        material.file_type_of(material.read_material(f, app.config["MATERIAL_FOLDER"])) == "pdf"
        for f in files
    )
    # The demo participant is the group's contact person.
    contact = db.session.scalar(sa.select(User).where(User.role == Role.PARTICIPANT))
    assert contact.person_id is not None

    demo.seed_demo(today)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == len(meetings)
    assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == registrations
