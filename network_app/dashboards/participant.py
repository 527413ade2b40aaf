"""The participant's dashboard: for each own group, where the hours, the case, the checklist and
the next meeting stand, and what waits for the person signed in.

Each figure is read for all the user's groups at once (a participant has one, or a few with
joint participations), so the dashboard makes the same number of queries whatever the data."""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from network_app.cases import checklist as outline
from network_app.cases import services as case_services
from network_app.cases.models import (
    Case,
    ChecklistItem,
    ItemState,
    ReportApproval,
    SystemChecklist,
)
from network_app.extensions import db
from network_app.hours import chart, progress
from network_app.i18n import gettext as _
from network_app.meetings import services as meeting_services
from network_app.meetings.models import Registration, RegistrationResponse
from network_app.networks.models import GroupMember, ParticipationStatus
from network_app.networks.services import local_today


@dataclass(frozen=True)
class CaseStep:
    """A case and what it still needs to count as reviewed (cases.services.reviewed_condition)."""

    id: int
    title: str
    status: object  # CaseStatus
    decision_expected_on: date | None
    risk_with_measures: bool
    communication_before_decision: bool

    @property
    def reviewed(self):
        return self.risk_with_measures and self.communication_before_decision


@dataclass(frozen=True)
class MeetingAnswers:
    """The group's answers for its next meeting: members who come, who do not, who have not."""

    meeting: object
    attending: int
    not_attending: int
    members: int

    @property
    def unanswered(self):
        return max(self.members - self.attending - self.not_attending, 0)


@dataclass
class GroupDashboard:
    participation: object
    progress: object = None  # hours.progress.OrganisationProgress
    burnup: object = None  # Markup: the group's burn-up
    cases: list = field(default_factory=list)  # CaseStep
    checklist_done: int = 0
    checklist_total: int = outline.ITEM_COUNT
    next_meeting: MeetingAnswers | None = None
    approval_waiting: bool = False  # the user is the contact and no approval stands
    # Room for what other packages will add when they exist on main: assignments due (the
    # assignments package) and comments waiting for the user (comments). Empty until then, and
    # the page shows nothing for an empty list.
    assignments_due: list = field(default_factory=list)
    comments_waiting: list = field(default_factory=list)

    @property
    def active(self):
        return self.participation.status == ParticipationStatus.ACCEPTED

    @property
    def waiting(self):
        return self.approval_waiting or self.comments_waiting


def case_steps(participation_ids):
    """{participation id: [CaseStep]} in the order the cases were made: one query."""
    if not participation_ids:
        return {}
    risk, communication = case_services.review_parts()
    rows = db.session.execute(
        sa.select(
            Case.participation_id,
            Case.id,
            Case.title,
            Case.status,
            Case.decision_expected_on,
            risk,
            communication,
        )
        .where(Case.participation_id.in_(participation_ids))
        .order_by(Case.id)
    )
    found = {}
    for participation_id, *values in rows:
        *head, has_risk, has_communication = values
        found.setdefault(participation_id, []).append(
            CaseStep(*head, bool(has_risk), bool(has_communication))
        )
    return found


def checklist_done(participation_ids):
    """{participation id: checklist points done} counted as the goals page counts: one query."""
    if not participation_ids:
        return {}
    rows = db.session.execute(
        sa.select(SystemChecklist.participation_id, sa.func.count(ChecklistItem.id))
        .join(ChecklistItem, ChecklistItem.checklist_id == SystemChecklist.id)
        .where(
            SystemChecklist.participation_id.in_(participation_ids),
            ChecklistItem.state == ItemState.DONE,
            ChecklistItem.item_key.in_(outline.ITEM_KEYS),
        )
        .group_by(SystemChecklist.participation_id)
    )
    return dict(rows.all())


def approved_ids(participation_ids):
    """The participations whose learning example stands approved: one query."""
    if not participation_ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(ReportApproval.participation_id).where(
                ReportApproval.participation_id.in_(participation_ids),
                ReportApproval.withdrawn_at.is_(None),
            )
        )
    )


def meeting_answers(pairs):
    """{(meeting id, participation id): (attending, not attending)} for the pairs: one query."""
    if not pairs:
        return {}
    meeting_ids = {m for m, _p in pairs}
    participation_ids = {p for _m, p in pairs}

    def count_where(condition):
        return sa.func.sum(sa.case((condition, 1), else_=0))

    rows = db.session.execute(
        sa.select(
            Registration.meeting_id,
            GroupMember.participation_id,
            count_where(Registration.response == RegistrationResponse.ATTENDING),
            count_where(Registration.response == RegistrationResponse.NOT_ATTENDING),
        )
        .join(GroupMember, GroupMember.id == Registration.group_member_id)
        .where(
            Registration.meeting_id.in_(meeting_ids),
            GroupMember.participation_id.in_(participation_ids),
        )
        .group_by(Registration.meeting_id, GroupMember.participation_id)
    )
    return {(m, p): (int(a or 0), int(n or 0)) for m, p, a, n in rows}


def _next_meeting_of(participation, coming):
    return next((m for m in coming if meeting_services.is_invited(m, participation)), None)


def group_dashboards(participations, *, statuses, coming, may_approve):
    """A GroupDashboard for each of the user's own groups.

    statuses: {participation id: networks.services.GroupStatus} (the members counted);
    coming: the user's next meetings (meetings.services.next_meetings_for);
    may_approve: participation -> whether the user approves its learning example."""
    active = [p for p in participations if p.status == ParticipationStatus.ACCEPTED]
    ids = [p.id for p in active]
    steps, done, approved = case_steps(ids), checklist_done(ids), approved_ids(ids)
    next_meetings = {p.id: _next_meeting_of(p, coming) for p in active}
    answers = meeting_answers({(m.id, pid) for pid, m in next_meetings.items() if m})
    found = []
    for participation in participations:
        board = GroupDashboard(participation)
        found.append(board)
        if participation.status != ParticipationStatus.ACCEPTED:
            continue
        today = local_today(participation.network)
        board.progress, series = progress.participation_hours(participation, today)
        board.burnup = chart.burnup_svg(
            participation.network,
            [series] if series.points else [],
            today,
            ids=f"burnup-{participation.id}",
            title=_("Gruppens timmar över tid"),
            description=_(
                "Kurvan visar gruppens sammanlagda timmar från nätverkets start. Det skuggade "
                "fältet är målintervallet och den streckade linjen den jämna takten mot det "
                "lägre målet."
            ),
        )
        board.cases = steps.get(participation.id, [])
        board.checklist_done = done.get(participation.id, 0)
        meeting = next_meetings[participation.id]
        if meeting is not None:
            attending, not_attending = answers.get((meeting.id, participation.id), (0, 0))
            members = statuses[participation.id].composition.members
            board.next_meeting = MeetingAnswers(meeting, attending, not_attending, members)
        board.approval_waiting = (
            bool(board.cases) and participation.id not in approved and may_approve(participation)
        )
    return found
