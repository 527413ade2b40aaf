"""Networks and organisations: the leader's forms, their refusals, and closing a network."""

import pytest
import sqlalchemy as sa

from network_app.extensions import db
from network_app.networks.models import Network, Organisation
from tests import factories

NETWORK = {
    "name": "Nätverket 2027",
    "description": "Fyra träffar.",
    "goal": "Ett system per organisation.",
    "starts_on": "2027-01-01",
    "ends_on": "2027-12-31",
    "target_hours_min": "30",
    "target_hours_max": "40",
    "group_size_min": "3",
    "group_size_max": "5",
    "time_zone": "Europe/Stockholm",
}


@pytest.fixture
def leader_client(client, world):
    client.post("/login", data={"email": world.leader.email, "password": factories.PASSWORD})
    return client


def _count(model):
    return db.session.scalar(sa.select(sa.func.count(model.id)))


def test_leader_starts_a_network_with_the_defaults_offered(leader_client, world):
    page = leader_client.get("/networks/new").text
    assert 'value="30"' in page and 'value="40"' in page and 'value="Europe/Stockholm"' in page
    response = leader_client.post("/networks/new", data=NETWORK)
    assert response.status_code == 302
    network = db.session.scalar(sa.select(Network).where(Network.name == "Nätverket 2027"))
    assert (network.target_hours_min, network.target_hours_max) == (30, 40)
    assert (network.group_size_min, network.group_size_max) == (3, 5)
    assert network.leader_id == world.leader.id and not network.is_closed


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": ""}, "Namn: Ange nätverkets namn."),
        ({"starts_on": ""}, "Startdatum: Ange startdatum."),
        ({"starts_on": "1/1 2027"}, "Startdatum: Ange startdatum som ÅÅÅÅ-MM-DD"),
        ({"ends_on": "2026-12-31"}, "Slutdatum: Slutdatum kan inte vara före startdatum."),
        ({"ends_on": "2207-01-01"}, "Slutdatum: Ange ett datum mellan år 2000 och 2100."),
        (
            {"target_hours_min": "trettio"},
            "Timmar på hemmaplan, lägst: Skriv ett heltal med siffror, till exempel 30.",
        ),
        (
            {"target_hours_min": ""},
            "Timmar på hemmaplan, lägst: Ange lägsta antal timmar på hemmaplan.",
        ),
        (
            {"target_hours_max": "20"},
            "Timmar på hemmaplan, högst: Högsta antal timmar kan inte vara lägre än lägsta.",
        ),
        (
            {"group_size_min": "0"},
            "Projektgruppens storlek, minst: Ange ett heltal från 1 till 50.",
        ),
        (
            {"group_size_max": "2"},
            "Projektgruppens storlek, högst: Högsta gruppstorlek kan inte vara lägre än minsta.",
        ),
        ({"time_zone": "Mars/Olympus"}, "Tidszon: Okänd tidszon."),
        ({"description": "x" * 10001}, "Beskrivning: Beskrivningen får vara högst 10 000 tecken."),
    ],
)
def test_refused_network_names_the_field_and_stores_nothing(leader_client, changes, message):
    before = _count(Network)
    response = leader_client.post("/networks/new", data={**NETWORK, **changes})
    assert response.status_code == 200
    assert message in response.text
    assert response.text.count('class="field-error"') == 1, "one field, one message"
    assert _count(Network) == before


def test_editing_a_network_with_an_error_changes_nothing(leader_client, world):
    response = leader_client.post(
        f"/networks/{world.network.id}/edit",
        data={**NETWORK, "name": "Nytt namn", "ends_on": "2020-01-01"},
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert world.network.name == "Testnätverket"


def test_closing_and_reopening_a_network(leader_client, world):
    leader_client.post(f"/networks/{world.network.id}/closed", data={"closed": "1"})
    db.session.expire_all()
    assert world.network.is_closed
    leader_client.post(f"/networks/{world.network.id}/closed", data={"closed": "0"})
    db.session.expire_all()
    assert not world.network.is_closed


def test_leader_adds_and_renames_an_organisation(leader_client):
    response = leader_client.post(
        "/organisations/new", data={"name": "Region Exempel", "kind": "region"}
    )
    assert response.status_code == 302
    organisation = db.session.scalar(
        sa.select(Organisation).where(Organisation.name == "Region Exempel")
    )
    response = leader_client.post(
        f"/organisations/{organisation.id}/edit", data={"name": "Region Exemplet", "kind": "region"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert organisation.name == "Region Exemplet"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "kind": "region"}, "Organisationens namn: Ange organisationens namn"),
        ({"name": "Ny kommun"}, "Typ av organisation: Välj om organisationen är en kommun"),
        ({"name": "Ny kommun", "kind": "county"}, "Typ av organisation: Välj ett av alternativen"),
        (
            {"name": "ANDRA REGIONEN", "kind": "region"},
            "Organisationens namn: Det finns redan en organisation med det namnet.",
        ),
    ],
)
def test_refused_organisation_names_the_field_and_stores_nothing(
    leader_client, world, data, message
):
    before = _count(Organisation)
    response = leader_client.post("/organisations/new", data=data)
    assert response.status_code == 200
    assert message in response.text
    assert _count(Organisation) == before


def test_renaming_to_a_taken_name_is_refused(leader_client, world):
    organisation = world.own.organisation
    response = leader_client.post(
        f"/organisations/{organisation.id}/edit",
        data={"name": "Andra regionen", "kind": "municipality"},
    )
    assert response.status_code == 200
    assert "Det finns redan en organisation med det namnet." in response.text
    db.session.expire_all()
    assert organisation.name == "Egna kommun"


def test_participant_edits_background_within_limits(client, world):
    client.post("/login", data={"email": world.participant.email, "password": factories.PASSWORD})
    response = client.post(
        f"/participations/{world.own.id}/background", data={"background": "x" * 10001}
    )
    assert response.status_code == 200
    assert "Bakgrunden får vara högst 10 000 tecken." in response.text
    response = client.post(
        f"/participations/{world.own.id}/background",
        data={"background": "Ny bakgrund\x00 med kontrolltecken"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert world.own.background == "Ny bakgrund med kontrolltecken"


def test_participant_sees_own_organisation_page_only(client, world):
    client.post("/login", data={"email": world.participant.email, "password": factories.PASSWORD})
    assert client.get(f"/organisations/{world.own.organisation_id}").status_code == 200
    assert client.get(f"/organisations/{world.other.organisation_id}").status_code == 403
    assert client.get("/organisations").status_code == 403
