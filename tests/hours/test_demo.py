"""The demo network's work at home: organisations stand differently, and a rerun changes nothing."""

from datetime import date

import pytest

from network_app import demo
from network_app.extensions import db
from network_app.hours import progress
from network_app.hours.models import HourEntry
from network_app.hours.progress import ProgressStatus


@pytest.mark.parametrize("today", [date(2026, 11, 23), date(2026, 4, 2)])
def test_demo_has_one_behind_one_on_track_and_one_at_target(app, today):
    network = demo.seed_demo(today)
    db.session.commit()
    with app.test_request_context():
        rows = {r.organisation_name: r for r in progress.network_progress(network, today)}
    assert len(rows) == 6 and all(r.hours > 0 for r in rows.values())
    assert rows["Emmaboda kommun"].status == ProgressStatus.BEHIND
    assert rows["Göteborgs Stad"].status == ProgressStatus.TARGET_REACHED
    assert rows["Malmö stad"].status == ProgressStatus.ON_TRACK
    assert sum(r.status == ProgressStatus.BEHIND for r in rows.values()) == 1


def test_demo_twice_changes_nothing(app):
    today = date(2026, 11, 23)
    demo.seed_demo(today)
    db.session.commit()
    before = db.session.query(HourEntry).count()
    demo.seed_demo(today)
    db.session.commit()
    assert db.session.query(HourEntry).count() == before > 0
