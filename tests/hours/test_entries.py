"""Logging, changing and deleting entries: the refusals store nothing, the history keeps every
change."""

from datetime import date

import pytest

from network_app.extensions import db
from network_app.hours import entries as services
from network_app.hours.models import ActivityKind, ChangeAction, HourEntry, HourEntryChange
from network_app.networks.models import ParticipationStatus
from tests.hours.builders import add_entry, at

# Refusals


def _values(members=None, **overrides):
    values = {"worked_on": date(2026, 3, 1), "minutes": 60, "activity": ActivityKind.OTHER}
    values.update(overrides)
    return services.EntryValues(**values, members=members if members is not None else [_OLLE])


_OLLE = None


@pytest.fixture(autouse=True)
def _olle(world):
    """The default member present in _values: the own group's first member."""
    global _OLLE
    _OLLE = world.own.members[0]
    yield
    _OLLE = None


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"worked_on": date(2025, 12, 31)}, services.DateBeforeStart),
        ({"worked_on": date(2026, 3, 2)}, services.DateInFuture),
        ({"minutes": 0}, services.InvalidDuration),
        ({"minutes": -15}, services.InvalidDuration),
        ({"minutes": 50}, services.InvalidDuration),
        ({"minutes": 735}, services.InvalidDuration),
    ],
)
def test_refused_values_store_nothing(world, overrides, error):
    with pytest.raises(error):
        services.log_entry(
            world.own, _values(**overrides), by=world.participant, today=date(2026, 3, 1)
        )
    assert db.session.query(HourEntry).count() == 0
    assert db.session.query(HourEntryChange).count() == 0


def test_an_entry_with_nobody_present_is_refused_and_stores_nothing(world):
    with pytest.raises(services.NobodyPresent):
        services.log_entry(world.own, _values(members=[]), by=None, today=date(2026, 3, 1))
    assert db.session.query(HourEntry).count() == 0


def test_every_refusal_at_once(world):
    """13 hours on a future day with nobody present: three refusals, one per field."""
    found = services.refusals(
        world.own,
        _values(minutes=13 * 60, worked_on=date(2026, 3, 5), members=[]),
        today=date(2026, 3, 1),
    )
    assert [type(r) for r in found] == [
        services.InvalidDuration,
        services.DateInFuture,
        services.NobodyPresent,
    ]


def test_twelve_hours_is_the_most_accepted(world):
    entry = services.log_entry(world.own, _values(minutes=720), by=None, today=date(2026, 3, 1))
    assert entry.minutes == 720


def test_member_of_another_group_is_refused(world):
    stranger = world.other.members[0]
    with pytest.raises(services.MemberNotInGroup):
        services.log_entry(world.own, _values(members=[stranger]), by=None, today=date(2026, 3, 1))
    assert db.session.query(HourEntry).count() == 0


def test_closed_network_entries_are_read_only(world):
    entry = add_entry(world.own, date(2026, 3, 1), 60)
    world.network.closed_at = at(2026, 11, 1)
    with pytest.raises(services.EntriesReadOnly):
        services.log_entry(world.own, _values(), by=None, today=date(2026, 3, 1))
    with pytest.raises(services.EntriesReadOnly):
        services.update_entry(entry, _values(minutes=30), by=None, today=date(2026, 3, 1))
    with pytest.raises(services.EntriesReadOnly):
        services.delete_entry(entry, by=None)


def test_withdrawn_organisation_cannot_log(world):
    world.own.status = ParticipationStatus.WITHDRAWN
    with pytest.raises(services.EntriesReadOnly):
        services.log_entry(world.own, _values(), by=None, today=date(2026, 3, 1))


# History


def test_history_keeps_who_when_and_what_changed(world):
    olle, stina = world.own.members
    entry = add_entry(world.own, date(2026, 3, 1), 60, [olle], by=world.participant)
    services.update_entry(
        entry,
        _values(minutes=90, members=[olle, stina], activity=ActivityKind.GROUP_MEETING),
        by=world.leader,
        today=date(2026, 3, 1),
    )
    services.update_entry(  # no change, no line
        entry,
        _values(minutes=90, members=[olle, stina], activity=ActivityKind.GROUP_MEETING),
        by=world.leader,
        today=date(2026, 3, 1),
    )
    entry_id = entry.id
    services.delete_entry(entry, by=world.participant)
    history = services.entry_history(world.own)
    assert [(h.action, h.changed_by_id) for h in history] == [
        (ChangeAction.DELETED, world.participant.id),
        (ChangeAction.UPDATED, world.leader.id),
        (ChangeAction.CREATED, world.participant.id),
    ]
    assert all(h.hour_entry_id == entry_id for h in history)
    assert history[1].changes == {
        "minutes": [60, 90],
        "members": [["Olle Egen"], ["Olle Egen", "Stina Egen"]],
    }
    assert history[2].changes["worked_on"] == [None, "2026-03-01"]
    assert history[0].changes["minutes"] == [90, None]
    assert entry.people_present == 2
