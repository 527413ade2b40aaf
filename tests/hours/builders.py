"""Builders of hour entries for the hours tests."""

from datetime import UTC, date, datetime, timedelta

from network_app.extensions import db
from network_app.hours import entries
from network_app.hours.models import ActivityKind, HourEntry
from network_app.meetings.models import Meeting, MeetingKind, MeetingStatus


def add_entry(
    participation,
    worked_on,
    minutes,
    members=None,
    *,
    activity=ActivityKind.GROUP_MEETING,
    note="",
    by=None,
    today=date(2026, 12, 31),
    case=None,
):
    """An entry logged through the service; without members, the group's first member was there."""
    if members is None:
        members = participation.members[:1]
    values = entries.EntryValues(
        worked_on=worked_on,
        minutes=minutes,
        activity=activity,
        members=list(members),
        note=note,
        case=case,
    )
    return entries.log_entry(participation, values, by=by, today=today)


def add_entry_with_nobody(participation, worked_on, minutes):
    """An entry with nobody present, as stored before the form required a member."""
    entry = HourEntry(
        participation=participation, worked_on=worked_on, minutes=minutes, people_present=0
    )
    entry.activity = ActivityKind.GROUP_MEETING
    db.session.add(entry)
    db.session.flush()
    return entry


def add_meeting(network, starts_at, kind=MeetingKind.NETWORK, status=MeetingStatus.CONFIRMED):
    meeting = Meeting(
        network_id=network.id,
        kind=kind,
        title="Arbetsmöte",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=6),
        status=status,
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def at(year, month, day, hour=9):
    return datetime(year, month, day, hour, tzinfo=UTC)
