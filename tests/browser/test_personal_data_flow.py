"""A leader reads a person's data, downloads it, and erases the person after confirming."""

import json

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_leader_exports_and_erases_a_person(page, world):
    log_in(page, world.leader.email, factories.PASSWORD)
    page.goto(page.base_url + f"/organisations/{world.own.organisation_id}")
    page.get_by_role("link", name="Olle Egen").click()
    expect(page.get_by_role("heading", name="Personuppgifter om Olle Egen")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som JSON").click()
    document = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert document["own"]["people"][0]["name"] == "Olle Egen"

    page.get_by_role("link", name="Radera personens uppgifter").click()
    page.get_by_role("button", name="Radera uppgifterna").click()
    expect(page.get_by_role("heading", name="Formuläret behöver rättas")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Jag förstår att namn och kontaktuppgifter raderas för gott").check()
    page.get_by_role("button", name="Radera uppgifterna").click()
    expect(page.get_by_text("Personens namn och kontaktuppgifter är raderade.")).to_be_visible()
    expect(page.get_by_role("link", name="Tidigare gruppmedlem")).to_be_visible()
    expect(page.get_by_role("link", name="Olle Egen")).to_have_count(0)
