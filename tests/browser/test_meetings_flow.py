"""A leader plans the standard programme, edits a meeting, registers a group member and downloads
the meeting to a calendar; axe-core checks every page on the way."""

import os
from datetime import date, timedelta

import icalendar
import pytest
from playwright.sync_api import expect

from network_app.extensions import db
from tests import factories
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser
SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


def _shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def test_leader_plans_edits_registers_and_downloads_the_calendar(page, world, tmp_path):
    world.network.starts_on = date.today() + timedelta(days=7)
    world.network.ends_on = date.today() + timedelta(days=300)
    db.session.commit()
    log_in(page, world.leader.email, factories.PASSWORD)
    page.goto(f"{page.base_url}/networks/{world.network.id}")
    page.get_by_role("link", name="Möten och kalender").click()
    expect(page.get_by_text("Inga möten är planerade ännu.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Lägg ut standardprogrammet").click()
    expect(page.get_by_text("Standardprogrammet har fått 6 nya preliminära möten.")).to_be_visible()
    expect(
        page.get_by_role("link", name="Nätverksträff 4: Avslutande nätverksträff")
    ).to_be_visible()
    assert_accessible(page)
    _shot(page, "schedule")

    page.get_by_role("link", name="Nätverksträff 1: Uppstart med övernattning").click()
    page.get_by_role("link", name="Ändra mötet").click()
    assert_accessible(page)
    page.get_by_label("Plats (adress)").fill("")
    page.get_by_label("Sluttid").fill("08:00")
    page.get_by_label("Slutdatum").fill(page.get_by_label("Startdatum").input_value())
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", name="Formuläret behöver rättas")).to_be_visible()
    assert_accessible(page)
    _shot(page, "meeting_form_errors")

    page.get_by_label("Slutdatum").fill(
        (
            date.fromisoformat(page.get_by_label("Startdatum").input_value()) + timedelta(days=1)
        ).isoformat()
    )
    page.get_by_label("Sluttid").fill("15:00")
    page.get_by_label("Plats (adress)").fill("SKR, Hornsgatan 20, Stockholm")
    page.get_by_label("Bekräftat").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Mötet är sparat.")).to_be_visible()
    expect(page.get_by_text("SKR, Hornsgatan 20, Stockholm")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Anmäl Olle Egen").click()
    assert_accessible(page)
    page.get_by_label("Kommer", exact=True).check()
    page.get_by_label("Behöver övernattning").check()
    page.get_by_label("Specialkost eller allergier").fill("Vegetarisk")
    page.get_by_role("button", name="Spara svaret").click()
    expect(page.get_by_text("Svaret för Olle Egen är sparat.")).to_be_visible()
    expect(page.get_by_role("link", name="Ändra svar Olle Egen")).to_be_visible()
    assert_accessible(page)
    _shot(page, "meeting")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Lägg till i min kalender (.ics)").click()
    path = tmp_path / "mote.ics"
    download_info.value.save_as(path)
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 2  # two days, one event each
    assert all(str(e["LOCATION"]) == "SKR, Hornsgatan 20, Stockholm" for e in events)
    assert all(e["STATUS"] == "CONFIRMED" and e["SEQUENCE"] >= 1 for e in events)

    page.get_by_role("link", name="Kalender", exact=True).click()
    page.get_by_role("button", name="Skapa min prenumerationslänk").click()
    webcal = page.get_by_role("link", name="Prenumerera i min kalender").get_attribute("href")
    assert webcal.startswith("webcal://127.0.0.1:") and "/calendar/feed/" in webcal
    assert_accessible(page)
    _shot(page, "calendar")
