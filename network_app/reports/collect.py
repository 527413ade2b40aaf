"""What the Word reports show, collected from the packages that own it: cases and the system
checklist (cases.services), hours by activity and period in minutes (hours.progress), meetings
and attendance (meetings.services), the accepted groups (networks.services), goal attainment
(cases.services.network_goals). Each reads every organisation of the report at once, so a
report makes the same number of queries for 2 organisations as for 50.
"""

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from network_app.cases import checklist as outline
from network_app.cases import services as case_services
from network_app.cases.models import (
    METHOD_GROUPS,
    RESPONSIBILITY_LEVEL_LABELS,
    DocumentStatus,
    ItemState,
)
from network_app.cases.risk_levels import level_band
from network_app.hours import progress as hours_progress
from network_app.i18n import gettext as _
from network_app.i18n import label, once_per_report
from network_app.meetings import evaluations as meeting_evaluations
from network_app.meetings import services as meeting_services
from network_app.meetings import words as meeting_words
from network_app.networks import services as network_services
from network_app.privacy.anonymise import replacements_from_database
from network_app.privacy.names import display_name
from network_app.reports.data import (
    Bar,
    CaseData,
    ChecklistData,
    ChecklistSectionData,
    CommunicationLine,
    EvaluationLine,
    GoalLine,
    HoursData,
    JournalLine,
    LearningExample,
    MeetingLine,
    MemberLine,
    NetworkReport,
    RiskLine,
)


def _members(participation, contact_details):
    lines = []
    for m in sorted(participation.members, key=lambda m: m.person.name.lower()):
        show = contact_details and m.is_contact
        lines.append(
            MemberLine(
                name=display_name(m.person.name),
                title=m.person.title,
                kind=label(m.person.kind.label),
                is_contact=m.is_contact,
                email=m.person.email if show else "",
                phone=(m.person.phone or "") if show else "",
            )
        )
    return lines


def _case_data(case):
    chosen = set(case.method_list)
    methods = [
        (label(group), [label(method.label) for method in methods if method in chosen])
        for group, methods in METHOD_GROUPS
    ]
    risks = [
        RiskLine(
            n,
            r.description,
            r.targets,
            r.likelihood,
            r.consequence,
            r.level,
            *level_band(r.level),
            r.measures,
            r.owner,
        )
        for n, r in enumerate(case.risks, start=1)
    ]
    return CaseData(
        title=case.title,
        description=case.description,
        decision_kind=label(case.decision_kind.label),
        deciding_body=case.deciding_body,
        decision_expected_on=case.decision_expected_on,
        affected=case.affected,
        could_react=case.could_react,
        status=label(case.status.label),
        methods=[(g, labels) for g, labels in methods if labels],
        gender_perspective=case.gender_perspective,
        exposed_groups=case.exposed_groups,
        lessons=case.lessons,
        risks=risks,
        communications=[
            CommunicationLine(c.planned_on, c.message, c.channel, c.audience)
            for c in case.communications
        ],
        journal=[JournalLine(j.written_on, j.text) for j in case.journal],
    )


def _checklist_data(checklist):
    stored = {} if checklist is None else case_services.item_states(checklist)
    sections = []
    for section in outline.SECTIONS:
        items = []
        for entry in section.items:
            item = stored.get(entry.key)
            state = item.state if item else ItemState.MISSING
            items.append(
                (
                    label(entry.text),
                    label(state.label),
                    state.value,
                    item.note if item else "",
                )
            )
        sections.append(ChecklistSectionData(label(section.title), items))
    level = checklist.responsibility_level if checklist else None
    return ChecklistData(
        level=label(RESPONSIBILITY_LEVEL_LABELS[str(level)]) if level else _("Inte beslutad ännu"),
        document_status=label(
            (checklist.document_status if checklist else DocumentStatus.NONE).label
        ),
        document_title=checklist.document_title if checklist else "",
        decided_by=checklist.decided_by if checklist else "",
        decided_on=checklist.decided_on if checklist else None,
        sections=sections,
        done=sum(1 for s in sections for i in s.items if i[2] == ItemState.DONE.value),
        total=outline.ITEM_COUNT,
    )


def _hours_data(participation, loaded):
    network = participation.network
    by_activity = loaded.activities.get(participation.id, [])
    by_period = loaded.periods[participation.id]
    return HoursData(
        minutes=sum(a.minutes for a in by_activity),
        person_minutes=sum(a.person_minutes for a in by_activity),
        target_low=network.target_hours_min,
        target_high=network.target_hours_max,
        by_activity=[Bar(label(a.activity.label), a.minutes) for a in by_activity],
        by_period=[Bar(str(p.label), p.minutes) for p in by_period],
    )


def _meeting_line(meeting, zone, attended=None, numbers=None):
    # The title as the network's programme model names it: Nätverksträff 1 or Arbetsmöte 1.
    number = (numbers or {}).get(meeting.id)
    return MeetingLine(
        meeting.starts_at.astimezone(zone).date(),
        meeting_words.titled(meeting, number),
        label(meeting.kind.label),
        attended,
    )


def _evaluation_lines(network, zone, numbers):
    """The meetings' evaluations: answers, and the mean only from three answers (one query)."""
    return [
        EvaluationLine(
            row.meeting.starts_at.astimezone(zone).date(),
            meeting_words.titled(row.meeting, numbers.get(row.meeting.id)),
            row.answers,
            row.mean,
        )
        for row in meeting_evaluations.network_results(network)
    ]


@dataclass
class _Loaded:
    """What one participation's learning example needs from the database, loaded in bulk."""

    cases: dict = field(default_factory=dict)  # participation id -> [Case]
    checklists: dict = field(default_factory=dict)  # participation id -> SystemChecklist
    attended: dict = field(default_factory=dict)  # participation id -> {meeting id}
    activities: dict = field(default_factory=dict)  # participation id -> hours by activity
    periods: dict = field(default_factory=dict)  # participation id -> hours by period


def _load(network, participation_ids):
    """Cases with their risks, communication and journal, checklists, attendance and hours by
    activity and period, for participations of one network: 10 queries however many."""
    return _Loaded(
        cases=case_services.cases_for_reports(participation_ids),
        checklists=case_services.checklists_for_reports(participation_ids),
        attended=meeting_services.meetings_attended(participation_ids),
        activities=hours_progress.hours_by_activity_of(participation_ids),
        periods=hours_progress.hours_by_period_of(network, participation_ids),
    )


def _collect_learning_example(participation, *, loaded, contact_details, now, meetings, approval):
    zone = ZoneInfo(participation.network.time_zone)
    attended = loaded.attended.get(participation.id, set())
    numbers = meeting_services.numbers_from(meetings)
    return LearningExample(
        organisation=participation.organisation.name,
        network=participation.network.name,
        background=participation.background,
        members=_members(participation, contact_details),
        cases=[_case_data(c) for c in loaded.cases.get(participation.id, [])],
        checklist=_checklist_data(loaded.checklists.get(participation.id)),
        hours=_hours_data(participation, loaded),
        meetings=[_meeting_line(m, zone, m.id in attended, numbers) for m in meetings],
        approved_by=approval.approved_by.name if approval and approval.approved_by else "",
        approved_at=approval.approved_at if approval else None,
        anonymised=False,
        generated_at=now,
        author=participation.organisation.name,
    )


@once_per_report()
def learning_example_data(participation, *, anonymised, contact_details, now):
    """Everything the learning example shows; anonymised: people replaced by their roles."""
    report = _collect_learning_example(
        participation,
        loaded=_load(participation.network, [participation.id]),
        contact_details=contact_details and not anonymised,
        now=now,
        meetings=meeting_services.meeting_timeline(participation.network),
        approval=case_services.current_approval(participation),
    )
    if anonymised:
        report = replacements_from_database().apply(report)
        report.anonymised = True
    return report


@once_per_report()
def network_report_data(network, *, anonymised, contact_details, now):
    """The compiled report: the network, its meetings, goal attainment and every chapter."""
    participations = network_services.accepted_participations(network)
    goals = case_services.network_goals(network, participations)
    approvals = case_services.approvals_by_participation(network)
    meetings = meeting_services.meeting_timeline(network)
    zone = ZoneInfo(network.time_zone)
    loaded = _load(network, [p.id for p in participations])
    chapters = [
        _collect_learning_example(
            row.participation,
            loaded=loaded,
            contact_details=contact_details and not anonymised,
            now=now,
            meetings=meetings,
            approval=approvals.get(row.participation.id),
        )
        for row in goals.rows
    ]
    report = NetworkReport(
        name=network.name,
        description=network.description,
        goal=network.goal,
        starts_on=network.starts_on,
        ends_on=network.ends_on,
        target_low=network.target_hours_min,
        target_high=network.target_hours_max,
        meetings=[
            _meeting_line(m, zone, numbers=meeting_services.numbers_from(meetings))
            for m in meetings
        ],
        goals=[
            GoalLine(
                row.participation.organisation.name,
                row.checklist_done,
                row.checklist_total,
                row.case_reviewed,
                row.minutes,
                row.meetings_attended,
                row.meetings_total,
                row.participation.id in approvals,
            )
            for row in goals.rows
        ],
        chapters=chapters,
        hours=[Bar(row.participation.organisation.name, row.minutes) for row in goals.rows],
        anonymised=anonymised,
        generated_at=now,
        author="SKR",
        evaluations=_evaluation_lines(network, zone, meeting_services.numbers_from(meetings)),
        meetings_heading=meeting_words.meetings_title(network.programme_model),
    )
    if anonymised:
        report = replacements_from_database().apply(report)
        for chapter in report.chapters:
            chapter.anonymised = True
    return report
