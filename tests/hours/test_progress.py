"""Sums, person-hours, pace, status and breakdowns against hand-worked examples."""

from datetime import date
from decimal import Decimal

import pytest

from network_app.hours import progress as services
from network_app.hours.models import ActivityKind
from network_app.hours.progress import ProgressStatus
from network_app.meetings.models import MeetingKind, MeetingStatus
from network_app.networks.models import ParticipationStatus
from tests import factories
from tests.hours.builders import add_entry, add_entry_with_nobody, add_meeting, at

D = Decimal


@pytest.fixture(autouse=True)
def _request(app):
    """Labels are translated: flask-babel picks the language from the request's session."""
    with app.test_request_context():
        yield


def _progress(world, today):
    return {p.organisation_name: p for p in services.network_progress(world.network, today)}


def test_sums_and_person_hours(world):
    olle, stina = world.own.members
    add_entry(world.own, date(2026, 2, 1), 90, [olle, stina])  # 1.5 h × 2 = 3 person-hours
    add_entry(world.own, date(2026, 3, 1), 120, [olle])  # 2 h × 1 = 2
    row = _progress(world, date(2026, 7, 1))["Egna kommun"]
    assert (row.hours, row.person_hours) == (D("3.50"), D("5.00"))
    assert (row.target_low, row.target_high) == (30, 40)


def test_entries_with_nobody_present_count_nowhere(world):
    """Stored before a member was required: neither the hours, the pace nor the breakdowns."""
    for day in range(1, 5):
        add_entry_with_nobody(world.own, date(2026, 3, day), 600)  # 40 h in all
    today = date(2026, 7, 1)
    row = _progress(world, today)["Egna kommun"]
    assert (row.hours, row.person_hours, row.status) == (0, 0, ProgressStatus.BEHIND)
    assert services.participation_progress(world.own, today).hours == 0
    assert services.hours_by_activity(world.own) == []
    assert [p.hours for p in services.hours_by_period(world.own)] == [D("0.00")]
    assert all(not s.points for s in _series(world))


def test_organisation_with_no_entries_has_zero_and_a_status(world):
    row = _progress(world, date(2026, 7, 1))["Andra regionen"]
    assert (row.hours, row.person_hours) == (0, 0)
    # 1 Jan–1 Jul is 182 of 365 days: 30 × 182 / 365 = 14.958… hours due.
    assert row.expected_by_today == D("14.96")
    assert row.status == ProgressStatus.BEHIND


@pytest.mark.parametrize(
    ("today", "minutes", "expected_status"),
    [
        # Before the start nothing is due.
        (date(2025, 12, 1), 0, ProgressStatus.ON_TRACK),
        # 20 Jan: 30 × 20 / 365 = 1.64 h due, within the 3-hour grace.
        (date(2026, 1, 20), 0, ProgressStatus.ON_TRACK),
        # 1 Jul: 14.96 h due, minus 3 h grace = 11.96 h: 12 h is on track, 11.75 h behind.
        (date(2026, 7, 1), 720, ProgressStatus.ON_TRACK),
        (date(2026, 7, 1), 705, ProgressStatus.BEHIND),
        # 30 h reaches the target whenever it is logged; 40 h is still within; 40.25 h is above.
        (date(2026, 3, 1), 1800, ProgressStatus.TARGET_REACHED),
        (date(2026, 7, 1), 2400, ProgressStatus.TARGET_REACHED),
        (date(2026, 7, 1), 2415, ProgressStatus.ABOVE_RANGE),
        # On the last day and after, there is no grace: anything under 30 h is behind.
        (date(2026, 12, 31), 1785, ProgressStatus.BEHIND),
        (date(2027, 3, 1), 1785, ProgressStatus.BEHIND),
        (date(2027, 3, 1), 1800, ProgressStatus.TARGET_REACHED),
    ],
)
def test_pace_status_boundaries(world, today, minutes, expected_status):
    assert services.pace_status(minutes, world.network, today) == expected_status


def test_ended_network_expects_the_whole_lower_target(world):
    network = world.network
    network.ends_on = date(2026, 6, 30)
    for day in range(1, 11):  # ten entries of 2.75 h = 27.5 h
        add_entry(world.own, date(2026, 3, day), 165)
    rows = _progress(world, date(2026, 11, 23))
    assert rows["Egna kommun"].expected_by_today == D("30.00")
    assert rows["Egna kommun"].hours == D("27.50")
    assert rows["Egna kommun"].status == ProgressStatus.BEHIND
    assert rows["Andra regionen"].status == ProgressStatus.BEHIND


def test_network_progress_lists_only_accepted_organisations(world):
    factories.make_participation(
        world.network, factories.make_organisation("Sökande kommun"), ParticipationStatus.APPLIED
    )
    names = [
        row.organisation_name for row in services.network_progress(world.network, date.today())
    ]
    assert names == ["Andra regionen", "Egna kommun"]


def test_status_labels_are_swedish(app):
    assert str(ProgressStatus.BEHIND.label) == "Efter takten"
    assert {str(s.label) for s in ProgressStatus} == {
        "Efter takten",
        "I takt",
        "Målet är nått",
        "Över målintervallet",
    }


def test_hours_by_activity(world):
    olle, stina = world.own.members
    add_entry(world.own, date(2026, 2, 1), 60, [olle, stina], activity=ActivityKind.RISK_ANALYSIS)
    add_entry(world.own, date(2026, 2, 2), 30, [olle], activity=ActivityKind.RISK_ANALYSIS)
    add_entry(world.own, date(2026, 2, 3), 45, [olle], activity=ActivityKind.GROUP_MEETING)
    rows = services.hours_by_activity(world.own)
    assert [(row.activity, row.hours, row.person_hours) for row in rows] == [
        (ActivityKind.GROUP_MEETING, D("0.75"), D("0.75")),
        (ActivityKind.RISK_ANALYSIS, D("1.50"), D("2.50")),
    ]
    # Other packages read minutes (the Word reports).
    assert [(row.minutes, row.person_minutes) for row in rows] == [(45, 45), (90, 150)]
    assert services.hours_by_activity(world.other) == []


def test_hours_by_period_between_network_meetings(world):
    network = world.network
    # 23:30 UTC on 9 Feb is 00:30 on 10 Feb in Stockholm: the meeting's day is 10 Feb.
    add_meeting(network, at(2026, 2, 9, 23).replace(minute=30))
    add_meeting(network, at(2026, 4, 15), kind=MeetingKind.DIGITAL)
    add_meeting(network, at(2026, 5, 1), kind=MeetingKind.WORKSHOP)  # not a network meeting
    add_meeting(network, at(2026, 6, 1), status=MeetingStatus.CANCELLED)
    add_meeting(network, at(2026, 9, 20))
    olle = world.own.members[0]
    add_entry(world.own, date(2026, 1, 15), 60, [olle])
    add_entry(world.own, date(2026, 2, 10), 120, [olle])  # the meeting's day counts after it
    add_entry(world.own, date(2026, 4, 14), 30)
    add_entry(world.own, date(2026, 10, 1), 180, [olle])
    periods = services.hours_by_period(world.own)
    assert [(p.label, p.starts_on, p.ends_on, p.hours, p.person_hours) for p in periods] == [
        ("Före arbetsmöte 1", date(2026, 1, 1), date(2026, 2, 9), D("1.00"), D("1.00")),
        ("Mellan arbetsmöte 1 och 2", date(2026, 2, 10), date(2026, 4, 14), D("2.50"), D("2.50")),
        ("Mellan arbetsmöte 2 och 3", date(2026, 4, 15), date(2026, 9, 19), D("0.00"), D("0.00")),
        ("Efter arbetsmöte 3", date(2026, 9, 20), date(2026, 12, 31), D("3.00"), D("3.00")),
    ]


def test_hours_by_period_without_meetings_is_one_period(world):
    add_entry(world.own, date(2026, 5, 5), 60)
    (period,) = services.hours_by_period(world.own)
    assert (period.label, period.hours) == ("Hela nätverksperioden", D("1.00"))


def _series(world):
    return services.network_hours(world.network, date(2026, 7, 1)).series


def test_burnup_series_runs_per_organisation(world):
    add_entry(world.own, date(2026, 2, 1), 60)
    add_entry(world.own, date(2026, 2, 1), 30)
    add_entry(world.own, date(2026, 3, 1), 120)
    add_entry(world.other, date(2026, 2, 15), 45)
    series = {s.organisation_name: s.points for s in _series(world)}
    assert series["Egna kommun"] == ((date(2026, 2, 1), D("1.50")), (date(2026, 3, 1), D("3.50")))
    assert series["Andra regionen"] == ((date(2026, 2, 15), D("0.75")),)


def test_burnup_series_has_one_point_a_week_at_its_last_day_with_entries(world):
    # The network starts on a Thursday (1 January 2026): its weeks run Thursday to Wednesday.
    add_entry(world.own, date(2026, 2, 2), 60)  # Monday
    add_entry(world.own, date(2026, 2, 4), 30)  # Wednesday, same week
    add_entry(world.own, date(2026, 2, 9), 15)  # the next Monday
    (series,) = [s for s in _series(world) if s.points]
    assert series.points == ((date(2026, 2, 4), D("1.50")), (date(2026, 2, 9), D("1.75")))


def test_burnup_series_includes_organisations_without_entries(world):
    series = _series(world)
    assert [(s.organisation_name, s.points) for s in series] == [
        ("Andra regionen", ()),
        ("Egna kommun", ()),
    ]


def test_network_hours_gives_the_progress_rows_and_the_series_in_one_query(world, count_queries):
    olle, stina = world.own.members
    add_entry(world.own, date(2026, 2, 2), 60, [olle, stina])
    add_entry(world.own, date(2026, 2, 4), 30, [olle])
    add_entry(world.own, date(2026, 3, 2), 120, [olle, stina])
    today = date(2026, 7, 1)
    with count_queries() as counter:
        figures = services.network_hours(world.network, today)
    assert counter.count == 1
    assert figures.rows == services.network_progress(world.network, today)
    own = figures.rows[[r.organisation_name for r in figures.rows].index("Egna kommun")]
    # 1 + 0.5 + 2 hours; 2 + 0.5 + 4 person-hours.
    assert (own.hours, own.person_hours) == (D("3.50"), D("6.50"))
    assert own.participation_id == world.own.id


def test_exports_leave_out_entries_with_nobody_present_so_rows_add_up(world):
    from network_app.hours import entries

    add_entry(world.own, date(2026, 3, 1), 60)
    add_entry_with_nobody(world.own, date(2026, 3, 2), 120)
    rows = entries.export_rows(world.own)
    assert [(r.worked_on, r.hours) for r in rows] == [(date(2026, 3, 1), D("1.00"))]
    assert services.participation_progress(world.own, date(2026, 7, 1)).hours == D("1.00")
