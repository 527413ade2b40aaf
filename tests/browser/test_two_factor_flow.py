"""A participant turns on two-factor login, logs out, and logs in again with a TOTP code."""

import time

import pyotp
import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_enrol_log_out_and_log_in_with_a_totp_code(page, world):
    log_in(page, world.participant.email, factories.PASSWORD)
    page.get_by_role("link", name="Mitt konto").click()
    page.get_by_role("link", name="Slå på tvåstegsverifiering").click()
    expect(page.get_by_role("heading", name="Slå på tvåstegsverifiering")).to_be_visible()
    expect(
        page.get_by_role("img", name="QR-kod med nyckeln för autentiseringsappen")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Kod från appen").fill("000000")
    page.get_by_label("Ditt lösenord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Slå på").click()
    expect(page.get_by_role("heading", name="Formuläret behöver rättas")).to_be_visible()
    assert_accessible(page)

    secret = page.locator("code.secret").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    page.get_by_label("Kod från appen").fill(totp.now())
    page.get_by_label("Ditt lösenord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Slå på").click()
    expect(page.get_by_role("heading", name="Dina reservkoder")).to_be_visible()
    assert page.locator(".recovery-codes li").count() == 10
    assert_accessible(page)

    page.get_by_role("link", name="Jag har sparat koderna").click()
    expect(page.get_by_role("heading", name="Tvåstegsverifiering", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("heading", name="Logga in")).to_be_visible()

    log_in(page, world.participant.email, factories.PASSWORD)
    expect(page.get_by_role("heading", name="Andra steget i inloggningen")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kod", exact=False).first.fill("999999")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_text("Koden stämmer inte").first).to_be_visible()
    assert_accessible(page)

    # The next step's code: accepted within the one-step window, and not the code used above.
    page.get_by_label("Kod", exact=False).first.fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Översikt")).to_be_visible()


def test_leader_reads_the_audit_log(page, world):
    page.goto(page.base_url + "/login")
    page.get_by_label("E-postadress").fill("fel@example.se")
    page.get_by_label("Lösenord").fill("fel-losenord")
    page.get_by_role("button", name="Logga in").click()
    log_in(page, world.leader.email, factories.PASSWORD)
    page.get_by_role("link", name="Granskningslogg").click()
    expect(page.get_by_role("heading", name="Granskningslogg")).to_be_visible()
    expect(page.get_by_role("cell", name="Misslyckad inloggning")).to_be_visible()
    expect(page.get_by_role("cell", name="Inloggning", exact=True)).to_be_visible()
    assert "fel@example.se" not in page.content()
    assert_accessible(page)
