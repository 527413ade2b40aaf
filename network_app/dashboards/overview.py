"""The leader's overview of a network: every accepted organisation in one row (group rule, hours
against pace, case stage, checklist, Nivå, attendance, approval, last activity), sortable, and
those that need attention first.

One query whatever the number of organisations: the goals page's figures
(cases.services.network_goals_query) with the case stage, the last activity (correlated
subqueries) and the groups' compositions (a grouped subquery joined) added. Sorting is done on
those rows, here."""

import enum
import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from network_app.cases import services as case_services
from network_app.cases.models import Case, CaseStatus, SystemChecklist
from network_app.hours.models import HourWeekTotal
from network_app.hours.progress import ProgressStatus, pace_status
from network_app.networks import services as network_services
from network_app.networks.models import Participation, ParticipationStatus

# An organisation with no entry of hours, no change of a case and no change of its checklist for
# this long, while the network runs, needs attention.
QUIET_DAYS = 30

STAGES = tuple(CaseStatus)  # chosen … evaluated: the order a case goes through


class Attention(enum.StrEnum):
    """Why an organisation needs attention (README "The leader's overview")."""

    GROUP = "group"  # the project group does not meet the network's rule
    BEHIND = "behind"  # its hours are behind the even pace (hours.progress.pace_status)
    QUIET = "quiet"  # nothing logged or changed for QUIET_DAYS days while the network runs

    @property
    def label(self):
        return _LABELS[self]

    @property
    def short_label(self):
        """The table's words (the page explains them above it)."""
        return _SHORT_LABELS[self]


# Made once (lazy: translated when printed), not three new lazy strings at every row's lookup.
_LABELS = {
    Attention.GROUP: _l("Projektgruppen uppfyller inte kraven"),
    Attention.BEHIND: _l("Timmarna ligger efter takten"),
    Attention.QUIET: _l("Ingen aktivitet på %(days)d dagar", days=QUIET_DAYS),
}
_SHORT_LABELS = {
    Attention.GROUP: _l("Gruppen"),
    Attention.BEHIND: _l("Efter takten"),
    Attention.QUIET: _l("Tyst"),
}


@dataclass(frozen=True)
class OverviewRow:
    goals: object  # cases.services.GoalAttainment
    group: object  # networks.services.GroupStatus
    hours_status: ProgressStatus
    stage: CaseStatus | None  # the furthest stage of its cases; None without a case
    last_activity: datetime | None
    attention: tuple  # Attention, in the order of the enum

    @property
    def participation(self):
        return self.goals.participation

    @property
    def name(self):
        return self.participation.organisation.name


@functools.cache
def _overview_query():
    """The goals page's statement (cases.services.network_goals_query) with the furthest case
    stage, the latest changes and the group's composition of each organisation added: the
    whole overview in one query, built once."""
    rank = sa.case({status.value: i for i, status in enumerate(STAGES)}, value=Case.status)
    stage = sa.select(sa.func.max(rank)).where(Case.participation_id == Participation.id)
    latest_case = sa.select(sa.func.max(Case.updated_at)).where(
        Case.participation_id == Participation.id
    )
    # The kept weekly totals hold each week's latest change (hours.totals).
    latest_hours = sa.select(sa.func.max(HourWeekTotal.changed_at)).where(
        HourWeekTotal.participation_id == Participation.id
    )
    groups = network_services.compositions_select(
        sa.select(Participation.id).where(
            Participation.network_id == sa.bindparam("network_id"),
            Participation.status == ParticipationStatus.ACCEPTED,
        )
    ).subquery()
    return (
        case_services.network_goals_query()
        .add_columns(
            stage.scalar_subquery(),
            latest_case.scalar_subquery(),
            latest_hours.scalar_subquery(),
            # The goals' statement joins the organisation's checklist.
            SystemChecklist.updated_at,
            groups.c.members,
            groups.c.elected_officials,
            groups.c.civil_servants,
            groups.c.contacts,
        )
        .outerjoin(groups, groups.c.participation_id == Participation.id)
    )


def _stage_activity_and_group(values):
    """(furthest stage, last activity, GroupComposition) from the overview's added columns."""
    rank_value, *times_and_counts = values
    times = [t for t in times_and_counts[:3] if t is not None]
    return (
        None if rank_value is None else STAGES[int(rank_value)],
        max(times) if times else None,
        network_services.GroupComposition(*(int(n or 0) for n in times_and_counts[3:])),
    )


def _attention(network, group, status, last_activity, today, now):
    reasons = []
    if not group.meets_rules:
        reasons.append(Attention.GROUP)
    if status == ProgressStatus.BEHIND:
        reasons.append(Attention.BEHIND)
    running = network.starts_on <= today <= network.ends_on
    quiet_since = now - timedelta(days=QUIET_DAYS)
    if running and (today - network.starts_on).days >= QUIET_DAYS:
        if last_activity is None or last_activity < quiet_since:
            reasons.append(Attention.QUIET)
    return tuple(reasons)


def network_overview(network, today, now):
    """An OverviewRow for each accepted organisation, by name."""
    goals, extras = case_services.network_goals_with(network, _overview_query())
    rows = []
    for g in goals.rows:
        stage, last, composition = _stage_activity_and_group(extras[g.participation.id])
        group = network_services.group_status(network, composition)
        status = pace_status(g.minutes, network, today)
        reasons = _attention(network, group, status, last, today, now)
        rows.append(OverviewRow(g, group, status, stage, last, reasons))
    return rows


# Sorting: each key's natural order puts what needs work first (fewest hours, oldest activity).

_HOURS_ORDER = (
    ProgressStatus.BEHIND,
    ProgressStatus.ON_TRACK,
    ProgressStatus.TARGET_REACHED,
    ProgressStatus.ABOVE_RANGE,
)

SORT_KEYS = {
    "attention": lambda r: (-len(r.attention), r.name.lower()),
    "name": lambda r: r.name.lower(),
    "group": lambda r: (r.group.meets_rules, r.group.composition.members, r.name.lower()),
    "hours": lambda r: (r.goals.minutes, r.name.lower()),
    "stage": lambda r: (
        r.goals.case_reviewed,
        -1 if r.stage is None else STAGES.index(r.stage),
        r.name.lower(),
    ),
    "checklist": lambda r: (r.goals.checklist_done, r.name.lower()),
    "level": lambda r: (r.goals.responsibility_level or 99, r.name.lower()),
    "attendance": lambda r: (r.goals.meetings_attended, r.name.lower()),
    "approval": lambda r: (r.goals.approved, r.name.lower()),
    "activity": lambda r: (r.last_activity is not None, r.last_activity or 0, r.name.lower()),
}
DEFAULT_SORT = "attention"


def parse_sort(value):
    """(key, descending) from a sort parameter such as 'hours' or '-hours'; the default for
    anything unknown."""
    value = (value or "").strip()
    descending = value.startswith("-")
    key = value.lstrip("-")
    if key not in SORT_KEYS:
        return DEFAULT_SORT, False
    return key, descending


def sorted_rows(rows, key, descending):
    return sorted(rows, key=SORT_KEYS[key], reverse=descending)
