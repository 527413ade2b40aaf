"""A participant documents a case with a risk, marks checklist items and downloads the report."""

import re
from io import BytesIO

import docx
import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_participant_documents_case_and_system_and_downloads_learning_example(page, world):
    log_in(page, world.participant.email, factories.PASSWORD)
    page.goto(f"{page.base_url}/participations/{world.own.id}")
    page.get_by_role("link", name="Case, organisationens system och lärande exempel").click()
    expect(page.get_by_role("heading", name="Case och system: Egna kommun")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Nytt case").click()
    page.get_by_role("button", name="Skapa case").click()
    expect(page.get_by_role("heading", name="Formuläret behöver rättas")).to_be_visible()
    expect(page.get_by_text("Ange en rubrik för caset.").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Rubrik").fill("Nedläggning av Byskolan")
    page.get_by_label("Förändring inom välfärdstjänster").check()
    page.get_by_label("Riskanalys").check()
    page.get_by_label("Förebyggande säkerhetssamtal").check()
    page.get_by_label("Skillnader i hur kvinnor och män utsätts").fill("Kvinnor får fler hot.")
    page.get_by_role("button", name="Skapa case").click()
    expect(page.get_by_text("Caset är skapat.")).to_be_visible()
    expect(page.get_by_role("heading", name="Nedläggning av Byskolan", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Lägg till risk").click()
    page.get_by_label(re.compile(r"^Risk \(obligatoriskt")).fill(
        "Hot i sociala medier mot ordföranden"
    )
    page.get_by_role("group", name=re.compile("Sannolikhet")).get_by_label("3").check()
    page.get_by_role("group", name=re.compile("Konsekvens")).get_by_label("4").check()
    page.get_by_label("Åtgärder", exact=True).fill("Säkerhetssamtal före mötet")
    assert_accessible(page)
    page.get_by_role("button", name="Lägg till risk").click()
    expect(page.get_by_text("Risken är tillagd.")).to_be_visible()
    expect(page.get_by_role("cell", name="Mycket hög (12): 1")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Case och system").click()
    page.get_by_role("link", name="Visa och ändra checklistan").click()
    expect(page.get_by_text("0 av 22 punkter klara")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ändra avsnittet Inledande formalia").click()
    page.get_by_role("group", name="Inledning och bakgrund").get_by_label("Klart").check()
    page.get_by_role("group", name="Giltighetstid").get_by_label("Pågår").check()
    assert_accessible(page)
    page.get_by_role("button", name="Spara avsnittet").click()
    expect(page.get_by_text("Organisationens system är sparat.")).to_be_visible()
    expect(page.get_by_text("1 av 22 punkter klara")).to_be_visible()
    expect(
        page.locator(".checklist-summary").get_by_text("1 klara, 1 pågår, 1 saknas")
    ).to_be_visible()
    page.get_by_role("link", name="Ändra ansvar och styrande dokument").click()
    page.get_by_role("group", name="Ansvarsnivå som organisationen har beslutat").get_by_label(
        re.compile("^Nivå 1")
    ).check()
    page.get_by_role("button", name="Spara avsnittet").click()
    expect(page.get_by_text("Organisationens system är sparat.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Case och system").click()
    expect(page.get_by_text("1 av 22 punkter klara")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner lärande exempel", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    document = docx.Document(BytesIO(open(download.path(), "rb").read()))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Case: Nedläggning av Byskolan" in headings
    risk_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Nr")
    assert risk_table.rows[1].cells[1].text == "Hot i sociala medier mot ordföranden"
