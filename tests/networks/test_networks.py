"""Networks and organisations: the leader's forms, their refusals, and closing a network."""

import pytest
import sqlalchemy as sa

from network_app.extensions import db
from network_app.networks import services
from network_app.networks.models import Network, Organisation, OrganisationKind
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


def test_leader_adds_an_organisation_by_choosing_its_register_entry(leader_client):
    factories.register_entry("1280")
    response = leader_client.post("/organisations/new", data={"register_code": "1280"})
    assert response.status_code == 302
    organisation = db.session.scalar(
        sa.select(Organisation).where(Organisation.register_code == "1280")
    )
    assert (organisation.name, organisation.kind) == ("Malmö stad", OrganisationKind.MUNICIPALITY)
    page = leader_client.get(f"/organisations/{organisation.id}").text
    assert "Skåne län" in page and "kod 1280" in page


def test_gotland_is_two_entries_a_municipality_and_a_region(leader_client):
    factories.register_entry("0980"), factories.register_entry("09")
    assert (
        leader_client.post("/organisations/new", data={"register_code": "0980"}).status_code == 302
    )
    assert leader_client.post("/organisations/new", data={"register_code": "09"}).status_code == 200
    # Both are called Region Gotland: the second one's name is taken, and said so.
    kinds = db.session.scalars(
        sa.select(Organisation.kind).where(Organisation.name == "Region Gotland")
    ).all()
    assert kinds == [OrganisationKind.MUNICIPALITY]


def test_leader_links_an_unmatched_organisation_to_its_entry(leader_client, world):
    factories.register_entry("0182")
    organisation = world.own.organisation
    assert organisation.register_code is None
    listing = leader_client.get("/organisations").text
    assert "som inte är kopplade till registret" in listing
    response = leader_client.post(
        f"/organisations/{organisation.id}/edit", data={"register_code": "0182"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert (organisation.name, organisation.register_code) == ("Nacka kommun", "0182")


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Kommun eller region: Välj kommunen eller regionen i registret."),
        ({"register_code": "9999"}, "Kommun eller region: Välj en kommun eller region ur listan."),
        # An entry an organisation has is not offered again.
        ({"register_code": "1280"}, "Kommun eller region: Välj en kommun eller region ur listan."),
        ({"register_code": "0182"}, "En organisation med det namnet finns redan"),
    ],
)
def test_refused_organisation_names_the_field_and_stores_nothing(
    leader_client, world, data, message
):
    factories.make_organisation(code="1280")
    factories.register_entry("0182")
    factories.make_organisation(name="Nacka kommun")  # from before the register
    before = _count(Organisation)
    response = leader_client.post("/organisations/new", data=data)
    assert response.status_code == 200
    assert message in response.text
    assert _count(Organisation) == before


def test_linking_to_an_entry_another_organisation_has_is_refused(leader_client, world):
    factories.make_organisation(code="1280")
    organisation = world.own.organisation
    response = leader_client.post(
        f"/organisations/{organisation.id}/edit", data={"register_code": "1280"}
    )
    assert response.status_code == 200
    assert "Välj en kommun eller region ur listan." in response.text
    db.session.expire_all()
    assert organisation.name == "Egna kommun" and organisation.register_code is None


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


def test_create_organisation_refuses_an_entry_another_organisation_has(app):
    holder = factories.make_organisation(code="1280")
    with pytest.raises(services.RegisterEntryTaken) as raised:
        services.create_organisation(factories.register_entry("1280"))
    assert raised.value.holder == holder
