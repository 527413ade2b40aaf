"""The demo network's assignments: done and open ones, one overdue, and a rerun adds nothing."""

from datetime import date

from network_app import demo
from network_app.assignments import services
from network_app.assignments.models import Assignment, AssignmentStatus
from network_app.extensions import db


def test_demo_has_done_open_and_overdue_assignments_and_a_rerun_adds_nothing(app):
    today = date(2026, 11, 23)
    network = demo.seed_demo(today)
    db.session.commit()
    rows = services.network_assignments(network, today)
    statuses = {row["assignment"].status for row in rows}
    assert statuses == set(AssignmentStatus)
    assert any(row["overdue"] for row in rows)
    assert any(row["assignment"].report for row in rows)
    count = db.session.scalar(db.select(db.func.count(Assignment.id)))
    demo.seed_demo(today)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(Assignment.id))) == count
