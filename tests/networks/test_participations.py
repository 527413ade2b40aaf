"""A participation's life cycle: applied -> accepted (with a decision) or declined -> withdrawn."""

from datetime import date

import pytest
import sqlalchemy as sa

from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.networks import services
from network_app.networks.models import Organisation, Participation, ParticipationStatus
from tests import factories

S = ParticipationStatus
DECISION = {
    "decision_body": "Kommunstyrelsen",
    "decision_date": "2026-02-03",
    "decision_reference": "KS 2026/12 § 4",
}


@pytest.fixture
def leader_client(client, world):
    client.post("/login", data={"email": world.leader.email, "password": factories.PASSWORD})
    return client


@pytest.fixture
def applied(world):
    participation = factories.make_participation(
        world.network, factories.make_organisation("Sökande kommun"), status=S.APPLIED
    )
    db.session.commit()
    return participation


def _refresh(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


# The service


@pytest.mark.parametrize(
    "start, target, allowed",
    [
        (S.APPLIED, S.DECLINED, True),
        (S.APPLIED, S.WITHDRAWN, True),
        (S.ACCEPTED, S.WITHDRAWN, True),
        (S.DECLINED, S.APPLIED, True),
        (S.WITHDRAWN, S.APPLIED, True),
        (S.ACCEPTED, S.APPLIED, False),
        (S.ACCEPTED, S.DECLINED, False),
        (S.DECLINED, S.ACCEPTED, False),
        (S.DECLINED, S.WITHDRAWN, False),
        (S.WITHDRAWN, S.ACCEPTED, False),
        (S.WITHDRAWN, S.DECLINED, False),
        (S.APPLIED, S.APPLIED, False),
    ],
)
def test_transitions(app, start, target, allowed):
    participation = factories.make_participation(status=start)
    if allowed:
        services.change_status(participation, target, now=utcnow())
        assert participation.status == target
    else:
        with pytest.raises(services.TransitionNotAllowed):
            services.change_status(participation, target, now=utcnow())
        assert participation.status == start


def test_accepting_needs_the_political_decision(app):
    participation = factories.make_participation(status=S.APPLIED)
    with pytest.raises(services.DecisionMissing):
        services.change_status(participation, S.ACCEPTED, now=utcnow())
    assert participation.status == S.APPLIED
    services.accept(
        participation,
        decision_body="Regionstyrelsen",
        decision_date=date(2026, 1, 9),
        decision_reference="RS 2026/1",
        now=utcnow(),
    )
    assert participation.status == S.ACCEPTED and participation.has_political_decision


def test_an_organisation_applies_once_per_network(app, world):
    with pytest.raises(services.AlreadyParticipating):
        services.register_application(
            world.network,
            world.own.organisation,
            background="",
            applied_on=date(2026, 1, 1),
            now=utcnow(),
        )


# The pages


def test_leader_registers_an_application_for_a_new_organisation(leader_client, world):
    factories.register_entry("0862")
    response = leader_client.post(
        f"/networks/{world.network.id}/applications/new",
        data={
            "organisation_id": "0",
            "register_code": "0862",
            "background": "Vi har haft hot.",
            "applied_on": "2026-01-10",
        },
    )
    assert response.status_code == 302
    participation = db.session.scalar(
        sa.select(Participation).join(Organisation).where(Organisation.name == "Emmaboda kommun")
    )
    assert participation.status == S.APPLIED
    assert participation.background == "Vi har haft hot."


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Organisation: Välj antingen en organisation i appen eller en ur registret"),
        (
            {"register_code": "0862", "applied_on": "10/1 2026"},
            "Ansökningsdatum: Ange ansökningsdatum som ÅÅÅÅ-MM-DD.",
        ),
        (
            {"register_code": "9999"},
            "Eller en kommun eller region som inte finns i appen ännu: Välj en kommun eller "
            "region ur listan.",
        ),
        ({"register_code": "0861"}, "En organisation med det namnet finns redan"),
    ],
)
def test_refused_application_names_the_field_and_stores_nothing(
    leader_client, world, data, message
):
    factories.register_entry("0862"), factories.register_entry("0861")
    factories.make_organisation(name="Mönsterås kommun")  # from before the register
    before = db.session.scalar(sa.select(sa.func.count(Participation.id)))
    organisations = db.session.scalar(sa.select(sa.func.count(Organisation.id)))
    form = {"organisation_id": "0", "applied_on": "2026-01-10", **data}
    response = leader_client.post(f"/networks/{world.network.id}/applications/new", data=form)
    assert response.status_code == 200
    assert message in response.text
    assert db.session.scalar(sa.select(sa.func.count(Participation.id))) == before
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == organisations


def test_an_organisation_already_in_the_network_is_not_offered_again(leader_client, world):
    response = leader_client.post(
        f"/networks/{world.network.id}/applications/new",
        data={"organisation_id": str(world.own.organisation_id), "applied_on": "2026-01-10"},
    )
    assert response.status_code == 200
    assert "Organisation: Välj ett av alternativen i listan." in response.text


def test_accepting_through_the_page_records_the_decision(leader_client, applied):
    response = leader_client.post(f"/participations/{applied.id}/accept", data=DECISION)
    assert response.status_code == 302
    participation = _refresh(applied)
    assert participation.status == S.ACCEPTED
    assert participation.decision_date == date(2026, 2, 3)
    assert participation.decision_reference == "KS 2026/12 § 4"


@pytest.mark.parametrize(
    "field, value, message",
    [
        (
            "decision_body",
            "",
            "Beslutande organ: Ange vilket organ som fattade det politiska beslutet.",
        ),
        ("decision_date", "", "Beslutsdatum: Ange datum för det politiska beslutet."),
        ("decision_date", "3 feb", "Beslutsdatum: Ange beslutsdatum som ÅÅÅÅ-MM-DD."),
        ("decision_date", "1999-12-31", "Beslutsdatum: Ange ett datum mellan år 2000 och 2100."),
        ("decision_reference", "", "Diarienummer eller paragraf: Ange beslutets diarienummer"),
        (
            "decision_reference",
            "x" * 101,
            "Diarienummer eller paragraf: Referensen får vara högst 100",
        ),
    ],
)
def test_accepting_without_a_complete_decision_is_refused(
    leader_client, applied, field, value, message
):
    response = leader_client.post(
        f"/participations/{applied.id}/accept", data={**DECISION, field: value}
    )
    assert response.status_code == 200
    assert message in response.text
    participation = _refresh(applied)
    assert participation.status == S.APPLIED
    assert participation.decision_body is None


def test_declining_and_withdrawing_through_the_page(leader_client, applied, world):
    response = leader_client.post(
        f"/participations/{applied.id}/status", data={"status": "declined"}
    )
    assert response.status_code == 302
    assert _refresh(applied).status == S.DECLINED
    assert "Ansökan är avböjd." in leader_client.get(response.location).text

    leader_client.post(f"/participations/{world.own.id}/status", data={"status": "withdrawn"})
    assert _refresh(world.own).status == S.WITHDRAWN


@pytest.mark.parametrize("status", ["declined", "applied", "nonsense", ""])
def test_forbidden_transitions_are_refused_with_a_message(leader_client, world, status):
    response = leader_client.post(
        f"/participations/{world.own.id}/status", data={"status": status}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Den ändringen av status är inte möjlig." in response.text
    assert _refresh(world.own).status == S.ACCEPTED


def test_accepting_a_declined_application_is_refused_with_a_message(leader_client, applied):
    leader_client.post(f"/participations/{applied.id}/status", data={"status": "declined"})
    response = leader_client.post(
        f"/participations/{applied.id}/accept", data=DECISION, follow_redirects=True
    )
    assert "Ansökan kan inte antas i sitt nuvarande läge." in response.text
    assert _refresh(applied).status == S.DECLINED


def test_the_page_offers_only_allowed_transitions(leader_client, applied, world):
    html = leader_client.get(f"/participations/{applied.id}").text
    assert "Anta (registrera politiskt beslut)" in html and "Avböj ansökan" in html
    html = leader_client.get(f"/participations/{world.own.id}").text
    assert "Anta (registrera politiskt beslut)" not in html and "Avböj ansökan" not in html
    assert "Registrera att organisationen drar sig ur" in html
