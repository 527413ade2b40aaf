"""The standard programme: four network meetings over the network's period and one local
workshop per accepted organisation, laid out in one step as drafts the leader then edits."""

from dataclasses import dataclass
from datetime import date, time, timedelta

import sqlalchemy as sa

from network_app.extensions import db
from network_app.meetings.models import Meeting, MeetingKind, MeetingStatus
from network_app.meetings.services import MeetingRuleError, create_meeting
from network_app.meetings.timing import to_utc, zone_of
from network_app.networks.models import Participation, ParticipationStatus

MIN_PERIOD_DAYS = 56


class ProgrammeExists(MeetingRuleError):
    pass


class PeriodTooShort(MeetingRuleError):
    pass


@dataclass(frozen=True)
class PlannedMeeting:
    kind: MeetingKind
    title: str
    day: date
    starts: time
    ends: time
    days: int = 1
    overnight: bool = False


def _weekday_on_or_after(day, *, allowed=(0, 1, 2, 3)):
    """Monday to Thursday, so that a two-day meeting ends on a weekday too."""
    while day.weekday() not in allowed:
        day += timedelta(days=1)
    return day


def standard_dates(starts_on, ends_on):
    """The four network meetings' first days, spread over the period."""
    span = (ends_on - starts_on).days
    days = [starts_on + timedelta(days=round(span * share)) for share in (0.05, 0.35, 0.65, 0.92)]
    return [min(_weekday_on_or_after(day), ends_on - timedelta(days=1)) for day in days]


def standard_programme(network, organisations, labels):
    """The drafts as values; labels holds the (translated) titles."""
    first, second, third, fourth = standard_dates(network.starts_on, network.ends_on)
    plan = [
        PlannedMeeting(MeetingKind.NETWORK, labels["first"], first, time(10), time(15), 2, True),
        PlannedMeeting(MeetingKind.DIGITAL, labels["digital"], second, time(9), time(12)),
        PlannedMeeting(MeetingKind.NETWORK, labels["network"], third, time(10), time(16)),
        PlannedMeeting(MeetingKind.NETWORK, labels["last"], fourth, time(10), time(16)),
    ]
    workshops = []
    for index, participation in enumerate(organisations):
        # Between the digital meeting and the third one, a week apart, on weekdays.
        day = _weekday_on_or_after(second + timedelta(days=14 + 7 * index), allowed=(1, 2, 3))
        day = min(day, third - timedelta(days=1))
        workshops.append(
            (
                participation,
                PlannedMeeting(
                    MeetingKind.WORKSHOP,
                    labels["workshop"] % {"name": participation.organisation.name},
                    day,
                    time(13),
                    time(16),
                ),
            )
        )
    return plan, workshops


def plan_standard_programme(network, *, labels, now):
    """Create the drafts; refused when the network already has meetings or a short period."""
    if db.session.scalar(
        sa.select(sa.func.count(Meeting.id)).where(Meeting.network_id == network.id)
    ):
        raise ProgrammeExists(network.id)
    if (network.ends_on - network.starts_on).days < MIN_PERIOD_DAYS:
        raise PeriodTooShort(network.id)
    accepted = db.session.scalars(
        sa.select(Participation).where(
            Participation.network_id == network.id,
            Participation.status == ParticipationStatus.ACCEPTED,
        )
    ).all()
    accepted = sorted(accepted, key=lambda p: p.organisation.name.lower())
    plan, workshops = standard_programme(network, accepted, labels)
    zone = zone_of(network.time_zone)
    created = [_create(network, planned, None, zone, now) for planned in plan]
    created += [_create(network, planned, host, zone, now) for host, planned in workshops]
    return created


def _create(network, planned, host, zone, now):
    last_day = planned.day + timedelta(days=planned.days - 1)
    multi_day = planned.days > 1
    return create_meeting(
        network,
        now=now,
        kind=planned.kind,
        title=planned.title,
        starts_at=to_utc(planned.day, planned.starts, zone),
        ends_at=to_utc(last_day, planned.ends, zone),
        place=host.organisation.name if host else "",
        online_url="",
        agenda="",
        status=MeetingStatus.PLANNED,
        host_participation=host,
        has_overnight_stay=planned.overnight,
        day_end_time=time(17) if multi_day else None,
        day_start_time=time(9) if multi_day else None,
    )
