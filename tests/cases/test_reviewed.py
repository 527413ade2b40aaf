"""A reviewed ("genomlyst") political process: one definition in SQL, the same everywhere."""

from datetime import date

import pytest

from network_app.cases import services
from network_app.cases.models import CaseStatus
from network_app.extensions import db
from tests.cases.helpers import DECISION_DAY, make_case, review


def _reviewed_everywhere(world, case):
    """The case's review as the case page, the overview's table and the goals page count it."""
    db.session.commit()
    single = services.case_review(case).reviewed
    listed = case.id in services.reviewed_case_ids([world.own.id])
    row = next(
        r for r in services.network_goals(world.network).rows if r.participation is world.own
    )
    assert single == listed == (row.cases_reviewed == 1) == row.case_reviewed
    return single


def test_a_case_only_chosen_is_not_reviewed(world):
    assert not _reviewed_everywhere(world, make_case(world.own, status=CaseStatus.CHOSEN))


def test_a_case_evaluated_without_risk_analysis_or_communication_is_not_reviewed(world):
    assert not _reviewed_everywhere(world, make_case(world.own, status=CaseStatus.EVALUATED))


def test_risks_with_measures_and_communication_before_the_decision_make_it_reviewed(world):
    # The seeds' case: a future process, reviewed before its decision, whatever its status says.
    case = review(make_case(world.own, status=CaseStatus.CHOSEN))
    assert _reviewed_everywhere(world, case)


@pytest.mark.parametrize(
    "what",
    [
        {"measures": ""},
        {"measures": "   "},
        {"planned_on": DECISION_DAY},
        {"planned_on": date(2026, 7, 1)},
        {"planned_on": None},
        {"decision_on": None},
    ],
    ids=[
        "risk-without-measures",
        "measures-only-spaces",
        "communication-on-the-decision-day",
        "communication-after-the-decision",
        "communication-without-a-day",
        "no-decision-date",
    ],
)
def test_anything_short_of_the_definition_is_not_reviewed(world, what):
    case = review(make_case(world.own), **what)
    assert not _reviewed_everywhere(world, case)


def test_the_goals_count_every_reviewed_case_of_an_organisation(world):
    review(make_case(world.own, title="Första"))
    review(make_case(world.own, title="Andra"))
    make_case(world.own, title="Bara vald", status=CaseStatus.CHOSEN)
    db.session.commit()
    row = next(
        r for r in services.network_goals(world.network).rows if r.participation is world.own
    )
    assert (row.cases, row.cases_reviewed) == (3, 2)


def test_the_case_page_names_what_is_missing(client, auth, world):
    case = make_case(world.own, status=CaseStatus.CHOSEN, decision_expected_on=DECISION_DAY)
    db.session.commit()
    auth.login(world.participant)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Inte genomlyst ännu" in page
    assert "en risk med åtgärder i riskanalysen" in page
    assert "proaktiv kommunikation planerad före beslutsdatumet 2026-06-10" in page
    review(case)
    db.session.commit()
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Inte genomlyst ännu" not in page and "Genomlyst" in page
    overview = client.get(f"/participations/{world.own.id}/cases").get_data(as_text=True)
    assert "1 av 1" in overview
