"""Mail in the browser: a participant chooses which messages to get, the leader reads the
outbox, and an unsubscribe link turns one kind off; axe-core on each page, and each page fits
a phone (390 px) without scrolling sideways."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from network_app.extensions import db
from network_app.notifications import links, services
from network_app.notifications.models import MessageKind, MessageStatus
from tests import factories
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def assert_fits(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_a_participant_chooses_language_and_messages(page, world):
    log_in(page, world.participant.email, factories.PASSWORD)
    page.get_by_role("link", name="Mitt konto").click()
    page.get_by_role("link", name="Språk och vilka meddelanden du får").click()
    expect(page.get_by_role("heading", name="E-post från nätverket")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("English").check()
    page.get_by_label("Påminnelse en vecka före ett möte").uncheck()
    page.get_by_role("button", name="Spara").click()

    expect(page.get_by_text("Dina val för e-post är sparade.")).to_be_visible()
    expect(page.get_by_label("English")).to_be_checked()
    expect(page.get_by_label("Påminnelse en vecka före ett möte")).not_to_be_checked()
    expect(page.get_by_label("Påminnelse dagen före ett möte")).to_be_checked()
    page.set_viewport_size({"width": 390, "height": 844})
    assert_fits(page)
    assert_accessible(page)


def _outbox(world):
    now = datetime.now(UTC)
    services.enqueue(
        MessageKind.REGISTRATION_RECEIVED,
        template="generic",
        to=world.participant.email,
        user=world.participant,
        now=now,
        context={"subject": "Anmälan mottagen: Nätverksträff 2", "text": "Välkommen."},
        attachments=[services.Attachment("mote-2.ics", "text/calendar", b"BEGIN:VCALENDAR")],
    )
    failed = services.enqueue(
        MessageKind.GENERIC,
        to="en.mycket.lang.adress.som.inte.finns@kommunen-med-langt-namn.example",
        now=now,
        context={"subject": "Ett meddelande som studsade", "text": "Text."},
    )
    failed.status, failed.attempts, failed.last_error = MessageStatus.FAILED, 1, "smtp 550"
    db.session.commit()


def test_the_leader_reads_the_outbox_on_a_phone(page, world):
    _outbox(world)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, world.leader.email, factories.PASSWORD)
    page.goto(page.base_url + "/outbox")
    expect(page.get_by_role("heading", name="Utkorg", exact=True)).to_be_visible()
    expect(page.get_by_text("smtp 550")).to_be_visible()
    registration = page.locator("article", has_text="Anmälan mottagen")
    registration.get_by_text("Meddelandet som det skickas").click()
    expect(page.get_by_text("Välkommen.")).to_be_visible()
    assert_fits(page)
    assert_accessible(page)
    page.get_by_role("link", name="Misslyckades (1)").click()
    expect(page.get_by_role("heading", name="Ett meddelande som studsade")).to_be_visible()
    expect(page.get_by_role("heading", name="Anmälan mottagen: Nätverksträff 2")).to_have_count(0)
    assert_accessible(page)


def test_an_unsubscribe_link_turns_one_kind_off(page, world):
    token = links.opt_out_token(world.participant.id, MessageKind.NEW_COMMENT)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(page.base_url + "/mail/unsubscribe/" + token)
    expect(page.get_by_text("En ny kommentar eller coachningsanteckning")).to_be_visible()
    assert_fits(page)
    assert_accessible(page)
    page.get_by_role("button", name="Stäng av de här meddelandena").click()
    expect(page.get_by_role("heading", name="E-posten är avstängd")).to_be_visible()
    assert_accessible(page)
    assert services.turned_off_kinds(world.participant) == {MessageKind.NEW_COMMENT}
