"""Sharing between groups: another organisation's participant finds the approved learning example
of a first organisation on the network's page, reads it as it is published and downloads the
Word file; an unapproved example of a third organisation answers 404."""

import os

import pytest
from playwright.sync_api import expect

from network_app.extensions import db
from tests import factories
from tests.browser.conftest import assert_accessible, log_in
from tests.cases.helpers import approve, make_case

pytestmark = pytest.mark.browser

SHOTS = "/tmp/i13s"


def test_another_organisation_reads_the_approved_example_and_not_an_unapproved_one(
    app, page, world
):
    os.makedirs(SHOTS, exist_ok=True)
    make_case(
        world.own,
        title="Ny översiktsplan",
        description="Olle Egen fick hot på 070-111 11 11 inför beslutet om översiktsplanen.",
        lessons="Planera kommunikationen före beslutet.",
    )
    third = factories.make_participation(
        world.network, factories.make_organisation("Tredje kommun")
    )
    make_case(third, title="Skolnedläggning", description="Inte godkänt ännu.")
    db.session.commit()
    with app.test_request_context():
        approve(world.own, world.participant)
        db.session.commit()

    log_in(page, world.other_participant.email, factories.PASSWORD)
    page.goto(f"{page.base_url}/networks/{world.network.id}")
    page.get_by_role("link", name="Lärande exempel i nätverket").click()
    expect(page.get_by_role("heading", name="Lärande exempel i nätverket")).to_be_visible()
    expect(page.get_by_role("link", name="Lärande exempel: Tredje kommun")).to_have_count(0)
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=f"{SHOTS}/shared-list-390.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=f"{SHOTS}/shared-list-desktop.png", full_page=True)

    page.get_by_role("link", name="Lärande exempel: Egna kommun").click()
    expect(
        page.get_by_role("heading", name="Lärande exempel: Egna kommun", exact=True)
    ).to_be_visible()
    document = page.locator(".shared-example")
    expect(document).to_contain_text("Planera kommunikationen före beslutet.")
    expect(document).to_contain_text("[telefonnummer]")
    expect(page.locator("main")).not_to_contain_text("Olle")
    expect(page.locator("main")).not_to_contain_text("070-111")
    expect(document.locator("mark")).to_have_count(0)
    assert_accessible(page)
    page.screenshot(path=f"{SHOTS}/shared-example-desktop.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=f"{SHOTS}/shared-example-390.png", full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role(
            "link", name="Ladda ner det avidentifierade lärande exemplet (Word)"
        ).click()
    assert download_info.value.suggested_filename.endswith("-avidentifierat.docx")

    response = page.goto(f"{page.base_url}/participations/{third.id}/shared")
    assert response.status == 404
    expect(page.locator("main")).not_to_contain_text("Skolnedläggning")


def test_the_leader_adds_an_example_to_the_library_and_another_network_finds_it(app, page, world):
    from datetime import UTC, datetime

    from network_app.auth.models import Role
    from network_app.cases import services
    from network_app.cases.models import DecisionKind

    os.makedirs(SHOTS, exist_ok=True)
    case = make_case(
        world.own,
        title="Ny översiktsplan",
        decision_kind=DecisionKind.AUTHORITY,
        methods="proactive_debate_tone follow_up_report_back",
        lessons="Planera kommunikationen före beslutet.",
    )
    services.add_risk(case, {"description": "Hot via e-post", "likelihood": 2, "consequence": 4})
    elsewhere = factories.make_participation(
        factories.make_network(name="Nätverket 2027"), factories.make_organisation("Tredje kommun")
    )
    reader = factories.make_user(
        Role.PARTICIPANT, email="tredje@example.se", organisation=elsewhere.organisation
    )
    db.session.commit()
    with app.test_request_context():
        approve(world.own, world.participant)
        world.network.closed_at = datetime.now(UTC)
        db.session.commit()

    log_in(page, world.leader.email, factories.PASSWORD)
    page.goto(f"{page.base_url}/networks/{world.network.id}/learning-examples")
    page.get_by_role("link", name="Lärande exempel: Egna kommun").click()
    page.get_by_role("button", name="Lägg i biblioteket").click()
    expect(page.get_by_text("Det lärande exemplet finns i biblioteket.")).to_be_visible()
    expect(page.get_by_role("button", name="Ta bort ur biblioteket")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=f"{SHOTS}/library-toggle-390.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="English").click()  # the leader's page in English
    expect(page.get_by_role("button", name="Remove from the library")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=f"{SHOTS}/library-toggle-en.png")
    page.context.clear_cookies()

    log_in(page, reader.email, factories.PASSWORD)
    page.get_by_role("link", name="Lärande exempel", exact=True).first.click()
    expect(page.get_by_role("heading", name="Biblioteket Lärande exempel")).to_be_visible()
    page.get_by_label("Typ av beslut").select_option("values")
    page.get_by_role("button", name="Visa exempel").click()
    expect(
        page.get_by_text("Inga lärande exempel i biblioteket stämmer med urvalet.")
    ).to_be_visible()
    page.get_by_label("Typ av beslut").select_option("authority")
    page.get_by_label("Metod").select_option("proactive_debate_tone")
    page.get_by_label("Risknivå").select_option("high")
    page.get_by_role("button", name="Visa exempel").click()
    expect(page.get_by_role("link", name="Egna kommun")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=f"{SHOTS}/library-desktop.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=f"{SHOTS}/library-390.png", full_page=True)
    page.get_by_role("link", name="Egna kommun").click()
    expect(page.locator(".shared-example")).to_contain_text(
        "Planera kommunikationen före beslutet."
    )
    expect(page.get_by_role("button", name="Lägg i biblioteket")).to_have_count(0)
    assert_accessible(page)
