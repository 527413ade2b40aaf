"""The goals page and a case page show the figures as defined (reviewed, the system as it is),
fit a phone's width and pass axe."""

from datetime import date

import pytest
from playwright.sync_api import expect

from network_app.cases.models import CaseStatus, DocumentStatus, ItemState
from network_app.extensions import db
from tests import factories
from tests.browser.conftest import assert_accessible, log_in
from tests.cases.helpers import make_case, mark_checklist, review

pytestmark = pytest.mark.browser


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [390, 1280])
def test_goals_page_shows_reviewed_processes_and_the_system_as_it_is(page, world, width):
    review(make_case(world.own, title="Ny skolorganisation", status=CaseStatus.CHOSEN))
    chosen = make_case(world.other, title="Ny vindkraftspark", status=CaseStatus.CHOSEN)
    mark_checklist(
        world.own,
        {"introduction": ItemState.DONE},
        level=1,
        document=DocumentStatus.DECIDED,
        decided_by="Kommunfullmäktige",
        decided_on=date(2026, 3, 2),
    )
    db.session.commit()
    page.set_viewport_size({"width": width, "height": 844})
    log_in(page, world.leader.email, factories.PASSWORD)
    page.goto(f"{page.base_url}/networks/{world.network.id}/goals")
    expect(
        page.get_by_text("1 av 2 organisationer har genomlyst minst en politisk process")
    ).to_be_visible()
    expect(page.get_by_text("Beslutat av Kommunfullmäktige den 2026-03-02")).to_be_visible()
    expect(page.get_by_text("Komplett")).to_have_count(0)
    assert _fits(page)
    assert_accessible(page)
    page.goto(f"{page.base_url}/cases/{chosen.id}")
    expect(page.get_by_text("Inte genomlyst ännu")).to_be_visible()
    expect(page.get_by_text("en risk med åtgärder i riskanalysen")).to_be_visible()
    assert _fits(page)
    assert_accessible(page)
