"""Work at home measured: each organisation's hours against the network's target and pace,
by activity and by period between the network meetings, and the network's burn-up series.
Every sum is computed in SQL; figures other packages read are in minutes."""

import enum
import functools
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from network_app.durations import CENT, hours
from network_app.extensions import db
from network_app.hours.models import ActivityKind, HourEntry, HourWeekTotal, counts_toward_target
from network_app.meetings import words
from network_app.meetings.services import programme_meetings
from network_app.networks.models import Organisation, Participation, ParticipationStatus
from network_app.plain_rows import plain_rows

# While a network runs, an organisation counts as behind only when it lags the even pace by more
# than this share of the lower target (3 of 30 hours: about one group meeting), so that groups
# meeting every few weeks are not flagged between meetings. Once the network has ended, there is
# no time left to catch up and the grace is gone.
PACE_GRACE_SHARE = Decimal("0.10")


class ProgressStatus(enum.StrEnum):
    BEHIND = "behind"
    ON_TRACK = "on_track"
    TARGET_REACHED = "target_reached"
    ABOVE_RANGE = "above_range"

    @property
    def label(self):
        return {
            ProgressStatus.BEHIND: _l("Efter takten"),
            ProgressStatus.ON_TRACK: _l("I takt"),
            ProgressStatus.TARGET_REACHED: _l("Målet är nått"),
            ProgressStatus.ABOVE_RANGE: _l("Över målintervallet"),
        }[self]


# Progress and pace


@dataclass(frozen=True)
class OrganisationProgress:
    participation_id: int
    organisation_name: str
    hours: Decimal
    person_hours: Decimal
    target_low: int
    target_high: int
    expected_by_today: Decimal
    status: ProgressStatus

    @property
    def behind(self):
        return self.status == ProgressStatus.BEHIND


def elapsed_days(network, today):
    """Days of the network's period passed by the end of today, clamped to the period."""
    total = (network.ends_on - network.starts_on).days + 1
    return max(0, min(total, (today - network.starts_on).days + 1)), total


def expected_minutes(network, today):
    """The lower target spread evenly over the period: what is due by the end of today."""
    elapsed, total = elapsed_days(network, today)
    return Decimal(network.target_hours_min * 60 * elapsed) / total


def pace_status(logged_minutes, network, today):
    """Above the range > target reached (within it) > on track > behind (see PACE_GRACE_SHARE)."""
    if logged_minutes > network.target_hours_max * 60:
        return ProgressStatus.ABOVE_RANGE
    if logged_minutes >= network.target_hours_min * 60:
        return ProgressStatus.TARGET_REACHED
    grace = network.target_hours_min * 60 * PACE_GRACE_SHARE if today < network.ends_on else 0
    if logged_minutes < expected_minutes(network, today) - grace:
        return ProgressStatus.BEHIND
    return ProgressStatus.ON_TRACK


def _progress_rows(*conditions):
    """(participation id, organisation name, minutes, person-minutes) of the participations that
    meet the conditions, by organisation name."""
    chosen = sa.select(Participation.id).where(*conditions)
    # Summed before the join and only for the chosen participations: a database cannot push the
    # outer condition into the grouping, and would sum every network's entries.
    sums = (
        sa.select(
            HourEntry.participation_id,
            sa.func.sum(HourEntry.minutes).label("minutes"),
            sa.func.sum(HourEntry.minutes * HourEntry.people_present).label("person_minutes"),
        )
        .where(HourEntry.participation_id.in_(chosen), counts_toward_target())
        .group_by(HourEntry.participation_id)
        .subquery()
    )
    return db.session.execute(
        sa.select(
            Participation.id,
            Organisation.name,
            sa.func.coalesce(sums.c.minutes, 0),
            sa.func.coalesce(sums.c.person_minutes, 0),
        )
        .join(Organisation, Organisation.id == Participation.organisation_id)
        .outerjoin(sums, sums.c.participation_id == Participation.id)
        .where(*conditions)
        .order_by(Organisation.name, Participation.id)
    ).all()


def _progress(network, today, participation_id, name, minutes, person_minutes):
    return OrganisationProgress(
        participation_id=participation_id,
        organisation_name=name,
        hours=hours(minutes),
        person_hours=hours(person_minutes),
        target_low=network.target_hours_min,
        target_high=network.target_hours_max,
        expected_by_today=(expected_minutes(network, today) / 60).quantize(CENT, ROUND_HALF_UP),
        status=pace_status(int(minutes), network, today),
    )


def _accepted_in(network):
    return (
        Participation.network_id == network.id,
        Participation.status == ParticipationStatus.ACCEPTED,
    )


def network_progress(network, today):
    """One row per accepted organisation of the network, in one query whatever their number."""
    return [_progress(network, today, *row) for row in _progress_rows(*_accepted_in(network))]


def participation_progress(participation, today):
    """The same figures for one organisation, whatever its participation status."""
    (row,) = _progress_rows(Participation.id == participation.id)
    return _progress(participation.network, today, *row)


@dataclass(frozen=True)
class ActivityHours:
    activity: ActivityKind
    minutes: int
    person_minutes: int

    @property
    def hours(self):
        return hours(self.minutes)

    @property
    def person_hours(self):
        return hours(self.person_minutes)


def hours_by_activity(participation):
    """ActivityHours of each activity with entries, in the form's order."""
    return hours_by_activity_of([participation.id]).get(participation.id, [])


def hours_by_activity_of(participation_ids):
    """{participation id: hours_by_activity} for many participations in one grouped query;
    participations without entries are left out."""
    rows = db.session.execute(
        sa.select(
            HourEntry.participation_id,
            HourEntry.activity,
            sa.func.sum(HourEntry.minutes),
            sa.func.sum(HourEntry.minutes * HourEntry.people_present),
        )
        .where(HourEntry.participation_id.in_(participation_ids), counts_toward_target())
        .group_by(HourEntry.participation_id, HourEntry.activity)
    ).all()
    found = {}
    for participation_id, kind, m, pm in rows:
        found.setdefault(participation_id, {})[ActivityKind(kind)] = (int(m), int(pm))
    return {
        participation_id: [
            ActivityHours(kind, *sums[kind]) for kind in ActivityKind if kind in sums
        ]
        for participation_id, sums in found.items()
    }


@dataclass(frozen=True)
class PeriodHours:
    label: str
    starts_on: date
    ends_on: date
    minutes: int
    person_minutes: int

    @property
    def hours(self):
        return hours(self.minutes)

    @property
    def person_hours(self):
        return hours(self.person_minutes)


def meeting_dates(network):
    """The first days of the programme's meetings, in order, with their numbers."""
    zone = ZoneInfo(network.time_zone)
    return sorted(
        (
            (number, meeting.starts_at.astimezone(zone).date())
            for number, meeting in programme_meetings(network)
        ),
        key=lambda item: item[1],
    )


def hours_by_period(participation):
    """Hours in each period between network meetings; work on a meeting's day counts after it."""
    return hours_by_period_of(participation.network, [participation.id])[participation.id]


def hours_by_period_of(network, participation_ids):
    """{participation id: hours_by_period} for participations of one network: two queries
    (the meeting dates, then the sums grouped by participation and period) however many."""
    numbered = meeting_dates(network)
    dates = [day for _number, day in numbered]
    bucket = (
        sa.case(
            *[(HourEntry.worked_on < day, index) for index, day in enumerate(dates)],
            else_=len(dates),
        )
        if dates
        else sa.literal(0)
    )
    # Grouping in an outer query on the labelled column: PostgreSQL does not see two renderings
    # of a CASE with bound dates as the same expression.
    inner = (
        sa.select(
            HourEntry.participation_id.label("participation_id"),
            bucket.label("period"),
            HourEntry.minutes.label("minutes"),
            (HourEntry.minutes * HourEntry.people_present).label("person_minutes"),
        )
        .where(HourEntry.participation_id.in_(participation_ids), counts_toward_target())
        .subquery()
    )
    rows = db.session.execute(
        sa.select(
            inner.c.participation_id,
            inner.c.period,
            sa.func.sum(inner.c.minutes),
            sa.func.sum(inner.c.person_minutes),
        ).group_by(inner.c.participation_id, inner.c.period)
    ).all()
    found = {}
    for participation_id, period, m, pm in rows:
        found.setdefault(participation_id, {})[int(period)] = (int(m), int(pm))
    starts = [network.starts_on, *dates]
    ends = [*(day - timedelta(days=1) for day in dates), network.ends_on]
    labels = words.period_labels(network.programme_model, [number for number, _day in numbered])
    none = (0, 0)
    return {
        participation_id: [
            PeriodHours(label, starts[i], ends[i], *found.get(participation_id, {}).get(i, none))
            for i, label in enumerate(labels)
        ]
        for participation_id in participation_ids
    }


@dataclass(frozen=True)
class CumulativeSeries:
    participation_id: int
    organisation_name: str
    points: tuple  # ((date, hours so far), ...) at the last day with entries of each week, in order


# Built once, with the network as a parameter: building the statement took a tenth of the
# progress page's time.
@functools.cache
def _weekly_sums_query(one=False):
    """The network's accepted organisations, or (one) the participations given as a parameter,
    with their kept weekly totals (models.HourWeekTotal) of the weeks with counted entries."""
    if one:
        conditions = (Participation.id.in_(sa.bindparam("participation_ids", expanding=True)),)
    else:
        conditions = (
            Participation.network_id == sa.bindparam("network_id"),
            Participation.status == ParticipationStatus.ACCEPTED,
        )
    return (
        sa.select(
            Participation.id,
            Organisation.name,
            HourWeekTotal.worked_on,
            HourWeekTotal.minutes,
            HourWeekTotal.person_minutes,
        )
        .join(Organisation, Organisation.id == Participation.organisation_id)
        .outerjoin(
            HourWeekTotal,
            sa.and_(
                HourWeekTotal.participation_id == Participation.id,
                HourWeekTotal.worked_on.is_not(None),
            ),
        )
        .where(*conditions)
        .order_by(Organisation.name, Participation.id, HourWeekTotal.worked_on)
    )


def _series_and_totals(network, participations=None):
    """[(CumulativeSeries, minutes, person-minutes)] of each accepted organisation, by name.

    The entries are kept summed by week (hours.totals); the running totals add up those weekly
    sums here (at most 53 an organisation; a window function over them cost the database more
    than the grouping itself), and an organisation's totals are its last running totals."""
    parameters = {"network_id": network.id if network is not None else None}
    if participations is not None:
        parameters = {"participation_ids": [p.id for p in participations]}
    rows = plain_rows(_weekly_sums_query(participations is not None), parameters).all()
    found = {}
    for participation_id, name, worked_on, minutes, person_minutes in rows:
        entry = found.setdefault(participation_id, [name, [], 0, 0])
        if worked_on is not None:  # the outer join's row of an organisation without entries
            entry[2] += minutes
            entry[3] += person_minutes
            entry[1].append((worked_on, hours(entry[2])))
    return [
        (CumulativeSeries(pid, name, tuple(points)), minutes, person_minutes)
        for pid, (name, points, minutes, person_minutes) in found.items()
    ]


@dataclass(frozen=True)
class NetworkHours:
    rows: list  # OrganisationProgress of each accepted organisation, by name
    # CumulativeSeries of the same organisations, in the same order: each one's running total at
    # the last day with entries of each week. Weekly, because a point per day with entries made
    # the progress page fetch and draw 2,500 points per network at SKR's scale (bench/run.py),
    # with no difference a reader can see.
    series: list


def network_hours(network, today):
    """The network progress page's figures: the rows of network_progress and the burn-up's
    series from one query over the weekly sums, so that the network's entries are read once."""
    found = _series_and_totals(network)
    return NetworkHours(
        rows=[
            _progress(network, today, s.participation_id, s.organisation_name, m, pm)
            for s, m, pm in found
        ],
        series=[s for s, _m, _pm in found],
    )


def participations_hours(participations, today):
    """{participation id: (progress, burn-up series)} of several groups, each in its own network
    and by its network's local date (today: {participation id: date}): the participant's
    dashboard, in one query however many groups."""
    if not participations:
        return {}
    by_id = {p.id: p for p in participations}
    found = {}
    for series, minutes, person_minutes in _series_and_totals(None, participations):
        participation = by_id[series.participation_id]
        found[participation.id] = (
            _progress(
                participation.network,
                today[participation.id],
                participation.id,
                series.organisation_name,
                minutes,
                person_minutes,
            ),
            series,
        )
    return found
