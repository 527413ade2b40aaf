"""The standard programme of a network's model: the 2020 model's four nätverksträffar (one
digital) and a local workshop per accepted organisation, or the 2016 model's three arbetsmöten
in Stockholm and the local workshops as Arbetsmöte 2. Laid out as drafts the leader then edits,
at any time: what is missing is added (the workshop of an organisation accepted later), nothing
is ever added twice."""

from dataclasses import dataclass
from datetime import date, time, timedelta

import sqlalchemy as sa

from network_app.extensions import db
from network_app.meetings.models import Meeting, MeetingKind, MeetingStatus
from network_app.meetings.services import MeetingRuleError, create_meeting, numbers_from
from network_app.meetings.timing import to_utc, zone_of
from network_app.networks.models import Participation, ParticipationStatus, ProgrammeModel

MIN_PERIOD_DAYS = 56


class NotStandard(MeetingRuleError):
    """A custom list has no standard programme to lay out."""


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


def _network_plan(network, labels):
    """[(number, PlannedMeeting)] of the model's numbered meetings, workshops aside."""
    first, second, third, fourth = standard_dates(network.starts_on, network.ends_on)
    if network.programme_model == ProgrammeModel.SKL_2016:
        # Arbetsmöte 2 is the local workshops, in the second slot's weeks.
        return [
            (
                1,
                PlannedMeeting(
                    MeetingKind.NETWORK, labels["first"], first, time(10), time(15), 2, True
                ),
            ),
            (3, PlannedMeeting(MeetingKind.NETWORK, labels["network"], third, time(10), time(16))),
            (4, PlannedMeeting(MeetingKind.NETWORK, labels["last"], fourth, time(10), time(16))),
        ]
    return [
        (
            1,
            PlannedMeeting(
                MeetingKind.NETWORK, labels["first"], first, time(10), time(15), 2, True
            ),
        ),
        (2, PlannedMeeting(MeetingKind.DIGITAL, labels["digital"], second, time(9), time(12))),
        (3, PlannedMeeting(MeetingKind.NETWORK, labels["network"], third, time(10), time(16))),
        (4, PlannedMeeting(MeetingKind.NETWORK, labels["last"], fourth, time(10), time(16))),
    ]


def _workshop_day(network, index, today):
    """Between the second and the third slot, a week apart, on weekdays; a workshop planned late
    (an organisation accepted later) no sooner than two weeks from today."""
    _first, second, third, _fourth = standard_dates(network.starts_on, network.ends_on)
    day = _weekday_on_or_after(second + timedelta(days=14 + 7 * index), allowed=(1, 2, 3))
    day = min(day, third - timedelta(days=1))
    if day < today + timedelta(days=14):
        day = _weekday_on_or_after(today + timedelta(days=14), allowed=(1, 2, 3))
    return max(min(day, network.ends_on), network.starts_on)


def missing_meetings(network, organisations, existing, labels, today):
    """What the standard programme lacks, as [(host or None, PlannedMeeting)]: the numbered
    meetings it has no meeting for (its own numbers, not counting extra meetings), and the
    workshops of organisations without one. Cancelled meetings are there: not laid out again."""
    numbers = numbers_from([m for m in existing if m.status != MeetingStatus.CANCELLED])
    taken = set(numbers.values())
    # A cancelled network meeting holds its place too: the leader cancelled it on purpose.
    cancelled = sum(
        1
        for m in existing
        if m.status == MeetingStatus.CANCELLED and m.kind != MeetingKind.WORKSHOP and not m.extra
    )
    missing = [
        (None, planned) for number, planned in _network_plan(network, labels) if number not in taken
    ]
    missing = missing[cancelled:] if cancelled else missing
    hosts = {m.host_participation_id for m in existing if m.kind == MeetingKind.WORKSHOP}
    workshops = []
    for index, participation in enumerate(organisations):
        if participation.id in hosts:
            continue
        title = labels["workshop"] % {"name": participation.organisation.name}
        day = _workshop_day(network, index, today)
        workshops.append(
            (participation, PlannedMeeting(MeetingKind.WORKSHOP, title, day, time(13), time(16)))
        )
    return missing + workshops


def plan_standard_programme(network, *, labels, now):
    """Add what the standard programme lacks; refused for a custom list or a short period.
    Laying it out again adds nothing."""
    if not network.programme_model.is_standard:
        raise NotStandard(network.id)
    if (network.ends_on - network.starts_on).days < MIN_PERIOD_DAYS:
        raise PeriodTooShort(network.id)
    accepted = db.session.scalars(
        sa.select(Participation).where(
            Participation.network_id == network.id,
            Participation.status == ParticipationStatus.ACCEPTED,
        )
    ).all()
    accepted = sorted(accepted, key=lambda p: p.organisation.name.lower())
    existing = db.session.scalars(sa.select(Meeting).where(Meeting.network_id == network.id)).all()
    zone = zone_of(network.time_zone)
    today = now.astimezone(zone).date()
    return [
        _create(network, planned, host, zone, now)
        for host, planned in missing_meetings(network, accepted, existing, labels, today)
    ]


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
