"""Personal data across the merged features: cases, approvals, journal and the hours history."""

import io
import json
import zipfile
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from network_app.auth.models import Role
from network_app.cases import services as case_services
from network_app.cases.models import Case, JournalEntry, ReportApproval, ReportRedaction, RiskItem
from network_app.extensions import db
from network_app.hours.models import HourEntry, HourEntryChange
from network_app.networks.services import local_today
from network_app.privacy import services
from tests import factories
from tests.cases.helpers import make_case
from tests.hours.builders import add_entry


def _olle(world):
    return next(m for m in world.own.members if m.person.name == "Olle Egen")


@pytest.fixture
def olle_in_cases(world):
    """Olle's account approves and writes; the group wrote his name into its free text."""
    member = _olle(world)
    user = factories.make_user(
        Role.PARTICIPANT,
        email="olle.konto@example.se",
        name="Olle Egen",
        organisation=world.own.organisation,
    )
    user.person = member.person
    today = local_today(world.network)
    world.network.starts_on = today - timedelta(days=30)
    world.network.ends_on = today + timedelta(days=30)
    case = make_case(world.own, title="Byskolan", lessons="Olle Egen tog kontakt med polisen.")
    case_services.add_risk(
        case,
        {
            "description": "Hot i sociala medier mot Olle Egen",
            "likelihood": 3,
            "consequence": 4,
            "measures": "Säkerhetssamtal",
            "owner": "Olle Egen",
        },
    )
    case_services.add_journal_entry(
        case, written_on=date(2026, 3, 2), text="Olle Egen ringde 070-111 11 11.", author=user
    )
    entry = add_entry(
        world.own,
        today - timedelta(days=2),
        90,
        [member],
        note="Olle Egen höll i mötet",
        by=user,
        today=today,
        case=case,
    )
    case_services.approve_learning_example(world.own, user)
    case_services.add_redactions(world.own, ["Olle Egens granne"], user)
    db.session.commit()
    return member, user, case, entry


def test_export_lists_the_case_rows_and_history_that_name_the_person(
    client, auth, world, olle_in_cases
):
    member, user, case, entry = olle_in_cases
    auth.login(world.leader)
    document = json.loads(client.get(f"/people/{member.person.id}/personal-data.json").data)
    mentioning = document["mentioning"]
    assert [r["owner"] for r in mentioning["risk_items"]] == ["Olle Egen"]
    assert [j["created_by_id"] for j in mentioning["journal_entries"]] == [user.id]
    assert [a["approved_by_id"] for a in mentioning["report_approvals"]] == [user.id]
    assert [c["id"] for c in mentioning["cases"]] == [case.id]
    assert {c["hour_entry_id"] for c in mentioning["hour_entry_changes"]} == {entry.id}
    assert [e["id"] for e in mentioning["hour_entries"]] == [entry.id]
    assert [r["text"] for r in mentioning["report_redactions"]] == ["Olle Egens granne"]


def _docx_text(response):
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.data)) as docx:
        return docx.read("word/document.xml").decode()


def test_erasure_replaces_the_name_in_cases_and_history_and_keeps_the_figures(
    client, auth, world, olle_in_cases
):
    member, user, case, entry = olle_in_cases
    version = case.version
    assert services.erase_person(member.person) is True
    db.session.commit()
    db.session.expire_all()

    risk = db.session.scalars(sa.select(RiskItem)).one()
    assert risk.owner == services.ANONYMISED_NAME
    assert "Olle" not in risk.description and (risk.likelihood, risk.consequence) == (3, 4)
    journal = db.session.scalars(sa.select(JournalEntry)).one()
    assert "Olle" not in journal.text and "070" not in journal.text
    assert journal.created_by_id == user.id  # the entry stays; the account's name is gone
    stored_case = db.session.get(Case, case.id)
    assert "Olle" not in stored_case.lessons and stored_case.version == version + 1
    assert db.session.scalars(sa.select(ReportApproval)).one().approved_by_id == user.id
    stored_entry = db.session.get(HourEntry, entry.id)
    assert (stored_entry.minutes, stored_entry.people_present) == (90, 1)
    assert stored_entry.case_id == case.id and "Olle" not in stored_entry.note
    history = db.session.scalars(sa.select(HourEntryChange.changes)).all()
    assert history and "Olle" not in json.dumps(history, ensure_ascii=False)
    assert history[0]["members"][1] == [services.ANONYMISED_NAME]
    redaction = db.session.scalars(sa.select(ReportRedaction.text)).one()
    assert "Olle" not in redaction and redaction.endswith(" granne")

    auth.login(world.leader)
    for variant in ("", "?variant=anonymised"):
        text = _docx_text(
            client.get(f"/participations/{world.own.id}/learning-example.docx{variant}")
        )
        assert "Olle" not in text
        report = _docx_text(client.get(f"/networks/{world.network.id}/report.docx{variant}"))
        assert "Olle" not in report
    page = client.get(f"/participations/{world.own.id}/hours/history").get_data(as_text=True)
    assert "Olle" not in page


def test_erasure_leaves_other_peoples_text_alone(world, olle_in_cases):
    _member, _user, case, _entry = olle_in_cases
    stina = next(m for m in world.own.members if m.person.name == "Stina Egen")
    case.description = "Stina Egen samordnar."
    db.session.commit()
    services.erase_person(_olle(world).person)
    db.session.commit()
    assert db.session.get(Case, case.id).description == "Stina Egen samordnar."
    assert stina.person.name == "Stina Egen"


def test_a_meeting_agenda_naming_the_person_is_exported_and_scrubbed_on_erasure(
    app, client, auth, world, olle_in_cases
):
    """The leader wrote who presents into a network meeting's agenda: the access request lists
    the meeting, erasure replaces the name there, and the calendar learns of the change."""
    from network_app.meetings.models import Meeting
    from tests.meetings.helpers import make_meeting

    member = olle_in_cases[0]
    meeting = make_meeting(
        world.network,
        day=date(2026, 4, 7),
        agenda="09.00 Olle Egen berättar om Byskolan (olle.egen@example.se, 070-111 11 11)",
    )
    untouched = make_meeting(world.network, day=date(2026, 5, 7), agenda="Stina Egen inleder")
    db.session.commit()
    updated_before = meeting.updated_at

    auth.login(world.leader)
    document = json.loads(client.get(f"/people/{member.person.id}/personal-data.json").data)
    assert [m["id"] for m in document["mentioning"]["meetings"]] == [meeting.id]

    assert services.erase_person(member.person) is True
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(Meeting, meeting.id)
    assert "Olle" not in stored.agenda and "olle.egen" not in stored.agenda
    assert "070" not in stored.agenda
    assert services.ANONYMISED_NAME in stored.agenda and "Byskolan" in stored.agenda
    assert stored.updated_at > updated_before  # a calendar's validator moves
    assert db.session.get(Meeting, untouched.id).agenda == "Stina Egen inleder"
