"""A participant logs work at home and sees the progress change; both exports download; the
leader sees the organisations side by side with the burn-up chart. axe-core on every page."""

import csv
import io
import os
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from network_app.extensions import db
from network_app.networks.services import local_today
from tests import factories
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("HOURS_SCREENSHOTS")  # a folder: save screenshots there to look at


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def running_world(world):
    today = local_today(world.network)
    world.network.starts_on = today - timedelta(days=120)
    world.network.ends_on = today + timedelta(days=240)
    db.session.commit()
    return world, today


def test_participant_logs_work_sees_progress_and_downloads_exports(page, running_world):
    world, today = running_world
    log_in(page, world.participant.email, factories.PASSWORD)
    page.get_by_role("link", name="Arbete på hemmaplan").first.click()
    expect(page.get_by_role("heading", name="Arbete på hemmaplan")).to_be_visible()
    expect(page.get_by_text("0 av målet 30–40 timmar")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Logga arbete").click()
    page.get_by_label("Tid i timmar").fill("1,3")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("heading", name="Formuläret behöver rättas")).to_be_visible()
    expect(page.locator(".field-error").first).to_contain_text("hela kvartar")
    assert_accessible(page)

    page.get_by_label("Datum").fill((today - timedelta(days=2)).isoformat())
    page.get_by_label("Tid i timmar").fill("2,5")
    page.get_by_label("Riskanalys av caset").check()
    page.get_by_label("Olle Egen").check()
    page.get_by_label("Stina Egen").check()
    page.get_by_label("Anteckning (frivilligt)").fill("=Riskanalys av budgeten")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Timmarna är sparade.")).to_be_visible()
    expect(page.get_by_text("2,5 av målet 30–40 timmar")).to_be_visible()
    expect(page.locator(".hours-breakdowns")).to_contain_text("Riskanalys av caset")
    _shot(page, "organisation")
    assert_accessible(page)

    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Ladda ner CSV").click()
    with open(csv_download.value.path(), "rb") as downloaded:
        data = downloaded.read()
    assert csv_download.value.suggested_filename.startswith("arbete-hemmaplan-Egna-kommun-")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][3:7] == ["2,5", "2", "5", "'=Riskanalys av budgeten"]

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Ladda ner Excel").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    with open(xlsx_download.value.path(), "rb") as downloaded:  # saved without an extension
        sheet = load_workbook(io.BytesIO(downloaded.read())).active
    assert (sheet["D2"].value, sheet["G2"].value) == (2.5, "=Riskanalys av budgeten")
    assert sheet["G2"].data_type == "s"


def test_leader_sees_organisations_side_by_side_with_the_burn_up(page, running_world):
    world, today = running_world
    from tests.hours.builders import add_entry

    add_entry(world.own, today - timedelta(days=60), 12 * 60, world.own.members, today=today)
    add_entry(world.own, today - timedelta(days=10), 10 * 60, world.own.members, today=today)
    db.session.commit()
    log_in(page, world.leader.email, factories.PASSWORD)
    page.goto(f"{page.base_url}/networks/{world.network.id}")
    page.get_by_role("link", name="Arbete på hemmaplan: alla organisationer sida vid sida").click()
    expect(page.get_by_text("1 organisation ligger efter takten")).to_be_visible()
    expect(page.get_by_role("img", name="Timmar över tid per organisation")).to_be_visible()
    page.get_by_text("Diagrammets värden i en tabell").click()
    _shot(page, "network")
    assert_accessible(page)
    page.get_by_role("link", name="Egna kommun").first.click()
    page.get_by_role("link", name="Ändringshistorik").click()
    expect(page.get_by_role("heading", name="Ändringshistorik")).to_be_visible()
    assert_accessible(page)
