"""Hours and meeting figures for the reports, in minutes.

The hours and meetings packages own these figures; this module adapts them to the reports' whole
minutes and adds the meeting timeline only the reports need. (Goal attainment sums its figures in
its own single query: cases.services.network_goals.)
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from network_app.extensions import db
from network_app.hours import progress as hour_services
from network_app.meetings.models import Meeting, MeetingStatus


@dataclass(frozen=True)
class PeriodHours:
    label: str
    starts_on: date
    ends_on: date
    minutes: int
    person_minutes: int


def hours_by_activity(participation_ids):
    """{participation id: [(ActivityKind, minutes, person-minutes)]} in the form's order,
    activities with hours only; one grouped query for all of them."""
    return {
        participation_id: [(a.activity, a.minutes, a.person_minutes) for a in activities]
        for participation_id, activities in hour_services.hours_by_activity_of(
            participation_ids
        ).items()
    }


def hours_by_period(network, participation_ids):
    """{participation id: minutes in each period between the network meetings (before 1,
    between 1 and 2, ...)}, every participation given; two queries for all of them."""
    return {
        participation_id: [
            PeriodHours(str(p.label), p.starts_on, p.ends_on, p.minutes, p.person_minutes)
            for p in periods
        ]
        for participation_id, periods in hour_services.hours_by_period_of(
            network, participation_ids
        ).items()
    }


def meeting_timeline(network):
    """Every meeting of the network that was not cancelled, workshops included, in time order."""
    return db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.network_id == network.id, Meeting.status != MeetingStatus.CANCELLED)
        .order_by(Meeting.starts_at)
    ).all()
