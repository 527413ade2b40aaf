"""What the Word reports show, collected from the packages that own it: cases and the system
checklist (cases.services), hours by activity and period in minutes (hours.progress), meetings
and attendance (meetings.services), the accepted groups (networks.services), goal attainment
(cases.services.network_goals). Each reads every organisation of the report at once, so a
report makes the same number of queries for 2 organisations as for 50.
"""

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from network_app.assignments import services as assignment_services
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
from network_app.i18n import label, locale_name, once_per_report, recipient_language
from network_app.meetings import services as meeting_services
from network_app.meetings.services import NETWORK_KINDS
from network_app.networks import services as network_services
from network_app.privacy.names import display_name
from network_app.privacy.publication import (
    Anonymisation,
    map_strings,
    recogniser_from_database,
    unmarked,
)
from network_app.reports.data import (
    AssignmentLine,
    Bar,
    CaseData,
    ChecklistData,
    ChecklistSectionData,
    CommunicationLine,
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


def _case_data(case, reviewed_ids):
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
        reviewed=case.id in reviewed_ids,
    )


def _checklist_data(checklist, goal):
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
        done=goal.checklist_done,
        total=goal.checklist_total,
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


def _meeting_line(meeting, zone, attended=None):
    return MeetingLine(
        meeting.starts_at.astimezone(zone).date(),
        meeting.title,
        label(meeting.kind.label),
        attended,
    )


@dataclass
class _Loaded:
    """What one participation's learning example needs from the database, loaded in bulk."""

    cases: dict = field(default_factory=dict)  # participation id -> [Case]
    checklists: dict = field(default_factory=dict)  # participation id -> SystemChecklist
    attended: dict = field(default_factory=dict)  # participation id -> {meeting id}
    activities: dict = field(default_factory=dict)  # participation id -> hours by activity
    periods: dict = field(default_factory=dict)  # participation id -> hours by period
    reviewed: set = field(default_factory=set)  # ids of reviewed cases
    assignments: dict = field(default_factory=dict)  # participation id -> [Assignment]


def _load(network, participation_ids):
    """Cases with their risks, communication and journal, checklists, attendance and hours by
    activity and period, reviewed cases, for participations of one network: 11 queries however
    many."""
    return _Loaded(
        cases=case_services.cases_for_reports(participation_ids),
        checklists=case_services.checklists_for_reports(participation_ids),
        attended=meeting_services.meetings_attended(participation_ids),
        activities=hours_progress.hours_by_activity_of(participation_ids),
        periods=hours_progress.hours_by_period_of(network, participation_ids),
        reviewed=case_services.reviewed_case_ids(participation_ids),
        assignments=assignment_services.assignments_for_report(participation_ids),
    )


def _meeting_table(participation, meetings, attended, now):
    """The meetings of one organisation's learning example: the network's shared meetings and
    its own local workshop (never other organisations' workshops); attended yes or no for those
    held, None (Kommande) for those ahead by the network's local date that nobody attended yet."""
    zone = ZoneInfo(participation.network.time_zone)
    today = now.astimezone(zone).date()
    lines = []
    for meeting in meetings:
        if meeting.kind not in NETWORK_KINDS and meeting.host_participation_id != participation.id:
            continue
        line = _meeting_line(meeting, zone)
        if meeting.id in attended:
            line.attended = True
        elif line.starts_on < today:
            line.attended = False
        lines.append(line)
    return lines


def _collect_learning_example(
    participation, *, loaded, contact_details, now, meetings, approval, goal
):
    cases = loaded.cases.get(participation.id, [])
    return LearningExample(
        organisation=participation.organisation.name,
        network=participation.network.name,
        background=participation.background,
        members=_members(participation, contact_details),
        cases=[_case_data(c, loaded.reviewed) for c in cases],
        checklist=_checklist_data(loaded.checklists.get(participation.id), goal),
        hours=_hours_data(participation, loaded),
        meetings=_meeting_table(
            participation, meetings, loaded.attended.get(participation.id, set()), now
        ),
        approved_at=approval.approved_at if approval else None,
        anonymised=False,
        generated_at=now,
        author=participation.organisation.name,
        starts_on=participation.network.starts_on,
        ends_on=participation.network.ends_on,
        cases_reviewed=goal.cases_reviewed,
        assignments=_assignment_lines(loaded.assignments.get(participation.id, [])),
    )


def _assignment_lines(assignments):
    return [
        AssignmentLine(
            title=a.title,
            agreed_at=a.agreed_at_meeting.title if a.agreed_at_meeting is not None else "",
            status=label(a.status.label),
            report=a.report,
        )
        for a in assignments
    ]


# What the contact person approves: everything the learning example says but the figures that
# grow with registrations (hours, attendance), the moments of writing and approving, and the
# network's period on the cover page (the network's, not the organisation's text).
_NOT_APPROVED_CONTENT = frozenset(
    {"generated_at", "approved_at", "anonymised", "hours", "meetings", "starts_on", "ends_on"}
)


def _json_value(value):
    if dataclasses.is_dataclass(value):
        return vars(value)
    return str(value)  # dates, datetimes


def content_digest(example):
    """SHA-256 (hex) of an anonymised learning example's content, as approved."""
    content = {k: v for k, v in vars(example).items() if k not in _NOT_APPROVED_CONTENT}
    if not content.get("assignments"):
        # Examples approved before there were assignments keep their digest.
        content.pop("assignments", None)
    serialised = json.dumps(content, sort_keys=True, default=_json_value, ensure_ascii=False)
    return hashlib.sha256(unmarked(serialised).encode("utf-8")).hexdigest()


def _anonymise_chapter(example, recogniser, redactions, *, marked=False):
    """(anonymised example, the texts flagged for review in it)."""
    anonymisation = Anonymisation(recogniser, tuple(redactions), marked=marked)
    example = anonymisation.apply(example)
    example.anonymised = True
    return example, anonymisation.flags


def _swedish_digests(network, participations, recogniser, redactions, now):
    """{participation id: content_digest} of the chapters as they read in Swedish: an approval
    is of the content, whichever language the contact person or the leader reads the labels in.
    Collected again only when the request's language is not Swedish."""
    with recipient_language("sv"), once_per_report():
        loaded = _load(network, [p.id for p in participations])
        meetings = meeting_services.meeting_timeline(network)
        goals = {
            row.participation.id: row
            for row in case_services.network_goals(network, participations).rows
        }
        digests = {}
        for participation in participations:
            chapter = _collect_learning_example(
                participation,
                loaded=loaded,
                contact_details=False,
                now=now,
                meetings=meetings,
                approval=None,
                goal=goals[participation.id],
            )
            chapter, _flags = _anonymise_chapter(
                chapter, recogniser, redactions.get(participation.id, [])
            )
            digests[participation.id] = content_digest(chapter)
        return digests


def _reads_swedish():
    return (locale_name() or "sv").startswith("sv")


@dataclass
class Publication:
    """The anonymised learning example as it will be published, for the approval page."""

    example: LearningExample  # marked: replacements and flags wrapped (privacy.publication)
    flags: dict  # flagged text -> reason
    redactions: list  # texts redacted by hand
    digest: str  # of the content without marks
    approval: object  # the current ReportApproval or None
    approved: bool  # and of exactly this content


@once_per_report()
def publication_of(participation, *, now):
    """The approval page's view of the learning example: one collection, anonymised once with
    marks; the digest is of the same content without them (what the Word file holds)."""
    approval = case_services.current_approval(participation)
    example = _collect_learning_example(
        participation,
        loaded=_load(participation.network, [participation.id]),
        contact_details=False,
        now=now,
        meetings=meeting_services.meeting_timeline(participation.network),
        approval=approval,
        goal=case_services.network_goals(participation.network, [participation]).rows[0],
    )
    redactions = case_services.redactions_of([participation.id])
    recogniser = recogniser_from_database()
    marked, flags = _anonymise_chapter(
        example, recogniser, redactions.get(participation.id, []), marked=True
    )
    if _reads_swedish():
        digest = content_digest(map_strings(marked, unmarked))
    else:
        network = participation.network
        digest = _swedish_digests(network, [participation], recogniser, redactions, now)[
            participation.id
        ]
    return Publication(
        example=marked,
        flags=flags,
        redactions=redactions.get(participation.id, []),
        digest=digest,
        approval=approval,
        approved=bool(approval and approval.content_digest == digest),
    )


@once_per_report()
def learning_example_data(participation, *, anonymised, contact_details, now):
    """Everything the learning example shows; anonymised: every person the app knows, every
    address and number and the texts redacted by hand replaced (privacy.publication)."""
    report = _collect_learning_example(
        participation,
        loaded=_load(participation.network, [participation.id]),
        contact_details=contact_details and not anonymised,
        now=now,
        meetings=meeting_services.meeting_timeline(participation.network),
        approval=case_services.current_approval(participation),
        goal=case_services.network_goals(participation.network, [participation]).rows[0],
    )
    if anonymised:
        redactions = case_services.redactions_of([participation.id]).get(participation.id, [])
        report, _flags = _anonymise_chapter(report, recogniser_from_database(), redactions)
    return report


@once_per_report()
def network_report_data(network, *, anonymised, contact_details, now):
    """The compiled report: the network, its meetings, goal attainment and every chapter.

    Anonymised, it is the variant for publication: only the chapters approved as they read now
    (their approval's digest); the other organisations are named in `not_approved` and nothing
    of theirs is included, neither their chapter nor their row of the goals and hours."""
    participations = network_services.accepted_participations(network)
    goals = case_services.network_goals(network, participations)
    approvals = case_services.approvals_by_participation(network)
    meetings = meeting_services.meeting_timeline(network)
    zone = ZoneInfo(network.time_zone)
    loaded = _load(network, [p.id for p in participations])
    rows = list(goals.rows)
    chapters = [
        _collect_learning_example(
            row.participation,
            loaded=loaded,
            contact_details=contact_details and not anonymised,
            now=now,
            meetings=meetings,
            approval=approvals.get(row.participation.id),
            goal=row,
        )
        for row in rows
    ]
    not_approved = []
    if anonymised:
        recogniser = recogniser_from_database()
        redactions = case_services.redactions_of([row.participation.id for row in rows])
        chapters = [
            _anonymise_chapter(chapter, recogniser, redactions.get(row.participation.id, []))[0]
            for row, chapter in zip(rows, chapters, strict=True)
        ]
        if _reads_swedish():
            digests = {
                row.participation.id: content_digest(chapter)
                for row, chapter in zip(rows, chapters, strict=True)
            }
        else:
            digests = _swedish_digests(
                network, [row.participation for row in rows], recogniser, redactions, now
            )
        kept_rows, kept_chapters = [], []
        for row, chapter in zip(rows, chapters, strict=True):
            approval = approvals.get(row.participation.id)
            if approval and approval.content_digest == digests[row.participation.id]:
                kept_rows.append(row)
                kept_chapters.append(chapter)
            else:
                not_approved.append(row.participation.organisation.name)
        rows, chapters = kept_rows, kept_chapters
    report = NetworkReport(
        name=network.name,
        description=network.description,
        goal=network.goal,
        starts_on=network.starts_on,
        ends_on=network.ends_on,
        target_low=network.target_hours_min,
        target_high=network.target_hours_max,
        meetings=[_meeting_line(m, zone) for m in meetings],
        goals=[
            GoalLine(
                organisation=row.participation.organisation.name,
                checklist_done=row.checklist_done,
                checklist_total=row.checklist_total,
                cases=row.cases,
                cases_reviewed=row.cases_reviewed,
                minutes=row.minutes,
                meetings_attended=row.meetings_attended,
                meetings_total=row.meetings_total,
                approved=row.participation.id in approvals,
                document_status=row.document_status,
                decided_by=row.decided_by,
                decided_on=row.decided_on,
                responsibility_level=row.responsibility_level,
            )
            for row in rows
        ],
        chapters=[],
        hours=[Bar(row.participation.organisation.name, row.minutes) for row in rows],
        anonymised=anonymised,
        generated_at=now,
        author="SKR",
        not_approved=not_approved,
    )
    if anonymised:
        # The network's own texts (written by the leader) with every chapter's redactions.
        every_redaction = tuple(sorted({t for texts in redactions.values() for t in texts}))
        report = Anonymisation(recogniser, every_redaction).apply(report)
    report.chapters = chapters
    return report


def shared_example(participation, *, now):
    """The approved anonymised learning example as the other organisations of the network read
    it (issue 13 point 4): the approval page's one collection (publication_of) without its marks,
    which is exactly the anonymised Word file's content. None unless it is approved as it reads
    now (its approval's digest equals the content's)."""
    publication = publication_of(participation, now=now)
    if not publication.approved:
        return None
    return map_strings(publication.example, unmarked)
