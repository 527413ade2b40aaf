"""Mass assignment: fields a form does not have (an organisation, a role, a network, the active
flag, ids) posted along with a valid form never change what they name."""

import pyotp
import pytest
import sqlalchemy as sa

from network_app.auth import two_factor
from network_app.auth.models import Role, User
from network_app.extensions import db
from network_app.networks.models import (
    GroupMember,
    Network,
    Organisation,
    Participation,
    ParticipationStatus,
    Person,
)
from tests import factories
from tests.security.helpers import snapshot


@pytest.fixture
def intruder(world):
    """The values an attacker would like to write: another network, organisation and user."""
    other_network = factories.make_network(name="Annat nätverk")
    db.session.commit()
    return {
        "organisation_id": str(world.other.organisation_id),
        "network_id": str(other_network.id),
        "participation_id": str(world.other.id),
        "role": "leader",
        "active": "0",
        "id": "999",
        "user_id": str(world.leader.id),
        "leader_id": str(world.participant.id),
        "person_id": "999",
        "status": "accepted",
        "closed_at": "2026-01-01",
        "password_hash": "x",
        "totp_secret": "AAAAAAAAAAAAAAAA",
        "totp_secret_encrypted": "AAAAAAAAAAAAAAAA",
        "two_factor_enabled_at": "2026-01-01",
        "email": "leader-takeover@example.se",
    }


def with_extras(data, extras):
    merged = dict(extras)
    merged.update(data)  # the form's own fields keep their real values
    return merged


def test_change_password_changes_nothing_else(client, auth, world, intruder):
    auth.login(world.participant)
    data = {
        "current_password": factories.PASSWORD,
        "password": "ett-annat-langt-losenord",
        "repeat": "ett-annat-langt-losenord",
    }
    response = client.post("/account/password", data=with_extras(data, intruder))
    assert response.status_code == 302
    user = db.session.get(User, world.participant.id)
    db.session.refresh(user)
    assert user.role == Role.PARTICIPANT and user.active
    assert user.organisation_id == world.own.organisation_id
    assert user.email == "egen@example.se" and user.totp_secret_encrypted is None


def test_new_account_keeps_the_role_and_organisation_rules(client, auth, world, intruder):
    auth.login(world.leader)
    data = {"name": "Ny Ledare", "email": "ny.ledare@example.se", "role": "leader"}
    extras = dict(intruder, organisation_id=str(world.own.organisation_id))
    response = client.post("/accounts/new", data=with_extras(data, extras))
    assert response.status_code == 200 and "ny.ledare@example.se" in response.get_data(True)
    user = db.session.scalar(sa.select(User).where(User.email == "ny.ledare@example.se"))
    assert user.organisation_id is None and user.active and user.password_hash is None
    assert user.totp_secret_encrypted is None and user.person_id is None


def test_network_form_changes_no_leader_id_or_closing(client, auth, world, intruder):
    auth.login(world.leader)
    data = {
        "name": "Omdöpt",
        "description": "",
        "goal": "",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "target_hours_min": "30",
        "target_hours_max": "40",
        "group_size_min": "3",
        "group_size_max": "5",
        "time_zone": "Europe/Stockholm",
    }
    response = client.post(f"/networks/{world.network.id}/edit", data=with_extras(data, intruder))
    assert response.status_code == 302
    network = db.session.get(Network, world.network.id)
    db.session.refresh(network)
    assert network.name == "Omdöpt" and network.closed_at is None
    assert network.leader_id != world.participant.id
    response = client.post("/networks/new", data=with_extras(dict(data, name="Ny"), intruder))
    created = db.session.scalar(sa.select(Network).where(Network.name == "Ny"))
    assert created.id != 999 and created.leader_id == world.leader.id and created.closed_at is None


def test_organisation_form_changes_no_id(client, auth, world, intruder):
    auth.login(world.leader)
    organisation_id = world.own.organisation_id
    factories.register_entry("0182")
    data = {"register_code": "0182"}
    response = client.post(
        f"/organisations/{organisation_id}/edit", data=with_extras(data, intruder)
    )
    assert response.status_code == 302
    assert db.session.get(Organisation, organisation_id).name == "Nacka kommun"
    assert db.session.get(Organisation, 999) is None


def test_application_lands_in_the_url_network_and_stays_applied(client, auth, world, intruder):
    auth.login(world.leader)
    data = {
        "organisation_id": "0",
        "register_code": factories.register_entry("0862").code,
        "background": "Vi vill.",
        "applied_on": "2026-01-10",
    }
    response = client.post(
        f"/networks/{world.network.id}/applications/new", data=with_extras(data, intruder)
    )
    assert response.status_code == 302
    participation = db.session.scalar(
        sa.select(Participation)
        .join(Participation.organisation)
        .where(Organisation.name == "Emmaboda kommun")
    )
    assert participation.network_id == world.network.id
    assert participation.status == ParticipationStatus.APPLIED


def test_background_form_changes_only_the_background(client, auth, world, intruder):
    auth.login(world.participant)
    response = client.post(
        f"/participations/{world.own.id}/background",
        data=with_extras({"background": "Ny bakgrund"}, intruder),
    )
    assert response.status_code == 302
    participation = db.session.get(Participation, world.own.id)
    db.session.refresh(participation)
    assert participation.background == "Ny bakgrund"
    assert participation.organisation_id == world.own.organisation.id
    assert participation.network_id == world.network.id


def test_decision_form_changes_no_organisation_or_network(client, auth, world, intruder):
    applied = factories.make_participation(
        world.network,
        factories.make_organisation("Sökande kommun"),
        status=ParticipationStatus.APPLIED,
    )
    db.session.commit()
    auth.login(world.leader)
    data = {"decision_body": "KS", "decision_date": "2026-01-15", "decision_reference": "KS 1"}
    response = client.post(f"/participations/{applied.id}/accept", data=with_extras(data, intruder))
    assert response.status_code == 302
    db.session.refresh(applied)
    assert applied.status == ParticipationStatus.ACCEPTED
    assert applied.organisation.name == "Sökande kommun"
    assert applied.network_id == world.network.id


def _member_data(name, email):
    return {
        "name": name,
        "title": "",
        "kind": "civil_servant",
        "function": "security",
        "email": email,
        "phone": "",
    }


def test_member_form_adds_to_the_url_group_only(client, auth, world, intruder):
    auth.login(world.participant)
    response = client.post(
        f"/participations/{world.own.id}/members/new",
        data=with_extras(_member_data("Ny Medlem", "ny.medlem@egna.example"), intruder),
    )
    assert response.status_code == 302
    person = db.session.scalar(sa.select(Person).where(Person.email == "ny.medlem@egna.example"))
    assert person.organisation_id == world.own.organisation_id
    member = db.session.scalar(sa.select(GroupMember).where(GroupMember.person_id == person.id))
    assert member.participation_id == world.own.id
    assert len(world.other.members) == 1


def test_member_edit_does_not_move_the_person(client, auth, world, intruder):
    auth.login(world.participant)
    member = world.own.members[0]
    response = client.post(
        f"/participations/{world.own.id}/members/{member.id}/edit",
        data=with_extras(_member_data("Olle Omdöpt", member.person.email), intruder),
    )
    assert response.status_code == 302
    db.session.refresh(member)
    assert member.person.name == "Olle Omdöpt"
    assert member.participation_id == world.own.id
    assert member.person.organisation_id == world.own.organisation_id


def test_two_factor_enrolment_takes_no_secret_or_role_from_the_form(client, auth, world, intruder):
    auth.login(world.participant)
    client.get("/account/two-factor")
    user = db.session.get(User, world.participant.id)
    secret = user.totp_secret_encrypted
    code = pyotp.TOTP(two_factor.secret_of(user)).now()
    response = client.post(
        "/account/two-factor",
        data=with_extras({"code": code, "password": factories.PASSWORD}, intruder),
    )
    assert response.status_code == 200 and user.has_two_factor
    db.session.refresh(user)
    assert user.totp_secret_encrypted == secret and user.role == Role.PARTICIPANT and user.active


def test_login_with_extra_fields_signs_in_the_account_as_it_is(client, world, intruder):
    before = snapshot(exclude={"auth_sessions", "users", "audit_events", "login_failures"})
    data = {"email": world.participant.email, "password": factories.PASSWORD}
    assert client.post("/login", data=with_extras(data, intruder)).status_code == 302
    user = db.session.get(User, world.participant.id)
    db.session.refresh(user)
    assert user.role == Role.PARTICIPANT and user.email == "egen@example.se"
    assert snapshot(exclude={"auth_sessions", "users", "audit_events", "login_failures"}) == before
