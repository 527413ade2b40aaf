"""The events' mail in the browser: the leader asks for an approval with the button, and reads
the outbox holding a registration received, a reminder, a moved and a cancelled meeting and a
behind-pace note, at 390 px and at desktop width (axe-core, no sideways scrolling)."""

import os
from datetime import UTC, date, datetime, time

import pytest
from playwright.sync_api import expect

from network_app.extensions import db
from network_app.hours import mail as hours_mail
from network_app.meetings import mail as meeting_mail
from network_app.meetings import services
from network_app.meetings.models import RegistrationResponse
from tests import factories
from tests.browser.conftest import assert_accessible, log_in
from tests.cases.helpers import make_case
from tests.meetings.helpers import local, make_meeting

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("SCREENSHOT_DIR")


def assert_fits(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def _events(world):
    now = datetime(2026, 3, 2, 8, tzinfo=UTC)
    first = make_meeting(world.network, day=date(2026, 3, 9), title="Träff om säkerhet")
    second = make_meeting(world.network, day=date(2026, 3, 20), title="Digital avstämning")
    for meeting in (first, second):
        services.register(
            meeting,
            world.own.members[0],
            response=RegistrationResponse.ATTENDING,
            overnight_stay=False,
            dietary_needs="",
            by=world.participant,
            now=now,
        )
    meeting_mail.due_reminders(now)
    services.update_meeting(first, starts_at=local(date(2026, 3, 9), time(10)), now=now)
    services.cancel_meeting(second, now=now)
    hours_mail.behind_pace(datetime(2026, 7, 1, 10, tzinfo=UTC))
    make_case(world.own, description="Hot mot en ledamot.")
    db.session.commit()


def test_the_leader_asks_for_approval_and_reads_the_events_in_the_outbox(page, world):
    _events(world)
    log_in(page, world.leader.email, factories.PASSWORD)
    page.goto(page.base_url + f"/participations/{world.own.id}/approval")
    page.get_by_role("button", name="Be kontaktpersonen godkänna").click()
    expect(page.get_by_text("Kontaktpersonen får ett mejl om att granska")).to_be_visible()
    assert_accessible(page)

    page.goto(page.base_url + "/outbox")
    for subject in (
        "Din anmälan är mottagen: Träff om säkerhet",
        "Om en vecka: Träff om säkerhet",
        "Mötet är ändrat: Träff om säkerhet",
        "Mötet är inställt: Digital avstämning",
        "Gruppen ligger efter med timmarna: Egna kommun",
        "Granska och godkänn det lärande exemplet från Egna kommun",
    ):
        expect(page.get_by_role("heading", name=subject)).to_be_visible()
    expect(page.get_by_text("mote-", exact=False).first).to_be_visible()
    assert_accessible(page)
    for width, height in ((1280, 900), (390, 844), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        assert_fits(page)
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/outbox-events-{width}.png", full_page=True)
