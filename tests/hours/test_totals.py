"""The kept weekly totals (hours.totals) always equal a recount of the entries."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from network_app.extensions import db
from network_app.hours import entries, totals
from network_app.hours.models import ActivityKind, HourEntry, HourWeekTotal
from tests import factories
from tests.hours.builders import add_entry, add_entry_with_nobody


def _kept():
    return sorted(
        tuple(row)
        for row in db.session.execute(
            sa.select(
                HourWeekTotal.participation_id,
                HourWeekTotal.week,
                HourWeekTotal.worked_on,
                HourWeekTotal.minutes,
                HourWeekTotal.person_minutes,
                HourWeekTotal.changed_at,
            )
        )
    )


def _recounted():
    """What the totals would be if counted again from the entries now (rolled back after)."""
    with db.session.begin_nested() as nested:
        totals.recount(db.session.connection())
        found = _kept()
        nested.rollback()
    return found


def _assert_kept_equal_recount():
    db.session.flush()
    assert _kept() == _recounted()


def test_new_entries_are_counted_in_their_week_of_the_network(world):
    olle, stina = world.own.members
    starts = world.network.starts_on
    add_entry(world.own, starts, 60, [olle, stina])
    add_entry(world.own, date(starts.year, starts.month, starts.day + 6), 30, [olle])
    add_entry(world.own, date(starts.year, starts.month, starts.day + 7), 45, [olle])
    add_entry(world.other, starts, 15, world.other.members)
    _assert_kept_equal_recount()
    own = [(w, day, m, pm) for pid, w, day, m, pm, _at in _kept() if pid == world.own.id]
    assert own == [
        (0, date(starts.year, starts.month, starts.day + 6), 90, 150),
        (1, date(starts.year, starts.month, starts.day + 7), 45, 45),
    ]


def test_changed_and_deleted_entries_are_recounted(world):
    olle, stina = world.own.members
    starts = world.network.starts_on
    first = add_entry(world.own, starts, 60, [olle])
    second = add_entry(world.own, date(starts.year, 3, 2), 120, [olle, stina])
    values = entries.EntryValues(
        worked_on=date(starts.year, 5, 4),
        minutes=90,
        activity=first.activity,
        members=[olle, stina],
        note="",
        case=None,
    )
    entries.update_entry(first, values, by=None, today=date(starts.year, 12, 31))
    _assert_kept_equal_recount()
    entries.delete_entry(second, by=None)
    _assert_kept_equal_recount()
    assert [(m, pm) for _p, _w, _d, m, pm, _at in _kept()] == [(90, 180)]


def test_entries_with_nobody_present_keep_only_their_last_change(world):
    entry = add_entry_with_nobody(world.own, world.network.starts_on, 120)
    _assert_kept_equal_recount()
    ((_p, week, day, minutes, person_minutes, changed_at),) = _kept()
    assert (week, day, minutes, person_minutes) == (0, None, 0, 0)
    assert changed_at == entry.updated_at


def test_a_moved_network_start_moves_every_week(world):
    olle = world.own.members[0]
    add_entry(world.own, date(world.network.starts_on.year, 2, 10), 60, [olle])
    before = _kept()
    world.network.starts_on = date(world.network.starts_on.year, 2, 1)
    _assert_kept_equal_recount()
    assert [row[1] for row in _kept()] != [row[1] for row in before]


def test_a_failed_flush_leaves_nothing_to_recount(world):
    entry = HourEntry(participation=world.own, worked_on=world.network.starts_on, minutes=7)
    entry.activity, entry.people_present = ActivityKind.OTHER, 1
    db.session.add(entry)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()  # not whole quarters of an hour
    db.session.rollback()
    assert "hour_totals_stale" not in db.session.info
    assert _kept() == _recounted() == []


def test_deleting_the_participation_deletes_its_totals(world):
    add_entry(world.own, world.network.starts_on, 60, world.own.members[:1])
    db.session.commit()
    db.session.execute(sa.delete(type(world.own)).where(type(world.own).id == world.own.id))
    assert _kept() == []


def test_the_benchmarks_bulk_load_is_counted(app):
    network = factories.make_network()
    participation = factories.make_participation(network)
    factories.add_member(participation, "Ada Nilsson")
    db.session.commit()
    table = db.metadata.tables["hour_entries"]
    now = datetime(2026, 3, 1, tzinfo=UTC)
    db.session.execute(
        table.insert(),
        [
            {
                "participation_id": participation.id,
                "worked_on": date(network.starts_on.year, 1, day),
                "minutes": 60,
                "activity": "other",
                "note": "",
                "people_present": 1,
                "created_at": now,
                "updated_at": now,
            }
            for day in (1, 9, 20)
        ],
    )
    totals.recount(db.session.connection())
    assert [(w, m) for _p, w, _d, m, _pm, _at in _kept()] == [(0, 60), (1, 60), (2, 60)]


def test_the_demo_leaves_kept_totals_equal_to_a_recount(app):
    """The demo writes hours, links them to cases and seeds again: every one of its writes must
    leave the kept totals as a recount finds them (an UPDATE statement past the ORM would not)."""
    from network_app import demo

    demo.seed_demo(date(2026, 11, 23))
    db.session.commit()
    assert _kept() and _kept() == _recounted()
    demo.seed_demo(date(2026, 11, 23))
    db.session.commit()
    _assert_kept_equal_recount()
