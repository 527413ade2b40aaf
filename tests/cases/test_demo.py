"""The demo network gets a case and a system checklist for every organisation, at several stages."""

from datetime import date

import sqlalchemy as sa

from network_app.cases import services
from network_app.cases.models import Case, ReportApproval, RiskItem, SystemChecklist
from network_app.demo import seed_demo
from network_app.extensions import db

TODAY = date(2026, 5, 4)


def _counts():
    return [
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Case, RiskItem, SystemChecklist, ReportApproval)
    ]


def test_every_demo_organisation_has_a_case_and_a_checklist_at_different_stages(app):
    network = seed_demo(TODAY)
    db.session.commit()
    goals = services.network_goals(network)
    assert len(goals.rows) == 6
    assert all(row.cases == 1 for row in goals.rows)
    assert len({row.checklist_done for row in goals.rows}) >= 4
    statuses = set(db.session.scalars(sa.select(Case.status)))
    assert len(statuses) == 5
    # Reviewed: a risk with measures and communication before the decision. Not the case only
    # chosen (Emmaboda), nor the one whose risks have no measures yet (Nacka).
    reviewed = {row.participation.organisation.name for row in goals.rows if row.case_reviewed}
    assert reviewed == {"Malmö stad", "Göteborgs Stad", "Bodens kommun", "Västra Götalandsregionen"}
    assert (goals.documents_decided, goals.documents_drafted, goals.levels_chosen) == (2, 3, 4)
    assert len(services.approvals_by_participation(network)) == 1


def test_seeding_the_demo_twice_changes_nothing(app):
    seed_demo(TODAY)
    db.session.commit()
    first = _counts()
    seed_demo(TODAY)
    db.session.commit()
    assert _counts() == first
