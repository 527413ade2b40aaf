"""The group's contact person reads the learning example as it will be published, redacts a
flagged name by hand, approves, and a later change withdraws the approval."""

import re
from io import BytesIO

import docx
import pytest
from playwright.sync_api import expect

from network_app.extensions import db
from network_app.reports import collect
from network_app.reports.builder import build_network_report
from tests import factories
from tests.browser.conftest import assert_accessible, log_in
from tests.cases.helpers import make_case

pytestmark = pytest.mark.browser

SHOTS = "/tmp/i12p"


def _network_report_for_publication(app, world):
    from datetime import UTC, datetime

    with app.test_request_context():
        db.session.expire_all()
        report = collect.network_report_data(
            world.network, anonymised=True, contact_details=False, now=datetime.now(UTC)
        )
        document = docx.Document(BytesIO(build_network_report(report)))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(paragraphs + cells)


def test_contact_person_redacts_a_flagged_name_approves_and_a_change_withdraws(app, page, world):
    make_case(
        world.own,
        description="Journalisten Kalle Svensson ringde Olle Egen på 070-111 11 11 om beslutet.",
    )
    contact = next(m for m in world.own.members if m.is_contact)
    world.participant.person_id = contact.person_id
    db.session.commit()

    log_in(page, world.participant.email, factories.PASSWORD)
    page.goto(f"{page.base_url}/participations/{world.own.id}/cases")
    page.get_by_role("link", name="Läs och godkänn det som publiceras").click()
    expect(
        page.get_by_role("heading", name="Det här publiceras: lärande exempel från Egna kommun")
    ).to_be_visible()
    preview = page.locator(".publication-preview")
    expect(preview).not_to_contain_text("Olle")
    expect(preview).not_to_contain_text("070-111")
    expect(preview.locator("mark.flagged", has_text="Kalle Svensson").first).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=f"{SHOTS}/approval-390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=f"{SHOTS}/approval-desktop.png", full_page=True)

    page.get_by_label("Kalle Svensson").check()
    page.get_by_role("button", name="Dölj det valda").click()
    expect(page.get_by_text("Texten är dold i alla avidentifierade versioner.")).to_be_visible()
    expect(preview).not_to_contain_text("Kalle")
    expect(preview).to_contain_text("Journalisten [borttaget]")
    assert_accessible(page)

    page.get_by_role("button", name="Godkänn texten ovan för publicering").click()
    expect(page.get_by_text("är godkänt för publicering")).to_be_visible()
    expect(page.get_by_role("button", name="Godkänn texten ovan för publicering")).to_have_count(0)
    assert_accessible(page)
    page.screenshot(path=f"{SHOTS}/approval-approved.png", full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner den avidentifierade Word-filen").click()
    word = docx.Document(BytesIO(open(download_info.value.path(), "rb").read()))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Kalle" not in text and "Journalisten [borttaget] ringde" in text
    assert re.search(r"Godkänt för publicering den \d{4}-\d\d-\d\d\.", text)
    published = _network_report_for_publication(app, world)
    assert "Journalisten [borttaget] ringde" in published and "Kalle" not in published
    assert "Inte godkända ännu: Andra regionen." in published

    page.goto(f"{page.base_url}/participations/{world.own.id}/cases")
    page.get_by_role("link", name="Nedläggning av Byskolan").click()
    page.get_by_role("link", name="Lägg till risk").click()
    page.get_by_label(re.compile(r"^Risk \(obligatoriskt")).fill("Hot mot Kalle Svensson")
    page.get_by_role("group", name=re.compile("Sannolikhet")).get_by_label("2").check()
    page.get_by_role("group", name=re.compile("Konsekvens")).get_by_label("2").check()
    page.get_by_role("button", name="Lägg till risk").click()
    expect(page.get_by_text("Risken är tillagd.")).to_be_visible()

    page.goto(f"{page.base_url}/participations/{world.own.id}/approval")
    expect(page.locator(".approval-status .badge-warn")).to_contain_text("Inte godkänt")
    expect(page.get_by_role("button", name="Godkänn texten ovan för publicering")).to_be_visible()
    expect(preview).to_contain_text("Hot mot [borttaget]")  # the redaction holds
    published = _network_report_for_publication(app, world)
    assert "Inte godkända ännu: Andra regionen, Egna kommun." in published
    assert "Journalisten" not in published
