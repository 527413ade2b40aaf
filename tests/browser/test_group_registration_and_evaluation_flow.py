"""Issue 13: the contact person registers the whole group before the deadline, and a participant
answers a past meeting's evaluation; the leader reads the summary; axe-core on every page, and
each page fits a 390 px phone."""

import os
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from network_app.extensions import db
from network_app.meetings.models import EvaluationAnswer, Registration, RegistrationResponse
from tests import factories
from tests.browser.conftest import assert_accessible, log_in
from tests.meetings.helpers import make_meeting

pytestmark = pytest.mark.browser
SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _check(page):
    """axe-core and the phone widths once the page has loaded (its stylesheet applied): a click
    returns before the next page's load event."""
    page.wait_for_load_state("load")
    assert_accessible(page)


def _look(page, name):
    """Fits a phone without sideways scrolling; screenshots at both widths when asked for."""
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        if label == "phone":
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        if SCREENSHOTS:
            page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def _world_with_meetings(world):
    world.network.starts_on = date.today() - timedelta(days=100)
    world.network.ends_on = date.today() + timedelta(days=200)
    olle = next(m for m in world.own.members if m.is_contact)
    world.participant.person_id = olle.person_id
    coming = make_meeting(
        world.network,
        day=date.today() + timedelta(days=20),
        title="Uppstart med övernattning",
        place="SKR, Hornsgatan 20, Stockholm",
        has_overnight_stay=True,
        registration_closes_on=date.today() + timedelta(days=10),
    )
    past = make_meeting(
        world.network,
        day=date.today() - timedelta(days=2),
        title="Digital nätverksträff",
        online_url="https://meet.example.org/skr",
    )
    db.session.commit()
    return coming, past


def test_contact_person_registers_the_group_and_answers_the_evaluation(page, world):
    coming, past = _world_with_meetings(world)
    log_in(page, world.participant.email, factories.PASSWORD)

    page.goto(f"{page.base_url}/meetings/{coming.id}")
    page.get_by_role("link", name="Anmäl hela gruppen").click()
    expect(page.get_by_role("heading", name="Anmälan för Egna kommun")).to_be_visible()
    expect(page.get_by_text("SKR, Hornsgatan 20, Stockholm")).to_be_visible()
    page.get_by_role("button", name="Spara gruppens svar").click()
    expect(page.get_by_role("heading", name="Formuläret behöver rättas")).to_be_visible()
    expect(
        page.get_by_role("link", name="Olle Egen: Välj om Olle Egen kommer eller inte.")
    ).to_be_visible()
    _check(page)
    _look(page, "group-registration-errors")

    page.get_by_role("group", name="Olle Egen").get_by_label("Kommer", exact=True).check()
    page.get_by_label("Behöver övernattning (Olle Egen)").check()
    page.get_by_label("Specialkost eller allergier (Olle Egen)").fill("Vegetarisk")
    page.get_by_role("group", name="Stina Egen").get_by_label("Kommer inte").check()
    _check(page)
    _look(page, "group-registration")
    page.get_by_role("button", name="Spara gruppens svar").click()
    expect(page.get_by_text("Svaren för Egna kommun är sparade.")).to_be_visible()
    _check(page)
    _look(page, "meeting-after-group-registration")

    page.goto(f"{page.base_url}/meetings/{past.id}")
    page.get_by_role("link", name="Svara på utvärderingen").click()
    _check(page)
    _look(page, "evaluation-form")
    page.get_by_label("5 – mycket").check()
    page.get_by_label("Vad var mest värdefullt?").fill("Riskanalysen i smågrupper")
    page.get_by_role("button", name="Skicka svaret").click()
    expect(page.get_by_text("Tack för ditt svar på utvärderingen.")).to_be_visible()
    expect(page.get_by_text("Du har svarat på utvärderingen. Tack!")).to_be_visible()
    _check(page)

    answers = {
        r.group_member_id: r
        for r in db.session.scalars(
            sa.select(Registration).where(Registration.meeting_id == coming.id)
        )
    }
    assert len(answers) == 2
    assert sorted(r.response for r in answers.values()) == [
        RegistrationResponse.ATTENDING,
        RegistrationResponse.NOT_ATTENDING,
    ]
    assert db.session.scalar(sa.select(sa.func.count(EvaluationAnswer.id))) == 1


def test_leader_reads_the_summary_and_the_withheld_evaluation(page, world):
    coming, past = _world_with_meetings(world)
    olle = next(m for m in world.own.members if m.is_contact)
    from network_app.meetings import services

    services.register(
        coming,
        olle,
        response=RegistrationResponse.ATTENDING,
        overnight_stay=True,
        dietary_needs="Glutenfri",
        by=world.leader,
        now=coming.created_at,
    )
    db.session.commit()
    log_in(page, world.leader.email, factories.PASSWORD)
    page.goto(f"{page.base_url}/meetings/{coming.id}")
    page.get_by_role("link", name="Sammanställning av anmälningarna").click()
    expect(page.get_by_role("rowheader", name="Glutenfri")).to_be_visible()
    _check(page)
    _look(page, "registration-summary")
    page.goto(f"{page.base_url}/meetings/{coming.id}")
    page.get_by_role("link", name="Ladda upp material").click()
    _check(page)
    page.get_by_label("Dagordning").check()
    page.get_by_label("Fil").set_input_files(
        files=[{"name": "dagordning.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00"}]
    )
    page.get_by_role("button", name="Ladda upp", exact=True).click()
    expect(page.get_by_role("heading", name="Formuläret behöver rättas")).to_be_visible()
    expect(page.get_by_text("Det är innehållet som avgör, inte filens namn.").first).to_be_visible()
    _check(page)
    _look(page, "material-refused")
    page.get_by_label("Fil").set_input_files(
        files=[
            {
                "name": "Dagordning uppstart.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n%%EOF\n",
            }
        ]
    )
    page.get_by_role("button", name="Ladda upp", exact=True).click()
    expect(page.get_by_text("Filen Dagordning uppstart.pdf är uppladdad.")).to_be_visible()
    expect(page.get_by_role("link", name="Dagordning uppstart.pdf", exact=True)).to_be_visible()
    _check(page)
    _look(page, "meeting-with-material")
    page.goto(f"{page.base_url}/meetings/{past.id}/evaluation/results")
    expect(page.get_by_text("Resultaten visas när minst 3 har svarat")).to_be_visible()
    _check(page)
    page.goto(f"{page.base_url}/networks/{world.network.id}/edit")
    _check(page)
    _look(page, "network-form-programme-model")
