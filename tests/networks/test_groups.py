"""Project groups: their rules shown as a status, members, and who sees whose contact details."""

import pytest
import sqlalchemy as sa

from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.networks import services
from network_app.networks.models import GroupMember, Person, PersonKind
from tests import factories

OTHER_EMAIL = "hemlig.person@andra.example"
OTHER_PHONE = "070-999 99 99"
MEMBER = {
    "name": "Nina Ny",
    "title": "Kommunikatör",
    "kind": "civil_servant",
    "function": "communication",
    "email": "nina.ny@egna.example",
    "phone": "08-123 456",
}


def _login(client, user):
    response = client.post("/login", data={"email": user.email, "password": factories.PASSWORD})
    assert response.status_code == 302
    return client


def _members(participation):
    return db.session.scalar(
        sa.select(sa.func.count(GroupMember.id)).where(
            GroupMember.participation_id == participation.id
        )
    )


# The rules, as a status


def _status(participation):
    """The status as lists compute it (one SQL query) and as the group page does (from the
    members it has loaded): both must always agree."""
    counted = services.group_statuses([participation])[participation.id]
    db.session.refresh(participation)
    members = participation.members
    loaded = services.group_status(participation.network, services.composition_of(members))
    assert loaded == counted
    return counted


def test_group_status_needs_three_to_five_members_of_both_kinds(app, world):
    own = world.own  # Olle (elected official, contact) and Stina (civil servant)
    status = _status(own)
    assert status.too_few and not status.meets_rules
    assert status.composition.members == 2
    assert not status.no_elected_official and not status.no_civil_servant

    factories.add_member(own, "Tredje Person")
    assert _status(own).meets_rules

    factories.add_member(own, "Fjärde Person")
    factories.add_member(own, "Femte Person")
    assert _status(own).meets_rules
    factories.add_member(own, "Sjätte Person")
    status = _status(own)
    assert status.too_many and not status.meets_rules


def test_group_status_needs_an_elected_official_and_a_civil_servant(app, world):
    participation = factories.make_participation(
        world.network, factories.make_organisation("Tjänstebyn")
    )
    for name in ("A Tjänst", "B Tjänst", "C Tjänst"):
        factories.add_member(participation, name, kind=PersonKind.CIVIL_SERVANT)
    status = _status(participation)
    assert status.no_elected_official and not status.no_civil_servant and not status.meets_rules

    other = factories.make_participation(world.network, factories.make_organisation("Politikby"))
    for name in ("A Politiker", "B Politiker", "C Politiker"):
        factories.add_member(other, name, kind=PersonKind.ELECTED_OFFICIAL)
    assert _status(other).no_civil_servant and not _status(other).meets_rules


def test_group_size_rule_follows_the_network(app, world):
    world.network.group_size_min, world.network.group_size_max = 2, 2
    assert _status(world.own).meets_rules


def test_group_status_is_shown_not_enforced(client, world):
    _login(client, world.participant)
    html = client.get(f"/participations/{world.own.id}").text
    assert "Uppfyller inte kraven" in html
    assert "2 medlemmar" in html and "för få" in html
    # A group below the minimum can still change: nothing blocks the participant.
    for index in range(5):
        response = client.post(
            f"/participations/{world.own.id}/members/new",
            data={**MEMBER, "email": f"p{index}@egna.example"},
        )
        assert response.status_code == 302
    html = client.get(f"/participations/{world.own.id}").text
    assert "7 medlemmar" in html and "för många" in html and "Uppfyller inte kraven" in html


def test_group_statuses_take_one_query_for_many_groups(app, world, count_queries):
    groups = [world.own, world.other]
    for group in groups:
        db.session.refresh(group.network)  # loaded, as the views have them
    with count_queries() as counter:
        services.group_statuses(groups)
    assert counter.count == 1


# Members


def test_participant_adds_edits_and_removes_a_member_of_their_own_group(client, world):
    _login(client, world.participant)
    response = client.post(
        f"/participations/{world.own.id}/members/new", data={**MEMBER, "is_contact": "y"}
    )
    assert response.status_code == 302
    member = db.session.scalar(
        sa.select(GroupMember).join(Person).where(Person.email == "nina.ny@egna.example")
    )
    assert member.is_contact
    contacts = [m for m in world.own.members if m.is_contact]
    assert contacts == [member], "the group has one contact person"

    response = client.post(
        f"/participations/{world.own.id}/members/{member.id}/edit",
        data={**MEMBER, "title": "Kommunikationschef"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert member.person.title == "Kommunikationschef" and not member.is_contact

    response = client.post(f"/participations/{world.own.id}/members/{member.id}/remove")
    assert response.status_code == 302
    assert db.session.get(GroupMember, member.id) is None
    assert db.session.scalar(sa.select(Person).where(Person.email == "nina.ny@egna.example"))


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": ""}, "Namn: Ange personens namn."),
        ({"name": "x" * 201}, "Namn: Namnet får vara högst 200 tecken."),
        ({"kind": ""}, "Förtroendevald eller tjänsteperson: Välj om personen är förtroendevald"),
        (
            {"kind": "king"},
            "Förtroendevald eller tjänsteperson: Välj ett av alternativen i listan.",
        ),
        ({"function": "spy"}, "Funktion: Välj ett av alternativen i listan."),
        ({"email": ""}, "E-postadress: Ange personens e-postadress."),
        ({"email": "inte-en-adress"}, "E-postadress: Ange en giltig e-postadress"),
        (
            {"email": "olle.egen@example.se"},
            "E-postadress: Personen med den e-postadressen är redan med i gruppen.",
        ),
        ({"phone": "ring mig"}, "Telefon (frivilligt): Ange telefonnumret med siffror"),
        ({"title": "t" * 201}, "Titel eller uppdrag: Titeln får vara högst 200 tecken."),
    ],
)
def test_refused_member_names_the_field_and_stores_nothing(client, world, changes, message):
    _login(client, world.participant)
    people = db.session.scalar(sa.select(sa.func.count(Person.id)))
    response = client.post(
        f"/participations/{world.own.id}/members/new", data={**MEMBER, **changes}
    )
    assert response.status_code == 200
    assert message in response.text
    assert _members(world.own) == 2
    assert db.session.scalar(sa.select(sa.func.count(Person.id))) == people


def test_editing_to_an_address_another_person_has_is_refused(client, world):
    _login(client, world.participant)
    stina = next(m for m in world.own.members if m.person.name == "Stina Egen")
    response = client.post(
        f"/participations/{world.own.id}/members/{stina.id}/edit",
        data={**MEMBER, "name": "Stina Egen", "email": "olle.egen@example.se"},
    )
    assert response.status_code == 200
    assert "E-postadress: En annan person i organisationen har redan den e-postadressen." in (
        response.text
    )
    db.session.expire_all()
    assert stina.person.email == "stina.egen@example.se" and stina.person.name == "Stina Egen"


def test_a_member_of_another_group_cannot_be_reached_through_this_groups_url(client, world):
    _login(client, world.participant)
    other_member = world.other.members[0]
    for path in (
        f"/participations/{world.own.id}/members/{other_member.id}/edit",
        f"/participations/{world.own.id}/members/{other_member.id}/remove",
    ):
        assert client.get(path).status_code == 404
        assert client.post(path, data=MEMBER).status_code == 404
    assert _members(world.other) == 1


def test_participant_cannot_change_another_organisations_group(client, world):
    _login(client, world.other_participant)
    member = world.own.members[0]
    assert (
        client.post(f"/participations/{world.own.id}/members/new", data=MEMBER).status_code == 403
    )
    assert (
        client.post(
            f"/participations/{world.own.id}/members/{member.id}/edit", data=MEMBER
        ).status_code
        == 403
    )
    assert (
        client.post(f"/participations/{world.own.id}/members/{member.id}/remove").status_code == 403
    )
    assert (
        client.post(
            f"/participations/{world.own.id}/background", data={"background": "kapat"}
        ).status_code
        == 403
    )
    assert _members(world.own) == 2
    db.session.expire_all()
    assert world.own.background == "Vi vill delta."


def test_a_closed_network_is_read_only_for_participants_but_not_the_leader(client, world):
    world.network.closed_at = utcnow()
    db.session.commit()
    _login(client, world.participant)
    html = client.get(f"/participations/{world.own.id}").text
    assert "Nätverket är stängt" in html and "Lägg till gruppmedlem" not in html
    assert (
        client.post(f"/participations/{world.own.id}/members/new", data=MEMBER).status_code == 403
    )
    client.post("/logout")
    _login(client, world.leader)
    assert (
        client.post(f"/participations/{world.own.id}/members/new", data=MEMBER).status_code == 302
    )


# Who sees what


def test_participant_sees_other_organisations_by_name_but_never_their_people(client, world):
    _login(client, world.participant)
    pages = [
        "/",
        f"/networks/{world.network.id}",
        f"/participations/{world.own.id}",
        f"/organisations/{world.own.organisation_id}",
    ]
    network_page = client.get(f"/networks/{world.network.id}").text
    assert "Andra regionen" in network_page
    for path in pages:
        html = client.get(path).text
        assert OTHER_EMAIL not in html, path
        assert OTHER_PHONE not in html, path
        assert "Hemlig Person" not in html, path
    assert client.get(f"/participations/{world.other.id}").status_code == 403
    assert client.get(f"/organisations/{world.other.organisation_id}").status_code == 403


def test_participant_sees_their_own_groups_contact_details(client, world):
    _login(client, world.participant)
    html = client.get(f"/participations/{world.own.id}").text
    assert "olle.egen@example.se" in html and "070-111 11 11" in html


def test_observer_reads_groups_without_contact_details_and_changes_nothing(client, world):
    _login(client, world.observer)
    html = client.get(f"/participations/{world.other.id}").text
    assert "Hemlig Person" in html
    assert OTHER_EMAIL not in html and OTHER_PHONE not in html
    assert "Lägg till gruppmedlem" not in html and "Ändra bakgrunden" not in html
    member = world.other.members[0]
    for path in (
        f"/participations/{world.other.id}/members/new",
        f"/participations/{world.other.id}/members/{member.id}/edit",
        f"/participations/{world.other.id}/members/{member.id}/remove",
        f"/participations/{world.other.id}/background",
        f"/participations/{world.other.id}/accept",
        f"/networks/{world.network.id}/edit",
    ):
        assert client.post(path, data=MEMBER).status_code == 403, path
    assert (
        client.post(
            f"/participations/{world.other.id}/status", data={"status": "withdrawn"}
        ).status_code
        == 403
    )
    assert _members(world.other) == 1


def test_observer_of_another_network_sees_nothing_of_this_one(client, world):
    elsewhere = factories.make_network(name="Ett annat nätverk")
    from network_app.auth.models import Role

    observer = factories.make_user(
        Role.OBSERVER, email="annan.coach@example.se", networks=[elsewhere]
    )
    db.session.commit()
    _login(client, observer)
    assert client.get(f"/networks/{world.network.id}").status_code == 403
    assert client.get(f"/participations/{world.own.id}").status_code == 403
    assert "Testnätverket" not in client.get("/").text


def test_leader_sees_every_groups_contact_details(client, world):
    _login(client, world.leader)
    html = client.get(f"/participations/{world.other.id}").text
    assert OTHER_EMAIL in html and OTHER_PHONE in html


def test_dashboard_shows_group_status_per_role(client, world):
    _login(client, world.leader)
    html = client.get("/").text
    assert "Egna kommun" in html and "Andra regionen" in html and "Uppfyller inte kraven" in html
    client.post("/logout")
    _login(client, world.participant)
    html = client.get("/").text
    assert "Egna kommun" in html


def test_network_page_and_dashboard_make_a_bounded_number_of_queries(client, world, count_queries):
    _login(client, world.leader)
    pages = (f"/networks/{world.network.id}", "/")
    with count_queries() as few:
        for page in pages:
            client.get(page)
    for index in range(8):
        participation = factories.make_participation(
            world.network, factories.make_organisation(f"Kommun {index}")
        )
        factories.add_member(participation, f"Person {index}")
    db.session.commit()
    with count_queries() as many:
        for page in pages:
            client.get(page)
    assert many.count <= few.count + 2


def test_the_group_page_lists_each_case_once_in_the_order_they_were_made(client, auth, world):
    """The cases are read joined with the members and joint members: however many rows the joins
    make, each case is listed once."""
    from network_app.networks.services import add_partners
    from network_app.register.services import get_entry, load_register
    from tests.cases.helpers import make_case

    load_register()
    add_partners(world.own, [get_entry("1280")], now=utcnow())
    for index in range(3):
        factories.add_member(world.own, f"Extra Person{index}")
    first = make_case(world.own, title="Nedläggning av Byskolan")
    second = make_case(world.own, title="Ny översiktsplan")
    db.session.commit()
    auth.login(world.leader)
    page = client.get(f"/participations/{world.own.id}").get_data(as_text=True)
    links = [f'href="/cases/{first.id}"', f'href="/cases/{second.id}"']
    assert [page.count(link) for link in links] == [1, 1]
    assert page.index(links[0]) < page.index(links[1])
    assert "Malmö stad" in page  # the joint member, joined in the same statement
