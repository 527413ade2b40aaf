"""The cases pages through the client: forms, refusals, stale saves and approval."""

import re
from io import BytesIO

import docx
import pytest

from network_app.cases import services
from network_app.cases.models import Case, ReportApproval, RiskItem, SystemChecklist
from network_app.db_types import utcnow
from network_app.extensions import db
from tests import factories
from tests.cases.helpers import make_case

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CASE_FORM = {
    "title": "Ny detaljplan för centrum",
    "decision_kind": "values",
    "status": "chosen",
    "methods": ["proactive_debate_tone", "reactive_media_contacts"],
}


def _html(response):
    return response.get_data(as_text=True)


def test_participant_documents_a_case_with_methods(client, auth, world):
    auth.login(world.participant)
    response = client.post(f"/participations/{world.own.id}/cases/new", data=CASE_FORM)
    assert response.status_code == 302
    case = db.session.scalar(db.select(Case))
    assert (case.title, case.participation_id) == ("Ny detaljplan för centrum", world.own.id)
    assert case.methods == "proactive_debate_tone reactive_media_contacts"
    page = _html(client.get(response.location))
    assert "Samtalstonen i politiken" in page and "Mediakontakter" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Ange en rubrik för caset."),
        ({"title": "x" * 201}, "Texten får vara högst 200 tecken."),
        ({"decision_kind": "nonsense"}, "Välj en av beslutstyperna."),
        ({"decision_kind": None}, "Välj vilken typ av beslut processen leder till."),
        ({"decision_expected_on": "15/10"}, "Ange väntat beslutsdatum som ÅÅÅÅ-MM-DD"),
        ({"methods": ["hacking"]}, "Välj metoder ur listan."),
    ],
)
def test_a_refused_case_form_names_the_field_and_stores_nothing(
    client, auth, world, changes, message
):
    auth.login(world.participant)
    data = {k: v for k, v in {**CASE_FORM, **changes}.items() if v is not None}
    response = client.post(f"/participations/{world.own.id}/cases/new", data=data)
    assert response.status_code == 200
    assert message in _html(response) and "Formuläret behöver rättas" in _html(response)
    assert db.session.scalar(db.select(db.func.count(Case.id))) == 0


def test_control_characters_are_removed_before_saving(client, auth, world):
    auth.login(world.participant)
    client.post(
        f"/participations/{world.own.id}/cases/new",
        data={**CASE_FORM, "title": "Skola\x00\x0b\x1b 😀", "lessons": "a\x0cb"},
    )
    case = db.session.scalar(db.select(Case))
    assert (case.title, case.lessons) == ("Skola 😀", "ab")


def test_risk_is_added_and_shown_in_the_matrix(client, auth, world):
    case = make_case(world.own)
    db.session.commit()
    auth.login(world.participant)
    response = client.post(
        f"/cases/{case.id}/risks/new",
        data={"description": "Hot via e-post", "likelihood": "3", "consequence": "4"},
    )
    assert response.status_code == 302
    page = _html(client.get(f"/cases/{case.id}"))
    assert "Mycket hög (12): <strong>1</strong>" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("likelihood", "5", "Välj sannolikhet från 1 till 4."),
        ("consequence", "", "Välj konsekvens från 1 till 4."),
        ("description", "", "Beskriv risken."),
    ],
)
def test_a_refused_risk_stores_nothing(client, auth, world, field, value, message):
    case = make_case(world.own)
    db.session.commit()
    auth.login(world.participant)
    data = {"description": "Hot", "likelihood": "2", "consequence": "2", field: value}
    response = client.post(f"/cases/{case.id}/risks/new", data=data)
    assert response.status_code == 200 and message in _html(response)
    assert db.session.scalar(db.select(db.func.count(RiskItem.id))) == 0


def test_a_risk_of_another_case_is_not_found_through_this_case(client, auth, world):
    own, other = make_case(world.own), make_case(world.other)
    risk = services.add_risk(other, {"description": "Annan", "likelihood": 1, "consequence": 1})
    db.session.commit()
    auth.login(world.participant)
    assert client.get(f"/cases/{own.id}/risks/{risk.id}/edit").status_code == 404
    assert client.post(f"/cases/{own.id}/risks/{risk.id}/delete").status_code == 404


def test_the_second_of_two_concurrent_saves_is_refused(client, auth, world):
    case = make_case(world.own)
    db.session.commit()
    auth.login(world.participant)
    version = case.version
    first = client.post(
        f"/cases/{case.id}/edit", data={**CASE_FORM, "title": "Först", "version": version}
    )
    second = client.post(
        f"/cases/{case.id}/edit",
        data={**CASE_FORM, "title": "Sist", "version": version},
        follow_redirects=True,
    )
    assert first.status_code == 302
    assert "Någon annan har sparat ändringar medan du arbetade" in _html(second)
    db.session.expire_all()
    assert db.session.get(Case, case.id).title == "Först"


def test_checklist_is_saved_and_a_stale_checklist_save_is_refused(client, auth, world):
    auth.login(world.participant)
    data = {
        "version": "0",
        "document_status": "decided",
        "decided_by": "Kommunfullmäktige",
        "decided_on": "2026-03-01",
        "responsibility_level": "1",
        "state_introduction": "done",
        "note_introduction": "Finns i riktlinjen",
    }
    from network_app.cases import checklist as outline

    form = {f"state_{key}": "missing" for key in outline.ITEM_KEYS} | data
    assert client.post(f"/participations/{world.own.id}/system", data=form).status_code == 302
    checklist = db.session.scalar(db.select(SystemChecklist))
    assert (checklist.responsibility_level, checklist.decided_by) == (1, "Kommunfullmäktige")
    stale = client.post(f"/participations/{world.own.id}/system", data=form, follow_redirects=True)
    assert "Någon annan har sparat ändringar" in _html(stale)


def test_decided_document_needs_body_and_date(client, auth, world):

    auth.login(world.participant)
    form = {"version": "0", "document_status": "decided"}
    response = client.post(f"/participations/{world.own.id}/system/document", data=form)
    assert "Ange vilket organ som beslutade dokumentet." in _html(response)
    assert "Ange när dokumentet beslutades." in _html(response)
    assert db.session.scalar(db.select(db.func.count(SystemChecklist.id))) == 0


def test_participant_cannot_open_another_organisations_case_checklist_or_report(
    client, auth, world
):
    case = make_case(world.other)
    db.session.commit()
    auth.login(world.participant)
    for url in (
        f"/cases/{case.id}",
        f"/participations/{world.other.id}/cases",
        f"/participations/{world.other.id}/system",
        f"/participations/{world.other.id}/learning-example.docx",
        f"/participations/{world.other.id}/learning-example.docx?variant=anonymised",
        f"/networks/{world.network.id}/report.docx",
        f"/networks/{world.network.id}/goals",
    ):
        assert client.get(url).status_code == 403, url


def test_a_closed_network_is_read_only_for_participants(client, auth, world):
    case = make_case(world.own)
    world.network.closed_at = utcnow()
    db.session.commit()
    auth.login(world.participant)
    assert client.get(f"/cases/{case.id}").status_code == 200
    assert client.post(f"/cases/{case.id}/edit", data=CASE_FORM).status_code == 403
    assert client.post(f"/participations/{world.own.id}/system", data={}).status_code == 403
    assert "Ändra avsnittet" not in _html(client.get(f"/participations/{world.own.id}/system"))


def test_observer_reads_but_cannot_change(client, auth, world):
    case = make_case(world.own)
    db.session.commit()
    auth.login(world.observer)
    assert client.get(f"/cases/{case.id}").status_code == 200
    assert client.get(f"/networks/{world.network.id}/goals").status_code == 200
    assert client.post(f"/cases/{case.id}/risks/new", data={}).status_code == 403
    report = client.get(f"/participations/{world.own.id}/learning-example.docx")
    assert report.status_code == 200
    assert "070-111 11 11" not in "".join(
        c.text for t in docx.Document(BytesIO(report.data)).tables for r in t.rows for c in r.cells
    )


def _contact_account(world):
    contact = next(m for m in world.own.members if m.is_contact)
    world.participant.person_id = contact.person_id
    db.session.commit()


def test_only_the_groups_contact_person_approves_and_a_later_change_withdraws(client, auth, world):
    case = make_case(world.own)
    db.session.commit()
    auth.login(world.participant)
    assert client.post(f"/participations/{world.own.id}/approval").status_code == 403
    _contact_account(world)
    page = _html(client.get(f"/participations/{world.own.id}/approval"))
    digest = re.search(r'name="digest" type="hidden" value="([0-9a-f]{64})"', page).group(1)
    response = client.post(
        f"/participations/{world.own.id}/approval", data={"digest": digest}, follow_redirects=True
    )
    assert "godkänt för publicering" in _html(response)
    approval = db.session.scalar(db.select(ReportApproval))
    assert approval.approved_by_id == world.participant.id and approval.withdrawn_at is None
    client.post(
        f"/cases/{case.id}/journal/new", data={"written_on": "2026-05-02", "text": "Nytt möte"}
    )
    db.session.expire_all()
    assert db.session.get(ReportApproval, approval.id).withdrawn_at is not None
    assert "inte godkänt för publicering" in _html(
        client.get(f"/participations/{world.own.id}/cases")
    )


def test_goals_page_makes_a_bounded_number_of_queries(client, auth, world, count_queries):
    auth.login(world.leader)
    make_case(world.own)
    db.session.commit()
    with count_queries() as few:
        client.get(f"/networks/{world.network.id}/goals")
    for number in range(10):
        participation = factories.make_participation(
            world.network, factories.make_organisation(f"Kommun {number}")
        )
        make_case(participation)
    db.session.commit()
    with count_queries() as many:
        response = client.get(f"/networks/{world.network.id}/goals")
    assert response.status_code == 200 and "Kommun 9" in _html(response)
    assert many.count == few.count
