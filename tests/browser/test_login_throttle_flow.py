"""Someone guesses at a participant's password from two other addresses; the participant still
signs in from the browser they used before, and the leader sees the account as blocked."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser

THROTTLED = "För många misslyckade inloggningar"


@pytest.fixture
def live_server_config():
    # The client address from X-Forwarded-For, as behind the production proxy: each browser
    # below says where it comes from.
    return {"PROXY_COUNT": 1}


def _browser_at(browser, live_server, address=None):
    headers = {"X-Forwarded-For": address} if address else {}
    context = browser.new_context(locale="sv-SE", extra_http_headers=headers)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server
    return page


def test_a_known_browser_signs_in_while_an_attacker_keeps_failing(browser, live_server, world):
    victim = world.participant
    owner = _browser_at(browser, live_server, "10.20.30.40")
    log_in(owner, victim.email, factories.PASSWORD)
    expect(owner.get_by_role("heading", name="Översikt")).to_be_visible()
    owner.get_by_role("button", name="Logga ut").click()
    expect(owner.get_by_role("heading", name="Logga in")).to_be_visible()

    for address in ("192.0.2.66", "192.0.2.67"):
        attacker = _browser_at(browser, live_server, address)
        for number in range(8):
            log_in(attacker, victim.email, f"en-gissning-till-{number}")
        expect(attacker.get_by_text(THROTTLED).first).to_be_visible()
        attacker.context.close()

    # A browser the account has never seen is held back, even with the right password.
    stranger = _browser_at(browser, live_server, "10.20.30.41")
    log_in(stranger, victim.email, factories.PASSWORD)
    expect(stranger.get_by_text(THROTTLED).first).to_be_visible()
    assert_accessible(stranger)
    stranger.context.close()

    # The owner's browser is not.
    log_in(owner, victim.email, factories.PASSWORD)
    expect(owner.get_by_role("heading", name="Översikt")).to_be_visible()
    owner.context.close()

    leader = _browser_at(browser, live_server, "10.20.30.50")
    log_in(leader, world.leader.email, factories.PASSWORD)
    leader.get_by_role("link", name="Konton").click()
    leader.get_by_role("link", name="Spärrade inloggningar").click()
    expect(leader.get_by_role("heading", name="Spärrade inloggningar")).to_be_visible()
    blocked = leader.get_by_role("region", name="Konton som är stängda för okända webbläsare")
    expect(blocked.get_by_text(victim.email)).to_be_visible()
    expect(leader.get_by_text("192.0.2.66").first).to_be_visible()
    assert_accessible(leader)
    for width, height in ((390, 844), (320, 640)):
        leader.set_viewport_size({"width": width, "height": height})
        assert leader.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(leader)
    leader.context.close()
