"""The participant's dashboard: for each own group, where the hours, the case, the checklist and
the next meeting stand, and what waits for the person signed in.

Each figure is read for all the user's groups at once (a participant has one, or a few with
joint participations), so the dashboard makes the same number of queries whatever the data."""

import functools
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from network_app.assignments import services as assignment_services
from network_app.cases import checklist as outline
from network_app.cases import services as case_services
from network_app.cases.models import (
    Case,
    ChecklistItem,
    ItemState,
    ReportApproval,
    SystemChecklist,
)
from network_app.coaching import services as coaching_services
from network_app.db_types import one_of
from network_app.extensions import db
from network_app.hours import chart, progress
from network_app.i18n import gettext as _
from network_app.meetings import services as meeting_services
from network_app.meetings.models import Registration, RegistrationResponse
from network_app.networks import services as network_services
from network_app.networks.models import (
    GroupMember,
    Participation,
    ParticipationStatus,
    Person,
    PersonKind,
)
from network_app.networks.services import local_today
from network_app.plain_rows import plain_rows


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
    # The open assignments, soonest due first (assignments.services.due_by_group rows), and the
    # threads where SKR wrote last (coaching.services.WaitingThread); the page shows a handful.
    assignments_due: list = field(default_factory=list)
    comments_waiting: list = field(default_factory=list)

    @property
    def active(self):
        return self.participation.status == ParticipationStatus.ACCEPTED

    @property
    def waiting(self):
        return self.approval_waiting or self.comments_waiting


# Each statement is built once, with the participations as an expanding parameter: building
# them cost more than running them (bench.profile, the participant's dashboard).


@functools.cache
def _case_steps_query():
    risk, communication = case_services.review_parts()
    return (
        sa.select(
            Case.participation_id,
            Case.id,
            Case.title,
            Case.status,
            Case.decision_expected_on,
            risk,
            communication,
        )
        .where(Case.participation_id.in_(sa.bindparam("ids", expanding=True)))
        .order_by(Case.id)
    )


def case_steps(participation_ids):
    """{participation id: [CaseStep]} in the order the cases were made: one query."""
    if not participation_ids:
        return {}
    found = {}
    for participation_id, *values in plain_rows(
        _case_steps_query(), {"ids": list(participation_ids)}
    ):
        *head, has_risk, has_communication = values
        found.setdefault(participation_id, []).append(
            CaseStep(*head, bool(has_risk), bool(has_communication))
        )
    return found


@functools.cache
def _system_query():
    done = (
        sa.select(sa.func.count(ChecklistItem.id))
        .join(SystemChecklist, SystemChecklist.id == ChecklistItem.checklist_id)
        .where(
            SystemChecklist.participation_id == Participation.id,
            ChecklistItem.state == ItemState.DONE,
            one_of(ChecklistItem.item_key, outline.ITEM_KEYS),
        )
        .scalar_subquery()
    )
    approved = sa.exists().where(
        ReportApproval.participation_id == Participation.id,
        ReportApproval.withdrawn_at.is_(None),
    )
    return sa.select(Participation.id, done, approved).where(
        Participation.id.in_(sa.bindparam("ids", expanding=True))
    )


def system_figures(participation_ids):
    """{participation id: (checklist points done, learning example approved)}, the points
    counted as the goals page counts them (cases.services.network_goals): one query."""
    if not participation_ids:
        return {}
    rows = plain_rows(_system_query(), {"ids": list(participation_ids)})
    return {pid: (int(done or 0), bool(approved)) for pid, done, approved in rows}


def _count_of_members(condition=None):
    """A count over the group's members (correlated with the participation): a participant has
    one group or a few, so each is an index lookup, whatever the number of groups elsewhere.
    The condition is summed, not filtered on: a filter on the people's kind made PostgreSQL scan
    every person."""
    counted = sa.func.count(GroupMember.id)
    if condition is not None:
        counted = sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)
    return (
        sa.select(counted)
        .select_from(GroupMember)
        .join(Person, Person.id == GroupMember.person_id)
        .where(GroupMember.participation_id == Participation.id)
        .scalar_subquery()
    )


@functools.cache
def _own_groups_query():
    _ids, done, approved = _system_query().selected_columns
    return network_services.own_participations_select(sa.bindparam("organisation_id")).add_columns(
        # As networks.services.compositions_select counts them.
        _count_of_members(),
        _count_of_members(Person.kind == PersonKind.ELECTED_OFFICIAL),
        _count_of_members(Person.kind == PersonKind.CIVIL_SERVANT),
        _count_of_members(GroupMember.is_contact),
        done,
        approved,
    )


@dataclass(frozen=True)
class OwnGroups:
    participations: list  # as networks.services.own_participations_select orders them
    statuses: dict  # {participation id: networks.services.GroupStatus}
    system: dict  # {participation id: (checklist points done, learning example approved)}


def own_groups(organisation_id):
    """The organisation's groups (networks.services.own_participations_select) with their members
    counted and their checklist and approval (system_figures), in one query: the dashboard's
    first read."""
    participations, statuses, system = [], {}, {}
    rows = db.session.execute(_own_groups_query(), {"organisation_id": organisation_id})
    for participation, *counts, done, approved in rows:
        participations.append(participation)
        composition = network_services.GroupComposition(*(int(c or 0) for c in counts))
        statuses[participation.id] = network_services.group_status(
            participation.network, composition
        )
        system[participation.id] = (int(done or 0), bool(approved))
    return OwnGroups(participations, statuses, system)


@functools.cache
def _answers_query():
    def count_where(condition):
        return sa.func.sum(sa.case((condition, 1), else_=0))

    return (
        sa.select(
            Registration.meeting_id,
            GroupMember.participation_id,
            count_where(Registration.response == RegistrationResponse.ATTENDING),
            count_where(Registration.response == RegistrationResponse.NOT_ATTENDING),
        )
        .join(GroupMember, GroupMember.id == Registration.group_member_id)
        .where(
            Registration.meeting_id.in_(sa.bindparam("meetings", expanding=True)),
            GroupMember.participation_id.in_(sa.bindparam("ids", expanding=True)),
        )
        .group_by(Registration.meeting_id, GroupMember.participation_id)
    )


def meeting_answers(pairs):
    """{(meeting id, participation id): (attending, not attending)} for the pairs: one query."""
    if not pairs:
        return {}
    rows = plain_rows(
        _answers_query(),
        {"meetings": sorted({m for m, _p in pairs}), "ids": sorted({p for _m, p in pairs})},
    )
    return {(m, p): (int(a or 0), int(n or 0)) for m, p, a, n in rows}


def _next_meeting_of(participation, coming):
    return next((m for m in coming if meeting_services.is_invited(m, participation)), None)


def group_dashboards(participations, *, statuses, coming, may_approve, system=None):
    """A GroupDashboard for each of the user's own groups.

    statuses: {participation id: networks.services.GroupStatus} (the members counted);
    coming: the user's next meetings (meetings.services.next_meetings_for);
    may_approve: participation -> whether the user approves its learning example;
    system: system_figures of the groups when read already (own_groups)."""
    active = [p for p in participations if p.status == ParticipationStatus.ACCEPTED]
    ids = [p.id for p in active]
    steps = case_steps(ids)
    system = system_figures(ids) if system is None else system
    today = {p.id: local_today(p.network) for p in active}
    due = assignment_services.due_by_group(active, today)
    threads = coaching_services.waiting_threads(ids)
    next_meetings = {p.id: _next_meeting_of(p, coming) for p in active}
    answers = meeting_answers({(m.id, pid) for pid, m in next_meetings.items() if m})
    hours = progress.participations_hours(active, today)
    found = []
    for participation in participations:
        board = GroupDashboard(participation)
        found.append(board)
        if participation.status != ParticipationStatus.ACCEPTED:
            continue
        day = today[participation.id]
        board.progress, series = hours[participation.id]
        board.burnup = chart.burnup_svg(
            participation.network,
            [series] if series.points else [],
            day,
            ids=f"burnup-{participation.id}",
            title=_("Gruppens timmar över tid"),
            description=_(
                "Kurvan visar gruppens sammanlagda timmar från nätverkets start. Det skuggade "
                "fältet är målintervallet och den streckade linjen den jämna takten mot det "
                "lägre målet."
            ),
        )
        board.cases = steps.get(participation.id, [])
        board.checklist_done, approved = system.get(participation.id, (0, False))
        meeting = next_meetings[participation.id]
        if meeting is not None:
            attending, not_attending = answers.get((meeting.id, participation.id), (0, 0))
            members = statuses[participation.id].composition.members
            board.next_meeting = MeetingAnswers(meeting, attending, not_attending, members)
        board.approval_waiting = bool(board.cases) and not approved and may_approve(participation)
        board.assignments_due = due[participation.id]
        board.comments_waiting = threads.get(participation.id, [])
    return found
