"""Builders of cases, checklists, hours and meetings for the cases tests."""

from datetime import UTC, date, datetime

from network_app.cases import services
from network_app.cases.models import CaseStatus, DecisionKind, ItemState
from network_app.extensions import db
from network_app.hours.models import ActivityKind, HourEntry
from network_app.meetings.models import Meeting, MeetingKind, Registration, RegistrationResponse


def make_case(
    participation, title="Nedläggning av Byskolan", status=CaseStatus.RISK_ANALYSIS, **extra
):
    values = {
        "title": title,
        "decision_kind": DecisionKind.WELFARE_CHANGE,
        "status": status,
        "deciding_body": "Barn- och utbildningsnämnden",
        "methods": "proactive_security_talks follow_up_report_back",
    }
    values.update(extra)
    return services.create_case(participation, values)


DECISION_DAY = date(2026, 6, 10)


def review(case, *, decision_on=DECISION_DAY, planned_on=date(2026, 5, 20), measures="Samtal"):
    """What makes a case reviewed ("genomlyst"): a decision date, a risk with measures and
    proactive communication planned before the decision."""
    services.update_case(case, {"decision_expected_on": decision_on}, expected_version=case.version)
    services.add_risk(
        case,
        {
            "description": "Hot i sociala medier",
            "likelihood": 3,
            "consequence": 3,
            "measures": measures,
        },
    )
    services.add_communication(case, {"message": "Varför frågan är uppe", "planned_on": planned_on})
    return case


def mark_checklist(participation, states, *, level=None, document=None, **fields):
    """states: {item key: ItemState}; everything else stays missing."""
    checklist = services.checklist_for(participation)
    data = dict(fields)
    if level is not None:
        data["responsibility_level"] = level
    if document is not None:
        data["document_status"] = document
    services.update_checklist(
        checklist,
        data,
        {key: (state, f"Not om {key}") for key, state in states.items()},
        expected_version=checklist.version if checklist.id else 0,
    )
    return checklist


def log_hours(
    participation,
    minutes,
    *,
    activity=ActivityKind.GROUP_MEETING,
    worked_on=date(2026, 3, 10),
    people=3,
):
    entry = HourEntry(
        participation_id=participation.id,
        worked_on=worked_on,
        minutes=minutes,
        activity=activity,
        people_present=people,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def make_meeting(
    network, title="Första nätverksträffen", day=date(2026, 2, 3), kind=MeetingKind.NETWORK
):
    starts = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    meeting = Meeting(
        network_id=network.id,
        kind=kind,
        title=title,
        starts_at=starts,
        ends_at=starts.replace(hour=15),
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def attend(meeting, member, attended=True):
    registration = Registration(
        meeting_id=meeting.id,
        group_member_id=member.id,
        response=RegistrationResponse.ATTENDING,
        attended=attended,
    )
    db.session.add(registration)
    db.session.flush()
    return registration


ALL_DONE = ItemState.DONE


def approve(participation, user, now=None):
    """Approve the anonymised learning example as it reads now, as the approval page does."""
    from network_app.reports import collect

    publication = collect.publication_of(participation, now=now or datetime.now(UTC))
    return services.approve_learning_example(participation, user, publication.digest)
