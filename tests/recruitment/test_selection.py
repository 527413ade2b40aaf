"""Follow-up and selection (issue 15, point 4): the telephone meeting, the side-by-side table,
accepted counts per county and kind, and the decision the applicant is told."""

from datetime import date

import pytest
import sqlalchemy as sa

from network_app.extensions import db
from network_app.networks.models import ParticipationStatus
from network_app.notifications.models import OutboxMessage
from network_app.recruitment import selection
from network_app.recruitment.models import FollowUpCall, SelectionDecision
from tests import factories
from tests.recruitment.helpers import form_data, open_period, register_codes


@pytest.fixture
def leader_client(client, world):
    client.post("/login", data={"email": world.leader.email, "password": factories.PASSWORD})
    return client


@pytest.fixture
def applied(client, world):
    """Emmaboda applies through the public form and confirms; returns its participation."""
    register_codes("0862")
    open_period(world.network)
    client.post(f"/apply/{world.network.id}", data=form_data())
    message = db.session.scalar(sa.select(OutboxMessage))
    link = message.text_body.split("http://localhost", 1)[1].split()[0]
    client.post(link)
    db.session.execute(sa.delete(OutboxMessage))
    db.session.commit()
    from network_app.recruitment.models import Application

    return db.session.scalar(sa.select(Application)).participation


def test_leader_logs_the_telephone_meeting(leader_client, applied):
    response = leader_client.post(
        f"/participations/{applied.id}/calls",
        data={"held_on": "2026-12-02", "with_whom": "Lina Sökande", "notes": "Gruppen är klar."},
    )
    assert response.status_code == 302
    call = db.session.scalar(sa.select(FollowUpCall))
    assert (call.held_on, call.with_whom, call.notes) == (
        date(2026, 12, 2),
        "Lina Sökande",
        "Gruppen är klar.",
    )
    page = leader_client.get(f"/participations/{applied.id}/application").text
    assert "Gruppen är klar." in page and "Per Politiker" in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"with_whom": "Lina"}, "Ange datum för telefonmötet."),
        ({"held_on": "2026-12-02"}, "Ange vilka som deltog i telefonmötet."),
        ({"held_on": "2/12", "with_whom": "Lina"}, "Skriv datumet som ÅÅÅÅ-MM-DD."),
    ],
)
def test_a_refused_call_says_why_and_stores_nothing(leader_client, applied, data, message):
    response = leader_client.post(f"/participations/{applied.id}/calls", data=data)
    assert response.status_code == 200
    assert message in response.text
    assert db.session.scalar(sa.select(sa.func.count(FollowUpCall.id))) == 0


def test_leader_accepts_and_the_applicant_is_told_by_mail(leader_client, applied):
    response = leader_client.post(
        f"/participations/{applied.id}/decide",
        data={
            "outcome": "accepted",
            "reason": "Ni bidrar med ett litet kommunperspektiv.",
            "decision_body": "Kommunstyrelsen",
            "decision_date": "2026-11-20",
            "decision_reference": "KS 2026/123",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert applied.status == ParticipationStatus.ACCEPTED
    message = db.session.scalar(sa.select(OutboxMessage))
    assert message.recipient_address == "lina.sokande@example.se"
    assert message.kind == "application_decision"
    assert "antagen" in message.subject
    assert "Ni bidrar med ett litet kommunperspektiv." in message.text_body
    assert db.session.scalar(sa.select(SelectionDecision)).mailed


def test_leader_declines_with_a_reason_the_applicant_gets(leader_client, applied):
    response = leader_client.post(
        f"/participations/{applied.id}/decide",
        data={"outcome": "declined", "reason": "Många ansökningar från samma län."},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert applied.status == ParticipationStatus.DECLINED
    message = db.session.scalar(sa.select(OutboxMessage))
    assert "Många ansökningar från samma län." in message.text_body
    assert "kunde tyvärr inte beviljas" in message.text_body


def test_accepting_without_the_political_decision_is_refused(leader_client, world):
    register_codes("0182")
    participation = factories.make_participation(
        world.network, factories.make_organisation(code="0182"), status=ParticipationStatus.APPLIED
    )
    db.session.commit()
    response = leader_client.post(
        f"/participations/{participation.id}/decide",
        data={"outcome": "accepted", "reason": "Bra."},
    )
    assert response.status_code == 200
    assert "Organisationens politiska beslut behövs för att anta ansökan." in response.text
    db.session.expire_all()
    assert participation.status == ParticipationStatus.APPLIED
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(SelectionDecision.id))) == 0


def test_a_decision_without_a_reason_is_refused(leader_client, applied):
    response = leader_client.post(
        f"/participations/{applied.id}/decide", data={"outcome": "declined", "reason": ""}
    )
    assert response.status_code == 200
    assert "Skriv en motivering" in response.text
    db.session.expire_all()
    assert applied.status == ParticipationStatus.APPLIED


def test_a_hand_registered_application_without_address_is_decided_and_said_so(leader_client, world):
    participation = factories.make_participation(
        world.network, factories.make_organisation("Handkommun"), status=ParticipationStatus.APPLIED
    )
    db.session.commit()
    response = leader_client.post(
        f"/participations/{participation.id}/decide",
        data={"outcome": "declined", "reason": "Fullt."},
        follow_redirects=True,
    )
    assert "meddela den sökande själv" in response.text
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def test_table_and_counts_show_county_and_kind(leader_client, world, applied):
    malmo = factories.make_participation(world.network, factories.make_organisation(code="1280"))
    skane = factories.make_participation(world.network, factories.make_organisation(code="12"))
    lund = factories.make_participation(
        world.network, factories.make_organisation(code="1281"), status=ParticipationStatus.APPLIED
    )
    db.session.commit()
    by_county, by_kind = selection.accepted_counts(world.network)
    counted = dict(by_county)
    assert counted["Skåne län"] == 2
    assert counted[None] == 2  # the world's two organisations, not in the register
    assert by_kind == {"municipality": 2, "region": 2}  # Egna kommun, Malmö; Andra regionen, Skåne
    rows, counts = selection.applications_table(world.network)
    assert counts == (by_county, by_kind)  # the page's counts, from its own statement
    accepted = [r for r in rows if r.status == ParticipationStatus.ACCEPTED]
    assert sum(n for _county, n in by_county) == sum(by_kind.values()) == len(accepted)
    assert {r.participation_id for r in rows} >= {malmo.id, skane.id, lund.id, applied.id}
    emmaboda = next(r for r in rows if r.participation_id == applied.id)
    assert emmaboda.group_size == 2 and emmaboda.application is not None
    page = leader_client.get(f"/networks/{world.network.id}/recruitment").text
    assert "Kalmar län" in page and "Skåne län" in page
    assert 'class="stack"' in page and 'data-label="Län"' in page


def test_the_recruitment_page_makes_a_bounded_number_of_queries(leader_client, world, app):
    from tests.conftest import QueryCounter

    def count():
        counter = QueryCounter()
        sa.event.listen(db.engine, "before_cursor_execute", counter)
        try:
            assert leader_client.get(f"/networks/{world.network.id}/recruitment").status_code == 200
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", counter)
        return counter.count

    few = count()
    for code in ("1280", "12", "1281", "0182", "2582"):
        factories.make_participation(world.network, factories.make_organisation(code=code))
    db.session.commit()
    assert count() == few


def test_the_demo_holds_an_application_at_each_stage(app):
    from network_app import demo
    from network_app.networks.models import Network
    from network_app.recruitment.demo import recruitment_network_name
    from network_app.recruitment.models import Application

    today = date(2026, 12, 1)
    demo.seed_demo(today)
    network = db.session.scalar(
        sa.select(Network).where(Network.name == recruitment_network_name(2027))
    )
    assert network.applications_open_on < today < network.application_deadline
    applications = db.session.scalars(
        sa.select(Application).where(Application.network_id == network.id)
    ).all()
    assert sum(a.confirmed_at is None for a in applications) == 1
    statuses = sorted(a.participation.status.value for a in applications if a.participation)
    assert statuses == ["accepted", "applied", "applied", "declined"]
    rows, _counts = selection.applications_table(network)
    assert sorted(r.calls for r in rows) == [0, 1, 1, 1]
    # Kiruna applied together with Gällivare on the form: a joint member since confirmation.
    joint = [a for a in applications if a.partners]
    assert [p.register_code for a in joint for p in a.partners] == ["2523"]
    assert [m.organisation.name for m in joint[0].participation.joint_members] == [
        "Gällivare kommun"
    ]
    assert [r.partners for r in rows if r.partners] == [(("Gällivare kommun", "Norrbottens län"),)]
