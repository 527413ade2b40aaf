"""Coaching notes and comment threads: who logs, comments and answers; refusals store nothing;
never another organisation; the outbox tells the other side (a kind one can turn off); never in
any Word document; personal data covered by the access request and erasure."""

import json
import zipfile
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
import sqlalchemy as sa

from network_app.cases import services as case_services
from network_app.cases.models import DecisionKind
from network_app.coaching.models import CoachingNote, Comment, CommentTarget
from network_app.extensions import db
from network_app.networks.services import local_today
from network_app.notifications import services as outbox
from network_app.notifications.models import MessageKind, OutboxMessage
from tests.cases.helpers import approve

SECRET_NOTE = "Coachsamtal-hemligt-XQ17"
SECRET_COMMENT = "Kommentar-hemlig-ZW42"


@pytest.fixture
def case(world):
    today = local_today(world.network)
    world.network.starts_on = today - timedelta(days=60)
    world.network.ends_on = today + timedelta(days=60)
    case = case_services.create_case(
        world.own, {"title": "Budgetbeslutet", "decision_kind": DecisionKind.VALUES}
    )
    db.session.commit()
    return case


def _mails(to=None):
    query = sa.select(OutboxMessage).where(OutboxMessage.kind == MessageKind.NEW_COMMENT)
    if to:
        query = query.where(OutboxMessage.recipient_address == to)
    return db.session.scalars(query).all()


def _note(world, **overrides):
    data = {
        "held_on": (local_today(world.network) - timedelta(days=1)).isoformat(),
        "form": "phone",
        "duration": "1,5",
        "discussed": f"Riskanalysen och förankringen. {SECRET_NOTE}",
        "next_step": "Gruppen bokar ett möte med presidiet.",
    }
    data.update(overrides)
    return data


def test_the_coach_logs_a_session_the_group_sees_it_and_its_contact_is_told(
    client, auth, world, case
):
    auth.login(world.observer)
    url = f"/participations/{world.own.id}/coaching"
    response = client.post(url + "/new", data=_note(world))
    assert response.status_code == 302
    note = db.session.scalars(sa.select(CoachingNote)).one()
    assert (note.minutes, note.form.value, note.coach_id) == (90, "phone", world.observer.id)
    [mail] = _mails()
    assert mail.recipient_address == "olle.egen@example.se"
    assert SECRET_NOTE not in mail.text_body  # the mail links; it does not repeat the note
    auth.logout()
    auth.login(world.participant)
    page = client.get(url).get_data(as_text=True)
    assert SECRET_NOTE in page and "Telefon" in page
    assert "Anteckna coachning" not in page
    assert client.get(url + "/new").status_code == 403
    auth.logout()
    auth.login(world.other_participant)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"discussed": "  "}, "Skriv vad ni tog upp."),
        ({"duration": "9"}, "högst 8 timmar"),
        ({"duration": "en stund"}, "Skriv tiden i timmar"),
        ({"form": "brev"}, "Välj telefon, digitalt eller på plats."),
        ({"discussed": "x" * 4001}, "högst 4 000 tecken"),
    ],
)
def test_refused_notes_store_nothing(client, auth, world, case, overrides, message):
    auth.login(world.observer)
    response = client.post(
        f"/participations/{world.own.id}/coaching/new", data=_note(world, **overrides)
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(CoachingNote.id))) == 0
    assert _mails() == []


def test_a_note_dated_in_the_future_is_refused(client, auth, world, case):
    auth.login(world.leader)
    tomorrow = (local_today(world.network) + timedelta(days=1)).isoformat()
    response = client.post(
        f"/participations/{world.own.id}/coaching/new", data=_note(world, held_on=tomorrow)
    )
    assert "Datumet har inte varit ännu" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(CoachingNote.id))) == 0


def test_the_coach_comments_the_group_answers_in_the_same_thread(client, auth, world, case):
    url = f"/cases/{case.id}/comments"
    auth.login(world.observer)
    assert (
        client.post(url, data={"body": "Hur har ni tänkt kring beslutsdatumet?"}).status_code == 302
    )
    assert [m.recipient_address for m in _mails()] == ["olle.egen@example.se"]
    auth.logout()
    auth.login(world.participant)
    client.post(url, data={"body": "Vi väntar på presidiet."})
    page = client.get(url).get_data(as_text=True)
    assert page.index("Hur har ni tänkt") < page.index("Vi väntar på presidiet.")  # newest last
    # The answer tells the coach who wrote in the thread.
    assert [m.recipient_address for m in _mails(world.observer.email)] == [world.observer.email]
    comments = db.session.scalars(sa.select(Comment).order_by(Comment.id)).all()
    assert [c.target for c in comments] == [CommentTarget.CASE, CommentTarget.CASE]


def test_threads_are_per_target(client, auth, world, case):
    auth.login(world.leader)
    client.post(f"/cases/{case.id}/risks/comments", data={"body": "Om risk 2"})
    client.post(f"/participations/{world.own.id}/checklist/comments", data={"body": "Om punkt 3"})
    assert "Om risk 2" not in client.get(f"/cases/{case.id}/comments").get_data(as_text=True)
    checklist = client.get(f"/participations/{world.own.id}/checklist/comments")
    assert "Om punkt 3" in checklist.get_data(as_text=True)
    assert "Om risk 2" not in checklist.get_data(as_text=True)


def test_an_empty_or_too_long_comment_is_refused(client, auth, world, case):
    auth.login(world.leader)
    for body, message in (("   ", "Skriv en kommentar."), ("x" * 2001, "högst 2 000 tecken")):
        response = client.post(f"/cases/{case.id}/comments", data={"body": body})
        assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 0


def test_commenting_on_another_organisations_case_is_denied(client, auth, world, case):
    auth.login(world.other_participant)
    for url in (
        f"/cases/{case.id}/comments",
        f"/cases/{case.id}/risks/comments",
        f"/participations/{world.own.id}/checklist/comments",
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, data={"body": "Hej"}).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 0


def test_the_mail_is_a_kind_one_can_turn_off(client, auth, world, case):
    auth.login(world.observer)
    client.post(f"/cases/{case.id}/comments", data={"body": "Fråga"})
    outbox.turn_off(world.observer.id, MessageKind.NEW_COMMENT)
    db.session.commit()
    auth.logout()
    auth.login(world.participant)
    client.post(f"/cases/{case.id}/comments", data={"body": "Svar"})
    assert _mails(world.observer.email) == []


def _all_xml(content):
    with zipfile.ZipFile(BytesIO(content)) as package:
        return "\n".join(
            package.read(name).decode("utf-8", "replace")
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        )


def test_comments_and_coaching_notes_are_in_no_word_document(client, auth, world, case):
    from network_app.reports import collect
    from network_app.reports.builder import build_learning_example, build_network_report

    auth.login(world.observer)
    client.post(f"/participations/{world.own.id}/coaching/new", data=_note(world))
    client.post(f"/cases/{case.id}/comments", data={"body": SECRET_COMMENT})
    client.post(f"/cases/{case.id}/risks/comments", data={"body": SECRET_COMMENT})
    client.post(f"/participations/{world.own.id}/checklist/comments", data={"body": SECRET_COMMENT})
    assert db.session.scalar(sa.select(sa.func.count(Comment.id))) == 3
    approve(world.own, world.participant)  # so the published network report has the chapter
    db.session.commit()
    now = datetime.now(UTC)
    documents = []
    for anonymised in (False, True):
        documents.append(
            build_learning_example(
                collect.learning_example_data(
                    world.own, anonymised=anonymised, contact_details=True, now=now
                )
            )
        )
        documents.append(
            build_network_report(
                collect.network_report_data(
                    world.network, anonymised=anonymised, contact_details=True, now=now
                )
            )
        )
    assert "Budgetbeslutet" in _all_xml(documents[0])  # the case itself is there
    assert "Budgetbeslutet" in _all_xml(documents[3])  # and in the published report
    for content in documents:
        xml = _all_xml(content)
        assert SECRET_NOTE not in xml and SECRET_COMMENT not in xml
        assert "Gruppen bokar ett möte med presidiet" not in xml


def test_access_request_and_erasure_cover_comments_and_notes(client, auth, world, case):
    from network_app.privacy import services as privacy

    olle = next(m for m in world.own.members if m.person.name == "Olle Egen")
    auth.login(world.observer)
    client.post(
        f"/participations/{world.own.id}/coaching/new",
        data=_note(world, discussed="Olle Egen leder arbetet."),
    )
    client.post(f"/cases/{case.id}/comments", data={"body": "Fråga Olle Egen om datumet."})
    auth.logout()
    auth.login(world.leader)
    document = json.loads(client.get(f"/people/{olle.person.id}/personal-data.json").data)
    assert len(document["mentioning"]["coaching_notes"]) == 1
    assert len(document["mentioning"]["comments"]) == 1
    assert privacy.erase_person(olle.person) is True
    db.session.commit()
    db.session.expire_all()
    note = db.session.scalars(sa.select(CoachingNote)).one()
    comment = db.session.scalars(sa.select(Comment)).one()
    assert "Olle" not in note.discussed and "Olle" not in comment.body
    assert privacy.ANONYMISED_NAME in comment.body


def test_the_thread_and_notes_pages_make_a_constant_number_of_queries(
    client, auth, world, case, count_queries
):
    auth.login(world.leader)
    urls = (f"/cases/{case.id}/comments", f"/participations/{world.own.id}/coaching")
    client.post(urls[0], data={"body": "Första"})
    client.post(urls[1] + "/new", data=_note(world))
    with count_queries() as few:
        for url in urls:
            client.get(url)
    for number in range(5):
        client.post(urls[0], data={"body": f"Kommentar {number}"})
        client.post(urls[1] + "/new", data=_note(world))
    with count_queries() as many:
        for url in urls:
            client.get(url)
    assert many.count == few.count
