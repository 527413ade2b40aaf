"""Assignments: recording them for one group or every group, the group's status report, and the
lists each page reads (each one bounded query; counts in SQL)."""

import functools
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from network_app.assignments.models import Assignment, AssignmentStatus
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.hours.models import HourEntry
from network_app.meetings.models import Meeting
from network_app.meetings.timing import to_local, zone_of
from network_app.networks.models import Participation


class AssignmentRefused(Exception):
    field = None


class DueBeforeMeeting(AssignmentRefused):
    """The due meeting or date comes before the meeting the assignment was agreed at."""

    field = "due_on"


class DueMeetingBeforeMeeting(DueBeforeMeeting):
    field = "due_meeting"


class NotThisNetwork(AssignmentRefused):
    """A meeting or group of another network (the form's choices prevent it; a crafted id)."""

    field = "participation"


@dataclass
class AssignmentValues:
    title: str
    description: str
    agreed_at_meeting: Meeting | None
    due_meeting: Meeting | None
    due_on: date | None


def meeting_day(meeting, zone):
    return to_local(meeting.starts_at, zone).date()


def due_day(assignment, zone):
    """The date the assignment is due: its date, else its due meeting's local date, else None."""
    if assignment.due_on is not None:
        return assignment.due_on
    if assignment.due_meeting is not None:
        return meeting_day(assignment.due_meeting, zone)
    return None


def is_overdue(assignment, zone, today):
    day = due_day(assignment, zone)
    return assignment.status != AssignmentStatus.DONE and day is not None and day < today


def _check(network, participations, values):
    zone = zone_of(network.time_zone)
    for meeting in (values.agreed_at_meeting, values.due_meeting):
        if meeting is not None and meeting.network_id != network.id:
            raise NotThisNetwork()
    if any(p.network_id != network.id for p in participations):
        raise NotThisNetwork()
    agreed = values.agreed_at_meeting
    if agreed is None:
        return
    if values.due_meeting is not None and values.due_meeting.starts_at <= agreed.starts_at:
        raise DueMeetingBeforeMeeting()
    if values.due_on is not None and values.due_on < meeting_day(agreed, zone):
        raise DueBeforeMeeting()


def record_assignments(network, participations, values, *, by):
    """One assignment per group (a list of one for a single group). Nothing is added on a
    refusal."""
    _check(network, participations, values)
    now = utcnow()
    added = [
        Assignment(
            network_id=network.id,
            participation_id=participation.id,
            title=values.title.strip(),
            description=values.description.strip(),
            agreed_at_meeting=values.agreed_at_meeting,
            due_meeting=values.due_meeting,
            due_on=values.due_on,
            created_by_id=by.id if by is not None else None,
            created_at=now,
            updated_at=now,
        )
        for participation in participations
    ]
    db.session.add_all(added)
    db.session.flush()
    return added


def change_assignment(assignment, values):
    """The leader's correction of what was agreed: the same checks as when it was recorded.
    The group's status and report stay. Nothing changes on a refusal."""
    participation = assignment.participation
    _check(participation.network, [participation], values)
    assignment.title = values.title.strip()
    assignment.description = values.description.strip()
    assignment.agreed_at_meeting = values.agreed_at_meeting
    assignment.due_meeting = values.due_meeting
    assignment.due_on = values.due_on
    assignment.updated_at = utcnow()
    db.session.flush()


def linked_hour_entries(assignment):
    """How many of the group's hour entries name the assignment (they stay when it goes)."""
    return db.session.scalar(
        sa.select(sa.func.count(HourEntry.id)).where(HourEntry.assignment_id == assignment.id)
    )


def delete_assignment(assignment):
    """Gone with the group's status and report (the leader confirms it first)."""
    db.session.delete(assignment)
    db.session.flush()


def report_status(assignment, status, report):
    """The group's status and short report (the form limits its length)."""
    assignment.status = AssignmentStatus(status)
    assignment.report = (report or "").strip()
    assignment.updated_at = utcnow()


def _with_meetings(query):
    return query.options(
        joinedload(Assignment.agreed_at_meeting), joinedload(Assignment.due_meeting)
    )


def assignments_of(participation):
    """The group's assignments, newest agreement first (one query)."""
    query = _with_meetings(
        sa.select(Assignment).where(Assignment.participation_id == participation.id)
    ).order_by(Assignment.created_at.desc(), Assignment.id.desc())
    return db.session.scalars(query).unique().all()


def assignments_due(participation, today):
    """The group's open assignments, the soonest due first (see due_by_group)."""
    return due_by_group([participation], {participation.id: today})[participation.id]


@functools.cache
def _open_query():
    return _with_meetings(
        sa.select(Assignment).where(
            Assignment.participation_id.in_(sa.bindparam("ids", expanding=True)),
            Assignment.status != AssignmentStatus.DONE,
        )
    ).order_by(Assignment.id)


def due_by_group(participations, today):
    """{participation id: rows} of each group's open assignments (not done), the soonest due
    first and those without a due day last, each row with its due day and whether it is overdue
    on the group's `today` ({participation id: the network's local date}): the dashboard's
    lists, one query for every group."""
    found = {p.id: [] for p in participations}
    if not found:
        return found
    zones = {p.id: zone_of(p.network.time_zone) for p in participations}
    for a in db.session.scalars(_open_query(), {"ids": list(found)}).unique():
        zone, day = zones[a.participation_id], today[a.participation_id]
        found[a.participation_id].append(
            {"assignment": a, "due": due_day(a, zone), "overdue": is_overdue(a, zone, day)}
        )
    for rows in found.values():
        rows.sort(key=_soonest_first)
    return found


def _soonest_first(row):
    return (row["due"] is None, row["due"] or date.min, row["assignment"].id)


def network_assignments(network, today):
    """Every assignment of the network with its group, by organisation then agreement, each
    marked overdue or not (one query)."""
    zone = zone_of(network.time_zone)
    query = _with_meetings(
        sa.select(Assignment)
        .join(Participation, Participation.id == Assignment.participation_id)
        .where(Assignment.network_id == network.id)
        .options(joinedload(Assignment.participation).joinedload(Participation.organisation))
    ).order_by(Assignment.participation_id, Assignment.created_at, Assignment.id)
    rows = [
        {"assignment": a, "due": due_day(a, zone), "overdue": is_overdue(a, zone, today)}
        for a in db.session.scalars(query).unique()
    ]
    return sorted(
        rows,
        key=lambda row: (
            row["assignment"].participation.organisation.name.lower(),
            row["assignment"].created_at,
            row["assignment"].id,
        ),
    )


@functools.cache
def _due_at_meeting_query():
    return (
        sa.select(Assignment)
        .where(Assignment.due_meeting_id == sa.bindparam("meeting"))
        .options(joinedload(Assignment.participation).joinedload(Participation.organisation))
        .order_by(Assignment.participation_id, Assignment.id)
    )


def due_at_meeting(meeting):
    """The assignments due at a meeting, with their groups: the meeting's follow-up (one query,
    its statement built once)."""
    return db.session.scalars(_due_at_meeting_query(), {"meeting": meeting.id}).unique().all()


def status_counts(network):
    """{participation_id: {status: count}} for the network, counted in SQL."""
    query = (
        sa.select(Assignment.participation_id, Assignment.status, sa.func.count(Assignment.id))
        .where(Assignment.network_id == network.id)
        .group_by(Assignment.participation_id, Assignment.status)
    )
    counts = {}
    for participation_id, status, count in db.session.execute(query):
        counts.setdefault(participation_id, {})[AssignmentStatus(status)] = count
    return counts


def assignments_for_report(participation_ids):
    """Each group's assignments with what came of them, for the Word reports (one query)."""
    if not participation_ids:
        return {}
    query = (
        sa.select(Assignment)
        .where(Assignment.participation_id.in_(participation_ids))
        .options(selectinload(Assignment.agreed_at_meeting))
        .order_by(Assignment.participation_id, Assignment.created_at, Assignment.id)
    )
    grouped = {}
    for assignment in db.session.scalars(query):
        grouped.setdefault(assignment.participation_id, []).append(assignment)
    return grouped
