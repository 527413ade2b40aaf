"""The leader invites a group member from the group page; the member sets a password and is in."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_leader_invites_a_member_who_sets_a_password(page, browser, world):
    log_in(page, world.leader.email, factories.PASSWORD)
    page.goto(f"{page.base_url}/participations/{world.own.id}")
    expect(page.get_by_role("heading", name="Personer och konton")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Bjud in Olle Egen").click()
    expect(page.get_by_role("heading", name="Inbjudningslänk för Olle Egen")).to_be_visible()
    assert_accessible(page)
    link = page.get_by_label("Länk (kan användas en gång)").input_value()

    member = browser.new_context(locale="sv-SE").new_page()
    member.goto(link)
    expect(member.get_by_role("heading", name="Välkommen, Olle Egen")).to_be_visible()
    member.get_by_label("Välj lösenord").fill("kort")
    member.get_by_label("Upprepa lösenordet").fill("kort")
    member.get_by_role("button", name="Spara lösenord och logga in").click()
    expect(member.get_by_role("heading", name="Formuläret behöver rättas")).to_be_visible()
    assert_accessible(member)
    member.get_by_label("Välj lösenord").fill("olles-eget-losenord")
    member.get_by_label("Upprepa lösenordet").fill("olles-eget-losenord")
    member.get_by_role("button", name="Spara lösenord och logga in").click()
    expect(member.get_by_role("heading", name="Översikt")).to_be_visible()
    expect(member.get_by_text("Egna kommun").first).to_be_visible()

    page.get_by_role("link", name="Tillbaka").click()
    row = page.get_by_role("row", name="Olle Egen")
    expect(row.get_by_text("Aktivt konto")).to_be_visible()
    row.get_by_role("link", name="Stäng av Olle Egen").click()
    expect(page.get_by_role("heading", name="Stänga av kontot för Olle Egen?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Stäng av kontot").click()
    expect(page.get_by_text("Kontot för Olle Egen är avstängt och utloggat.")).to_be_visible()

    member.reload()
    expect(member.get_by_role("heading", name="Logga in")).to_be_visible()
    member.context.close()
