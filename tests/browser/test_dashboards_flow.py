"""Both dashboards in a real browser: the participant's next steps and the leader's overview, at
a phone's width and at a desktop's, fitting the window and passing axe-core."""

import os
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import expect

from network_app.assignments.models import Assignment
from network_app.auth.models import Role
from network_app.cases.models import ItemState
from network_app.coaching.models import Comment, CommentTarget
from network_app.extensions import db
from network_app.networks.services import local_today
from tests import factories
from tests.browser.conftest import assert_accessible, log_in
from tests.cases import helpers

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("DASHBOARD_SCREENSHOTS")  # a folder: save screenshots there to look at


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _data(world):
    helpers.log_hours(world.own, 600, worked_on=date(2026, 2, 10))
    helpers.log_hours(world.own, 480, worked_on=date(2026, 4, 14))
    helpers.log_hours(world.other, 720, worked_on=date(2026, 3, 3))
    case = helpers.make_case(world.own, title="Ny skolorganisation")
    helpers.review(helpers.make_case(world.other, title="Ny vindkraftspark"))
    helpers.mark_checklist(world.own, {"introduction": ItemState.DONE}, level=2)
    meeting = helpers.make_meeting(world.network, title="Decemberträffen", day=date(2026, 12, 10))
    helpers.attend(meeting, world.own.members[0], attended=None)
    olle = next(m for m in world.own.members if m.is_contact)
    contact = factories.make_user(
        Role.PARTICIPANT, email="olle@example.se", organisation=world.own.organisation
    )
    contact.person_id = olle.person_id
    _assignments_and_comments(world, case)
    db.session.commit()
    return contact


def _assignments_and_comments(world, case):
    """Open assignments (one overdue, one with a long unbroken word) and a coach's comment."""
    today = local_today(world.network)
    for title, days in (
        ("Förankra riskanalysen hos presidiet", -3),
        ("Kommunikationsplanförslagsgenomgångsprotokollsmall", 10),
        ("Boka lokal för workshopen", None),
    ):
        due_on = today + timedelta(days=days) if days is not None else None
        db.session.add(
            Assignment(
                network_id=world.network.id,
                participation_id=world.own.id,
                title=title,
                due_on=due_on,
            )
        )
    db.session.add(
        Comment(
            participation_id=world.own.id,
            target=CommentTarget.RISKS,
            case_id=case.id,
            body="Vem äger åtgärden?",
            author_id=world.observer.id,
            created_at=datetime.now(UTC),
        )
    )


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_participants_dashboard_says_what_to_do_next(page, world, width):
    contact = _data(world)
    page.set_viewport_size({"width": width, "height": 844})
    log_in(page, contact.email, factories.PASSWORD)
    page.goto(page.base_url + "/")
    expect(page.get_by_role("heading", name="Väntar på dig")).to_be_visible()
    expect(page.get_by_text("18 av målet 30–40 timmar")).to_be_visible()
    expect(page.get_by_text("en risk med åtgärder i riskanalysen")).to_be_visible()
    expect(page.get_by_text("1 av 22 punkter klara")).to_be_visible()
    expect(page.get_by_text("1 har inte svarat")).to_be_visible()
    expect(page.get_by_role("heading", name="Uppdrag att göra")).to_be_visible()
    expect(page.get_by_text("Försenat")).to_be_visible()
    expect(
        page.get_by_role("link", name="Kommentar om riskanalysen för Ny skolorganisation")
    ).to_be_visible()
    _shot(page, f"participant-{width}")
    assert _fits(page)
    assert_accessible(page)


@pytest.mark.parametrize("width", [390, 1280])
def test_leaders_overview_sorts_without_script(page, world, width):
    _data(world)
    page.set_viewport_size({"width": width, "height": 844})
    log_in(page, world.leader.email, factories.PASSWORD)
    page.goto(f"{page.base_url}/networks/{world.network.id}/overview")
    expect(page.get_by_role("heading", name="Organisationerna i överblick")).to_be_visible()
    _shot(page, f"overview-{width}")
    assert _fits(page)
    assert_accessible(page)
    # The headers' links on a desktop, the same links above the stacked rows on a phone.
    page.locator("a:visible", has_text=re.compile(r"^Timmar$")).first.click()
    expect(page.locator('th[aria-sort="ascending"]')).to_have_text("Timmar ▲")
    rows = page.locator("tbody th[scope=row]")
    expect(rows.first).to_have_text("Andra regionen")
    page.locator("a:visible", has_text=re.compile(r"^Timmar ▲")).first.click()
    expect(rows.first).to_have_text("Egna kommun")
    assert _fits(page)
