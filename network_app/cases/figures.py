"""Hours and meeting figures for goal attainment and the reports, each behind one function.

Every function here is marked "replace with hours/meetings services on merge": the hours and
meetings packages own these figures; until they land, these are the same sums in SQL on the shared
HourEntry, Meeting and Registration models.
"""

import calendar
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from network_app.extensions import db
from network_app.hours.models import ActivityKind, HourEntry
from network_app.meetings.models import Meeting, MeetingKind, MeetingStatus, Registration
from network_app.networks.models import GroupMember, Participation


@dataclass(frozen=True)
class HoursFigure:
    minutes: int
    person_minutes: int


@dataclass(frozen=True)
class PeriodHours:
    label: str
    starts_on: date
    ends_on: date
    minutes: int
    person_minutes: int


def _minute_sums():
    return (
        sa.func.coalesce(sa.func.sum(HourEntry.minutes), 0),
        sa.func.coalesce(sa.func.sum(HourEntry.minutes * HourEntry.people_present), 0),
    )


# replace with hours/meetings services on merge: hours.services.network_progress
def hours_by_participation(network):
    """{participation id: HoursFigure} for every participation of the network that logged hours."""
    rows = db.session.execute(
        sa.select(HourEntry.participation_id, *_minute_sums())
        .join(Participation, Participation.id == HourEntry.participation_id)
        .where(Participation.network_id == network.id)
        .group_by(HourEntry.participation_id)
    )
    return {pid: HoursFigure(int(m), int(pm)) for pid, m, pm in rows}


# replace with hours/meetings services on merge: hours.services.hours_by_activity
def hours_by_activity(participation):
    """[(ActivityKind, minutes, person-minutes)] in the enum's order, activities with hours only."""
    rows = db.session.execute(
        sa.select(HourEntry.activity, *_minute_sums())
        .where(HourEntry.participation_id == participation.id)
        .group_by(HourEntry.activity)
    ).all()
    found = {ActivityKind(activity): (int(m), int(pm)) for activity, m, pm in rows}
    return [(kind, *found[kind]) for kind in ActivityKind if kind in found]


# replace with hours/meetings services on merge: hours.services.hours_by_period
def hours_by_period(participation):
    """Hours per calendar month with entries, oldest first."""
    year = sa.extract("year", HourEntry.worked_on)
    month = sa.extract("month", HourEntry.worked_on)
    rows = db.session.execute(
        sa.select(year, month, *_minute_sums())
        .where(HourEntry.participation_id == participation.id)
        .group_by(year, month)
        .order_by(year, month)
    ).all()
    periods = []
    for y, m, minutes, person_minutes in rows:
        y, m = int(y), int(m)
        ends_on = date(y, m, calendar.monthrange(y, m)[1])
        periods.append(
            PeriodHours(f"{y}-{m:02d}", date(y, m, 1), ends_on, int(minutes), int(person_minutes))
        )
    return periods


# replace with hours/meetings services on merge: meetings.services.network_meetings
def network_meetings(network):
    """The network's meetings that were not cancelled, in time order."""
    return db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.network_id == network.id, Meeting.status != MeetingStatus.CANCELLED)
        .order_by(Meeting.starts_at)
    ).all()


# replace with hours/meetings services on merge: meetings.services.network_meetings_attended
def network_meetings_attended(network):
    """{participation id: network meetings (on site or digital) at least one member attended}."""
    rows = db.session.execute(
        sa.select(GroupMember.participation_id, sa.func.count(sa.distinct(Meeting.id)))
        .join(Registration, Registration.group_member_id == GroupMember.id)
        .join(Meeting, Meeting.id == Registration.meeting_id)
        .where(
            Meeting.network_id == network.id,
            Meeting.kind.in_([MeetingKind.NETWORK, MeetingKind.DIGITAL]),
            Meeting.status != MeetingStatus.CANCELLED,
            Registration.attended.is_(True),
        )
        .group_by(GroupMember.participation_id)
    )
    return dict(rows.all())
