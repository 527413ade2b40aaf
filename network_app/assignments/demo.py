"""Demo assignments: after each network meeting that has been held, every group takes something
on until the next one; the earlier ones are done (with what came of them), the latest open, and
Emmaboda, behind on its hours, is late with one."""

from datetime import timedelta

import sqlalchemy as sa

from network_app.assignments import services
from network_app.assignments.models import Assignment, AssignmentStatus
from network_app.extensions import db
from network_app.meetings import services as meeting_services
from network_app.meetings.timing import zone_of
from network_app.networks import services as network_services

# What the groups take on after meeting 1, 2, 3 (seed 001: the hours go to these assignments).
PLAN = [
    (
        "Välj ett case och beskriv beslutsprocessen",
        "Välj ett politiskt beslut som gruppen följer under nätverket och beskriv vilka steg det "
        "går igenom.",
        "Caset valt och processen beskriven på en sida; presenterat för kommundirektören.",
    ),
    (
        "Gör riskanalysen av caset",
        "Använd mallen från arbetsmötet: sannolikhet och konsekvens för varje risk, och vilka "
        "åtgärder som finns.",
        "Fem risker analyserade; två saknade åtgärder och togs upp i ledningsgruppen.",
    ),
    (
        "Förbered den lokala workshopen",
        "Bjud in förtroendevalda och tjänstepersoner, och planera upplägget med coachen.",
        "",
    ),
]
LATE = "Emmaboda kommun"


def seed_assignments(network, today):
    """Does nothing if the network has assignments already, or no meeting has been held."""
    if db.session.scalar(
        sa.select(sa.func.count(Assignment.id)).where(Assignment.network_id == network.id)
    ):
        return
    zone = zone_of(network.time_zone)
    meetings = meeting_services.network_meetings(network)
    held = [m for m in meetings if services.meeting_day(m, zone) < today]
    participations = network_services.accepted_participations(network)
    for number, (agreed_at, plan) in enumerate(zip(held, PLAN, strict=False)):
        title, description, report = plan
        later = [m for m in meetings if m.starts_at > agreed_at.starts_at]
        due_meeting = later[0] if later else None
        due_on = None if due_meeting else services.meeting_day(agreed_at, zone) + timedelta(30)
        added = services.record_assignments(
            network,
            participations,
            services.AssignmentValues(title, description, agreed_at, due_meeting, due_on),
            by=network.leader,
        )
        latest = number == len(held) - 1
        for assignment in added:
            late = assignment.participation.organisation.name == LATE
            if latest:
                status = AssignmentStatus.IN_PROGRESS if assignment.id % 2 else None
                if status:
                    services.report_status(assignment, status, "")
            elif late and number == len(held) - 2:
                services.report_status(assignment, AssignmentStatus.IN_PROGRESS, "")
            else:
                services.report_status(assignment, AssignmentStatus.DONE, report)
    db.session.flush()
