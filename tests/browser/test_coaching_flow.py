"""Issue 13 point 3: the coach logs a session with an organisation and comments on its case; the
group's participant reads both and answers in the thread. axe-core on every page; fits 390 px."""

import os
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from network_app.cases import services as case_services
from network_app.cases.models import DecisionKind
from network_app.extensions import db
from network_app.networks.services import local_today
from tests import factories
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("COACHING_SCREENSHOTS")  # a folder: save screenshots there to look at


def _check(page, name):
    assert_accessible(page)
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}-desktop.png"), full_page=True)
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}-390.png"), full_page=True)
    page.set_viewport_size(size)


@pytest.fixture
def case(world):
    today = local_today(world.network)
    world.network.starts_on = today - timedelta(days=60)
    world.network.ends_on = today + timedelta(days=60)
    case = case_services.create_case(
        world.own, {"title": "Budgetbeslutet", "decision_kind": DecisionKind.VALUES}
    )
    db.session.commit()
    return case


def test_coach_logs_a_session_and_comments_the_group_answers(page, world, case):
    log_in(page, world.observer.email, factories.PASSWORD)
    page.goto(f"{page.base_url}/participations/{world.own.id}")
    page.get_by_role("link", name="Coachning mellan mötena").click()
    page.get_by_role("link", name="Anteckna coachning").click()
    page.get_by_label("Tid i timmar").fill("9")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", name="Formuläret behöver rättas")).to_be_visible()
    _check(page, "coaching-form-errors")
    page.get_by_label("Digitalt").check()
    page.get_by_label("Tid i timmar").fill("1,5")
    page.get_by_label("Vad ni tog upp").fill("Riskanalysen och förankringen hos presidiet.")
    page.get_by_label("Överenskommet nästa steg (frivilligt)").fill("Gruppen bokar ett möte.")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Coachningen är antecknad.")).to_be_visible()
    _check(page, "coaching-notes")

    page.goto(f"{page.base_url}/cases/{case.id}")
    page.get_by_role("link", name="Kommentarer om caset från projektledaren och coachen").click()
    page.get_by_label("Kommentar").fill("Vem svarar på frågor efter beslutet?")
    page.get_by_role("button", name="Kommentera").click()
    expect(page.get_by_text("Kommentaren är sparad.")).to_be_visible()

    page.get_by_role("button", name="Logga ut").click()
    log_in(page, world.participant.email, factories.PASSWORD)
    page.goto(f"{page.base_url}/participations/{world.own.id}/coaching")
    expect(page.get_by_text("Gruppen bokar ett möte.")).to_be_visible()
    page.goto(f"{page.base_url}/cases/{case.id}/comments")
    page.get_by_label("Kommentar").fill("Kommunikationsavdelningen tar frågorna.")
    page.get_by_role("button", name="Svara").click()
    thread = page.locator(".comment-thread li")
    expect(thread).to_have_count(2)
    expect(thread.last).to_contain_text("Kommunikationsavdelningen")
    _check(page, "comment-thread")
