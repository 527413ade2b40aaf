"""A leader signs in, adds an elected official to a group and sees its status change."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_leader_registers_group_member_and_group_status_changes(page, world):
    log_in(page, world.leader.email, factories.PASSWORD)
    expect(page.get_by_role("heading", name="Översikt")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Andra regionen").first.click()
    expect(page.get_by_text("Uppfyller inte kraven")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Lägg till gruppmedlem").click()
    page.get_by_role("button", name="Lägg till").click()
    expect(page.get_by_role("heading", name="Formuläret behöver rättas")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Namn").fill("Tina Tjänsteperson")
    page.get_by_label("Tjänsteperson").check()
    page.get_by_label("Funktion").select_option("security")
    page.get_by_label("E-postadress").fill("tina@andra.example")
    page.get_by_role("button", name="Lägg till").click()
    expect(page.get_by_text("Tina Tjänsteperson är tillagd i projektgruppen.")).to_be_visible()
    expect(page.get_by_text("Tjänstepersoner: 1")).to_be_visible()

    for name in ("Kalle Två", "Lisa Tre"):
        page.get_by_role("link", name="Lägg till gruppmedlem").click()
        page.get_by_label("Namn").fill(name)
        page.get_by_label("Förtroendevald", exact=True).check()
        page.get_by_label("E-postadress").fill(name.lower().replace(" ", ".") + "@andra.example")
        page.get_by_role("button", name="Lägg till").click()
    expect(page.locator(".badge-ok")).to_be_visible()
    assert_accessible(page)
