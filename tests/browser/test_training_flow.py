"""An organisation requests the training through the public form and confirms it by the mailed
link; the leader finds it first in the queue and schedules it; the confirmation's calendar file
parses in icalendar and vobject. axe-core on every page, at 390 px and at desktop width."""

import os
import re
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest
import sqlalchemy as sa
import vobject
from playwright.sync_api import expect

from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.notifications.models import MessageKind, OutboxMessage
from network_app.training.models import TrainingStatus
from tests import factories
from tests.browser.conftest import assert_accessible, log_in
from tests.training.helpers import load_register, make_request

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
# Set TRAINING_SCREENSHOTS=DIR to keep a screenshot of every page (to look at them).
SHOTS = os.environ.get("TRAINING_SCREENSHOTS")


def _look(page, name):
    """axe-core, no sideways scrolling at 390 px, and a screenshot when asked for."""
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    if SHOTS:
        width = page.viewport_size["width"]
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


def _mail(kind):
    db.session.expire_all()
    return db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
    ).all()[-1]


@pytest.fixture
def training_world(world):
    load_register()
    # Västra Götalandsregionen has had the training: its new request comes after Malmö's.
    make_request("14", status=TrainingStatus.HELD)
    make_request("14", requested_at=utcnow() - timedelta(days=20))
    db.session.commit()
    return world


def test_an_organisation_requests_confirms_and_the_leader_schedules(browser, page, training_world):
    world = training_world
    phone = browser.new_context(locale="sv-SE", viewport=PHONE).new_page()
    phone.base_url = page.base_url
    day = (utcnow() + timedelta(days=40)).date().isoformat()

    phone.goto(phone.base_url + "/training/request")
    expect(phone.get_by_role("heading", name="Beställ utbildning om hot och hat")).to_be_visible()
    _look(phone, "public-form")
    phone.get_by_role("button", name="Skicka önskan").click()
    expect(phone.get_by_role("heading", name="Formuläret behöver rättas")).to_be_visible()
    _look(phone, "public-form-errors")

    phone.get_by_label("Kommun eller region").select_option("1280")
    phone.get_by_label("Kortare seminarium (cirka en timme)").check()
    phone.get_by_label("På distans").check()
    phone.get_by_label("Fullmäktige och styrelsen").check()
    phone.get_by_label("Vi vill testa det digitala verktyget dagen innan").check()
    phone.get_by_label("Önskat datum").fill(day)
    phone.get_by_label("Ungefärligt antal deltagare").fill("61")
    phone.locator("#contact_name").fill("Kim Kontakt")
    phone.get_by_label("Kontaktpersonens e-postadress").fill("kim.kontakt@malmo.example")
    phone.get_by_role("button", name="Skicka önskan").click()
    expect(phone.get_by_role("heading", name="Bekräfta via e-post")).to_be_visible()
    _look(phone, "request-sent")

    link = re.search(r"http\S*/training/confirm/\S+", _mail("training_confirm_request").text_body)
    phone.goto(phone.base_url + link.group(0)[link.group(0).index("/training/") :])
    expect(phone.get_by_role("heading", name="Bekräfta önskan om utbildning")).to_be_visible()
    _look(phone, "confirm")
    phone.get_by_role("button", name="Bekräfta").click()
    expect(phone.get_by_role("heading", name="Tack, önskan är bekräftad")).to_be_visible()
    _look(phone, "confirmed")
    phone.context.close()

    for view in (page, None):
        if view is None:  # the same pages at 390 px
            view = browser.new_context(locale="sv-SE", viewport=PHONE).new_page()
            view.base_url = page.base_url
        log_in(view, world.leader.email, factories.PASSWORD)
        view.goto(view.base_url + "/training")
        rows = view.get_by_role("table", name="Önskningar att boka, i prioritetsordning")
        first, second = rows.get_by_role("row").nth(1), rows.get_by_role("row").nth(2)
        expect(first).to_contain_text("Malmö stad")
        expect(first).to_contain_text("Nej – prioriteras")
        expect(second).to_contain_text("Västra Götalandsregionen")
        _look(view, "queue")
        view.goto(view.base_url + "/training/report")
        expect(view.get_by_role("img", name=re.compile("Diagram: genomförda"))).to_be_visible()
        _look(view, "report")
        if view is not page:
            view.context.close()

    page.goto(page.base_url + "/training")
    page.get_by_role("link", name="Malmö stad").click()
    expect(page.get_by_role("heading", name="Utbildning: Malmö stad")).to_be_visible()
    _look(page, "training")
    page.get_by_role("link", name="Boka utbildningen").click()
    _look(page, "schedule")
    page.locator("#start_date").fill(day)
    page.get_by_label("Starttid").fill("13:30")
    page.get_by_label("Sluttid").fill("14:30")
    page.get_by_label("Utbildare från SKR").fill("Tova Utbildare")
    page.get_by_label("Länk till det digitala mötet").fill("https://mote.example/malmo")
    test_day = (utcnow() + timedelta(days=39)).date().isoformat()
    page.get_by_label("Datum för testet av verktyget").fill(test_day)
    page.get_by_label("Testet börjar").fill("15:00")
    page.get_by_label("Testet slutar").fill("15:30")
    page.get_by_role("button", name="Boka och skicka bekräftelsen").click()
    expect(page.get_by_text("Utbildningen är bokad.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Status: Bokad")
    _look(page, "training-booked")

    mail = _mail(MessageKind.TRAINING_SCHEDULED)
    assert mail.recipient_address == "kim.kontakt@malmo.example"
    data = bytes(mail.attachments[0].content)
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CONFIRMED"]
    assert events[0].decoded("DTSTART").strftime("%Y-%m-%d %H:%M") == f"{day} 13:30"
    parsed = vobject.readOne(data.decode("utf-8"))
    assert parsed.method.value == "PUBLISH"
    assert [e.summary.value for e in parsed.vevent_list] == [
        "Utbildning om hot och hat: Malmö stad",
        "Test av det digitala verktyget: Malmö stad",
    ]

    # The leader cancels: the contact gets the same events again, cancelled, with a higher SEQUENCE.
    page.get_by_role("link", name="Ställ in").click()
    expect(
        page.get_by_role("heading", name="Ställa in utbildningen för Malmö stad?")
    ).to_be_visible()
    _look(page, "cancel")
    page.get_by_role("button", name="Ställ in utbildningen").click()
    expect(page.locator("main")).to_contain_text("Status: Inställd")
    cancelled = bytes(_mail(MessageKind.TRAINING_CANCELLED).attachments[0].content)
    again = icalendar.Calendar.from_ical(cancelled).walk("VEVENT")
    assert [str(e["UID"]) for e in again] == [str(e["UID"]) for e in events]
    assert all(str(e["STATUS"]) == "CANCELLED" for e in again)
    assert all(
        int(new["SEQUENCE"]) > int(old["SEQUENCE"]) for new, old in zip(again, events, strict=True)
    )
    assert [e.status.value for e in vobject.readOne(cancelled.decode()).vevent_list] == [
        "CANCELLED",
        "CANCELLED",
    ]


def test_a_participant_requests_for_their_own_organisation(browser, page, training_world):
    world = training_world
    world.own.organisation.register_code = "2582"
    db.session.commit()
    log_in(page, world.participant.email, factories.PASSWORD)
    page.goto(f"{page.base_url}/organisations/{world.own.organisation_id}")
    page.get_by_role("link", name="Önska utbildning om hot och hat").click()
    expect(page.get_by_text("Bodens kommun")).to_be_visible()
    _look(page, "participant-request")
    page.get_by_label("Längre seminarium med workshop").check()
    page.get_by_label("På plats", exact=True).check()
    page.get_by_label("Styrelsen", exact=True).check()
    page.get_by_label("Önskat datum").fill((utcnow() + timedelta(days=60)).date().isoformat())
    page.get_by_label("Ungefärligt antal deltagare").fill("15")
    page.get_by_role("button", name="Skicka önskan").click()
    expect(page.get_by_text("Önskan om utbildning är registrerad.")).to_be_visible()
    expect(page.get_by_role("heading", name="Utbildning för förtroendevalda")).to_be_visible()
    _look(page, "organisation-with-training")
