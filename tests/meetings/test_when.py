"""A meeting's time as the pages write it (meetings.timing.when_text, the `when` macro)."""

from datetime import UTC, datetime

from network_app.meetings.timing import when_text, zone_of

STOCKHOLM = zone_of("Europe/Stockholm")


def test_a_meeting_within_a_day_shows_its_date_once_in_the_networks_zone():
    starts, ends = datetime(2026, 3, 4, 8, tzinfo=UTC), datetime(2026, 3, 4, 15, 30, tzinfo=UTC)
    assert when_text(starts, ends, STOCKHOLM) == "2026-03-04 09:00–16:30"


def test_a_meeting_over_days_shows_both_dates_in_summer_time():
    starts, ends = datetime(2026, 6, 1, 22, tzinfo=UTC), datetime(2026, 6, 3, 14, tzinfo=UTC)
    assert when_text(starts, ends, STOCKHOLM) == "2026-06-02 00:00 – 2026-06-03 16:00"


def test_the_macro_writes_the_same(app):
    from flask import render_template_string

    class Meeting:
        starts_at = datetime(2026, 3, 4, 8, tzinfo=UTC)
        ends_at = datetime(2026, 3, 5, 12, tzinfo=UTC)

    with app.test_request_context():
        page = render_template_string(
            '{% from "meetings/_macros.html" import when %}[{{ when(m, z) }}]',
            m=Meeting,
            z=STOCKHOLM,
        )
    assert page == "[2026-03-04 09:00 – 2026-03-05 13:00]"
