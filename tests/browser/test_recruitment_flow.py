"""An organisation applies through the public form and confirms by the mailed link; the leader
logs the telephone meeting and accepts. axe-core on every page, phone width for the public ones."""

import os
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from network_app.extensions import db
from network_app.notifications.models import OutboxMessage
from tests import factories
from tests.browser.conftest import assert_accessible, log_in
from tests.recruitment.helpers import open_period, register_codes

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _shot(page, name):
    """Screenshots to look at, when SCREENSHOT_DIR is set."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_an_organisation_applies_and_confirms_and_the_leader_accepts(page, browser, world):
    register_codes("0862", "1280", "12", "0881", "0861")
    for code in ("1280", "12"):
        factories.make_participation(world.network, factories.make_organisation(code=code))
    factories.make_organisation(code="0881")  # Nybro: will join Emmaboda's participation
    db.session.commit()
    network = open_period(world.network)

    applicant = browser.new_context(locale="sv-SE", viewport=PHONE).new_page()
    applicant.goto(f"{page.base_url}/apply/{network.id}")
    expect(applicant.get_by_role("heading", name=f"Ansök till {network.name}")).to_be_visible()
    assert_accessible(applicant)
    _fits(applicant)
    # Sent with the decision taken but no reference: refused, every error listed at once.
    applicant.get_by_label("Kommun eller region").select_option("0862")
    # Emmaboda applies together with Mönsterås (samverkanslösning); first, by mistake, itself.
    applicant.get_by_label("Ansöker tillsammans med: organisation 1").select_option("0862")
    applicant.get_by_label("Kontaktperson: namn").fill("Lina Sökande")
    applicant.get_by_label("Kontaktperson: e-postadress").fill("lina.sokande@example.se")
    applicant.get_by_label("Kort bakgrund: varför vill ni delta?").fill("Hot efter skolbeslut.")
    first = applicant.get_by_role("group", name="Person 1")
    first.get_by_label("Namn").fill("Per Politiker")
    first.get_by_label("Titel").fill("Kommunalråd")
    first.get_by_label("Förtroendevald eller tjänsteperson").select_option("elected_official")
    applicant.get_by_label("Taget").check()
    applicant.get_by_label("Beslutande organ").fill("Kommunstyrelsen")
    applicant.get_by_label("Datum för beslutet").fill("2026-11-20")
    applicant.get_by_role("button", name="Skicka ansökan").click()
    expect(applicant.get_by_role("heading", name="Formuläret behöver rättas")).to_be_visible()
    expect(
        applicant.get_by_role("link", name=re.compile("kan inte ansöka tillsammans med sig själv"))
    ).to_be_visible()
    assert_accessible(applicant)
    _fits(applicant)
    _shot(applicant, "apply-refused-390")
    applicant.get_by_label("Ansöker tillsammans med: organisation 1").select_option("0861")
    applicant.get_by_label("Diarienummer eller paragraf").fill("KS 2026/123")
    applicant.get_by_role("button", name="Skicka ansökan").click()
    expect(applicant.get_by_role("heading", name="Bekräfta ansökan i din e-post")).to_be_visible()
    assert_accessible(applicant)

    db.session.expire_all()
    message = db.session.scalar(sa.select(OutboxMessage))
    link = re.search(r"https?://\S+/apply/confirm/\S+", message.text_body).group(0)
    link = page.base_url + link[link.index("/apply/") :]
    applicant.goto(link)
    expect(applicant.get_by_role("heading", name="Bekräfta ansökan")).to_be_visible()
    expect(applicant.get_by_text("Ansöker tillsammans med: Mönsterås kommun.")).to_be_visible()
    assert_accessible(applicant)
    _fits(applicant)
    _shot(applicant, "confirm-390")
    applicant.get_by_role("button", name="Bekräfta ansökan").click()
    expect(applicant.get_by_role("heading", name="Ansökan är bekräftad")).to_be_visible()
    assert_accessible(applicant)
    applicant.goto(link)  # once only
    expect(applicant.get_by_text("redan bekräftad")).to_be_visible()
    applicant.context.close()

    log_in(page, world.leader.email, factories.PASSWORD)
    page.goto(f"{page.base_url}/networks/{network.id}/recruitment")
    expect(page.get_by_role("heading", name="Alla ansökningar")).to_be_visible()
    expect(page.get_by_text("tillsammans med Mönsterås kommun (Kalmar län)")).to_be_visible()
    assert_accessible(page)
    _shot(page, "recruitment-desktop")
    page.get_by_role("link", name="Emmaboda kommun").click()
    expect(page.get_by_role("heading", name="Ansökan från Emmaboda kommun")).to_be_visible()
    expect(page.get_by_role("heading", name="Ansöker tillsammans med")).to_be_visible()
    expect(page.get_by_role("cell", name="Kalmar län")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Vilka som deltog").fill("Lina Sökande")
    page.get_by_label("Anteckningar").fill("Gruppen är klar, beslutet taget.")
    page.get_by_role("button", name="Spara telefonmötet").click()
    expect(page.get_by_text("Telefonmötet är antecknat.")).to_be_visible()
    page.get_by_role("link", name="Anta eller avböj").click()
    assert_accessible(page)
    page.get_by_label("Antagen").check()
    page.get_by_label("Motivering till den sökande").fill("Ni ger nätverket ett litet perspektiv.")
    page.get_by_role("button", name="Spara beslutet").click()
    expect(
        page.get_by_text("Beslutet är sparat och den sökande får det med e-post.")
    ).to_be_visible()
    assert_accessible(page)
    _shot(page, "application-desktop")

    # Emmaboda and Nybro take part together (samverkanslösning).
    page.get_by_role("link", name="Projektgruppens sida").click()
    page.get_by_role("link", name="Lägg till en organisation i samverkan").click()
    page.get_by_label("Organisation som deltar tillsammans med denna").select_option(
        label="Nybro kommun"
    )
    page.get_by_role("button", name="Lägg till i samverkan").click()
    expect(page.get_by_text("Nybro kommun deltar nu i samverkan.")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    _fits(page)
    _shot(page, "participation-joint-390")

    page.set_viewport_size(PHONE)
    page.goto(f"{page.base_url}/networks/{network.id}/recruitment")
    _fits(page)
    _shot(page, "recruitment-390")
    page.get_by_role("link", name="Emmaboda kommun").click()
    _fits(page)
    _shot(page, "application-joint-390")
    # The leader's registration by hand takes partners too.
    page.goto(f"{page.base_url}/networks/{network.id}/applications/new")
    expect(page.get_by_label("Ansöker tillsammans med: organisation 4")).to_be_visible()
    assert_accessible(page)
    _fits(page)
    _shot(page, "application-by-hand-390")
    page.goto(f"{page.base_url}/networks/{network.id}/recruitment/invite")
    assert_accessible(page)
    _fits(page)
    _shot(page, "invite-390")
    db.session.expire_all()
    decided = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "application_decision")
    ).all()
    assert [m.recipient_address for m in decided] == ["lina.sokande@example.se"]
    assert "Ansöker tillsammans med: Mönsterås kommun." in decided[0].text_body
