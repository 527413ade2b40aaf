"""Issue 13 point 2: the leader records the assignments after meeting 1, a participant reports
one done, the next meeting's page follows it up and the leader sees them side by side. axe-core
on every page, and each page fits 390 px."""

import os
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from network_app.extensions import db
from network_app.meetings import services as meeting_services
from network_app.meetings.models import MeetingKind
from network_app.networks.services import local_today
from tests import factories
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("ASSIGNMENT_SCREENSHOTS")  # a folder: save screenshots there to look at


def _check(page, name):
    """axe-core, fits a phone, and screenshots at desktop and 390 px when asked."""
    assert_accessible(page)
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}-desktop.png"), full_page=True)
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}-390.png"), full_page=True)
    page.set_viewport_size(size)


def _meeting(world, title, days):
    day = local_today(world.network) + timedelta(days=days)
    start = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    return meeting_services.create_meeting(
        world.network,
        now=datetime.now(UTC),
        kind=MeetingKind.NETWORK,
        title=title,
        starts_at=start,
        ends_at=start + timedelta(hours=6),
    )


@pytest.fixture
def meetings(world):
    today = local_today(world.network)
    world.network.starts_on = today - timedelta(days=100)
    world.network.ends_on = today + timedelta(days=200)
    first = _meeting(world, "Arbetsmöte 1", -20)
    second = _meeting(world, "Arbetsmöte 2", 25)
    db.session.commit()
    return first, second


def test_leader_records_participant_reports_meeting_follows_up(page, world, meetings):
    first, second = meetings
    log_in(page, world.leader.email, factories.PASSWORD)
    page.goto(f"{page.base_url}/meetings/{first.id}")
    page.get_by_role("link", name="Lägg till uppdrag som bestämdes vid mötet").click()
    expect(page.get_by_role("heading", name="Lägg till uppdrag")).to_be_visible()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", name="Formuläret behöver rättas")).to_be_visible()
    _check(page, "assignment-form-errors")

    page.get_by_label("Vilken grupp").select_option(label="Alla grupper")
    page.locator("#title").fill("Gör riskanalysen av caset")
    page.get_by_label("Beskrivning (frivilligt)").fill("Använd mallen från arbetsmöte 1.")
    page.get_by_label("Överenskommet vid").select_option(str(first.id))
    page.get_by_label("Klart till mötet").select_option(str(second.id))
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", name="Uppdrag mellan mötena")).to_be_visible()
    expect(page.locator("table.stack tbody tr")).to_have_count(2)
    _check(page, "network-assignments")

    page.get_by_role("button", name="Logga ut").click()
    log_in(page, world.participant.email, factories.PASSWORD)
    page.goto(f"{page.base_url}/participations/{world.own.id}")
    page.get_by_role("link", name="Uppdrag mellan mötena och deras status").click()
    expect(page.get_by_text("Inte påbörjat")).to_be_visible()
    _check(page, "group-assignments")
    page.get_by_role("link", name="Rapportera status").click()
    page.get_by_label("Klart").check()
    page.get_by_label("Kort rapport (frivilligt)").fill("Fem risker analyserade.")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".assignment-done")).to_be_visible()
    expect(page.get_by_text("Fem risker analyserade.")).to_be_visible()

    page.goto(f"{page.base_url}/meetings/{second.id}")
    follow_up = page.locator("table", has=page.get_by_role("columnheader", name="Rapport"))
    expect(follow_up).to_contain_text("Fem risker analyserade.")
    expect(follow_up).not_to_contain_text("Andra regionen")
    _check(page, "meeting-follow-up")


def test_leader_corrects_one_groups_assignment_and_removes_another(page, world, meetings):
    first, second = meetings
    from network_app.assignments import services

    services.record_assignments(
        world.network,
        [world.own, world.other],
        services.AssignmentValues(
            title="Gör riskanalysen",
            description="",
            agreed_at_meeting=first,
            due_meeting=second,
            due_on=None,
        ),
        by=world.leader,
    )
    db.session.commit()
    log_in(page, world.leader.email, factories.PASSWORD)
    page.goto(f"{page.base_url}/networks/{world.network.id}/assignments")
    _check(page, "network-assignments-actions")
    page.get_by_role("link", name="Ändra Gör riskanalysen, Egna kommun").click()
    expect(page.get_by_role("heading", name="Ändra uppdrag")).to_be_visible()
    expect(page.get_by_text("Gruppen: Egna kommun.")).to_be_visible()
    page.locator("#title").fill("")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".error-summary")).to_be_focused()
    _check(page, "assignment-change-errors")
    page.locator("#title").fill("Gör riskanalysen av caset")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Uppdraget är ändrat.")).to_be_visible()
    expect(page.get_by_role("cell", name="Gör riskanalysen av caset", exact=True)).to_have_count(1)

    page.get_by_role("link", name="Ta bort Gör riskanalysen, Andra regionen").click()
    expect(page.get_by_role("heading", name="Ta bort uppdraget")).to_be_visible()
    _check(page, "assignment-remove-confirm")
    page.get_by_role("button", name="Ta bort uppdraget").click()
    expect(page.get_by_text("Uppdraget är borttaget.")).to_be_visible()
    expect(page.locator("table.stack tbody tr")).to_have_count(1)
