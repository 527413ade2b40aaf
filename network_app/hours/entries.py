"""Work at home: logging, changing and deleting an organisation's entries, each change kept in
the entries' history, and the entries as the hours page and the exports list them."""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from network_app.cases.models import Case
from network_app.db_types import utcnow
from network_app.durations import hours
from network_app.extensions import db
from network_app.hours import exports
from network_app.hours.models import (
    ActivityKind,
    ChangeAction,
    HourEntry,
    HourEntryChange,
    counts_toward_target,
)
from network_app.networks.models import (
    GroupMember,
    Organisation,
    Participation,
    ParticipationStatus,
)

MAX_MINUTES = 12 * 60
STEP_MINUTES = 15

# Refusals: the view shows each next to its field; nothing is stored.


class EntryRefused(Exception):
    field = None


class DateBeforeStart(EntryRefused):
    field = "worked_on"


class DateAfterEnd(EntryRefused):
    field = "worked_on"


class DateInFuture(EntryRefused):
    field = "worked_on"


class InvalidDuration(EntryRefused):
    field = "hours"


class MemberNotInGroup(EntryRefused):
    field = "members"


class NobodyPresent(EntryRefused):
    """An entry counts the group's meeting time: at least one member must have been there."""

    field = "members"


class CaseNotOwn(EntryRefused):
    """The case belongs to another organisation (or another network's participation)."""

    field = "case"


class AssignmentNotOwn(EntryRefused):
    """The assignment is another group's."""

    field = "assignment"


class EntriesReadOnly(EntryRefused):
    """The network is closed, or the organisation is not (or no longer) accepted into it."""


@dataclass
class EntryValues:
    """What a form gives an entry. A new optional field (e.g. the case) is added here, in the
    form and in TRACKED_FIELDS; nothing else needs to change."""

    worked_on: date
    minutes: int
    activity: ActivityKind
    members: list = field(default_factory=list)
    note: str = ""
    case: object = None  # a cases.models.Case of the same participation, or None
    assignment: object = None  # an assignments.models.Assignment of the same group, or None


TRACKED_FIELDS = ("worked_on", "minutes", "activity", "members", "note", "case", "assignment")


def entries_are_open(participation):
    return (
        not participation.network.is_closed and participation.status == ParticipationStatus.ACCEPTED
    )


def refusals(participation, values, *, today):
    """Every refusal that applies to these values, at most one per field. A value the form could
    not read is None and is not checked, so the view shows these beside the form's own errors."""
    network = participation.network
    found = []
    minutes = values.minutes
    if minutes is not None and (
        not isinstance(minutes, int) or not 0 < minutes <= MAX_MINUTES or minutes % STEP_MINUTES
    ):
        found.append(InvalidDuration())
    day = values.worked_on
    if day is not None:
        if day < network.starts_on:
            found.append(DateBeforeStart())
        elif day > today:
            found.append(DateInFuture())
        elif day > network.ends_on:
            found.append(DateAfterEnd())
    if values.members is not None:
        if any(member.participation_id != participation.id for member in values.members):
            found.append(MemberNotInGroup())
        elif not values.members:
            found.append(NobodyPresent())
    if values.case is not None and values.case.participation_id != participation.id:
        found.append(CaseNotOwn())
    if values.assignment is not None and values.assignment.participation_id != participation.id:
        found.append(AssignmentNotOwn())
    return found


def check_values(participation, values, *, today):
    """Raise the first refusal that applies to these values."""
    if not entries_are_open(participation):
        raise EntriesReadOnly()
    if found := refusals(participation, values, today=today):
        raise found[0]


def _snapshot(entry):
    """An entry's tracked values as plain JSON, for the history."""
    return {
        "worked_on": entry.worked_on.isoformat(),
        "minutes": entry.minutes,
        "activity": str(entry.activity),
        "members": sorted(member.person.name for member in entry.members),
        "note": entry.note or "",
        # The title as it was, so the history still reads after the case is renamed or deleted.
        "case": entry.case.title if entry.case is not None else None,
        "assignment": entry.assignment.title if entry.assignment is not None else None,
    }


def _record(entry, action, before, after, *, by, now):
    changes = {
        name: [before.get(name), after.get(name)]
        for name in TRACKED_FIELDS
        if before.get(name) != after.get(name)
    }
    db.session.add(
        HourEntryChange(
            participation_id=entry.participation_id,
            hour_entry_id=entry.id,
            action=action,
            changes=changes,
            changed_by_id=by.id if by is not None else None,
            changed_at=now,
        )
    )


def _apply(entry, values):
    entry.worked_on = values.worked_on
    entry.minutes = values.minutes
    entry.activity = ActivityKind(values.activity)
    entry.note = values.note or ""
    entry.members = list(values.members)
    entry.people_present = len(entry.members)
    entry.case = values.case
    entry.assignment = values.assignment


def log_entry(participation, values, *, by, today, now=None):
    """A new entry for the organisation, with its 'created' line in the history."""
    check_values(participation, values, today=today)
    now = now or utcnow()
    entry = HourEntry(participation=participation, created_by_id=by.id if by else None)
    _apply(entry, values)
    entry.created_at = entry.updated_at = now
    db.session.add(entry)
    db.session.flush()
    _record(entry, ChangeAction.CREATED, {}, _snapshot(entry), by=by, now=now)
    db.session.flush()
    return entry


def update_entry(entry, values, *, by, today, now=None):
    check_values(entry.participation, values, today=today)
    now = now or utcnow()
    before = _snapshot(entry)
    _apply(entry, values)
    after = _snapshot(entry)
    if before != after:
        entry.updated_at = now
        _record(entry, ChangeAction.UPDATED, before, after, by=by, now=now)
    db.session.flush()
    return entry


def delete_entry(entry, *, by, now=None):
    if not entries_are_open(entry.participation):
        raise EntriesReadOnly()
    _record(entry, ChangeAction.DELETED, _snapshot(entry), {}, by=by, now=now or utcnow())
    db.session.delete(entry)
    db.session.flush()


def entry_history(participation):
    """Every change to the organisation's entries, newest first, with who made it."""
    return db.session.scalars(
        sa.select(HourEntryChange)
        .where(HourEntryChange.participation_id == participation.id)
        .options(joinedload(HourEntryChange.changed_by))
        .order_by(HourEntryChange.changed_at.desc(), HourEntryChange.id.desc())
    ).all()


def entries(participation):
    """The organisation's entries, newest first, with their members in one more query."""
    return db.session.scalars(
        sa.select(HourEntry)
        .where(HourEntry.participation_id == participation.id)
        .options(
            selectinload(HourEntry.members).joinedload(GroupMember.person),
            joinedload(HourEntry.case),
        )
        .order_by(HourEntry.worked_on.desc(), HourEntry.id.desc())
    ).all()


# Exports


def _export_rows(*conditions):
    """The entries with their organisation's name and their case's title, in one query,
    ordered for reading; only those that count (someone present), so that the rows add up to
    the totals beneath them."""
    result = db.session.execute(
        sa.select(
            Organisation.name,
            HourEntry.worked_on,
            HourEntry.activity,
            HourEntry.minutes,
            HourEntry.people_present,
            HourEntry.note,
            Case.title,
        )
        .join(Participation, Participation.id == HourEntry.participation_id)
        .join(Organisation, Organisation.id == Participation.organisation_id)
        .outerjoin(Case, Case.id == HourEntry.case_id)
        .where(*conditions, counts_toward_target())
        .order_by(Organisation.name, HourEntry.worked_on, HourEntry.id)
    )
    return [
        exports.ExportRow(
            organisation=name,
            worked_on=worked_on,
            activity=str(ActivityKind(activity).label),
            hours=hours(minutes),
            people_present=people,
            person_hours=hours(minutes * people),
            note=note,
            case=case_title or "",
        )
        for name, worked_on, activity, minutes, people, note, case_title in result
    ]


def export_rows(participation):
    """The organisation's entries as the CSV and XLSX exports list them."""
    return _export_rows(HourEntry.participation_id == participation.id)


def network_export_rows(network):
    """The entries of every organisation accepted into the network, for the exports."""
    return _export_rows(
        Participation.network_id == network.id,
        Participation.status == ParticipationStatus.ACCEPTED,
    )
