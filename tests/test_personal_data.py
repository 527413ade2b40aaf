"""Personal data: the leader's access request export, erasure, the retention rule, and logs."""

import json
import logging
import sys
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import g

from network_app.auth import services as account_services
from network_app.auth.models import AuthSession, Invitation, Role, User
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.hours.models import ActivityKind, HourEntry
from network_app.meetings.models import Meeting, MeetingKind, Registration, RegistrationResponse
from network_app.networks import services as network_services
from network_app.networks.models import GroupMember, Person
from network_app.privacy import services
from tests import factories


def _olle(world):
    return next(m for m in world.own.members if m.person.name == "Olle Egen")


def _records_about(world, member):
    """An account, an invitation, a meeting registration and an hour entry for the member."""
    user = factories.make_user(
        Role.PARTICIPANT,
        email="olle.konto@example.se",
        name="Olle Egen",
        organisation=world.own.organisation,
    )
    user.person = member.person
    account_services.create_invitation(
        user, created_by=world.leader, now=utcnow(), valid_for=timedelta(days=7)
    )
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    meeting = Meeting(
        network=world.network,
        kind=MeetingKind.NETWORK,
        title="Första träffen",
        starts_at=start,
        ends_at=start + timedelta(hours=6),
    )
    db.session.add(meeting)
    db.session.add(
        Registration(
            meeting=meeting,
            group_member=member,
            attended=True,
            response=RegistrationResponse.ATTENDING,
            dietary_needs="Glutenfri kost",
        )
    )
    entry = HourEntry(
        participation=world.own,
        worked_on=date(2026, 3, 10),
        minutes=90,
        activity=ActivityKind.RISK_ANALYSIS,
        note="Riskanalys av detaljplanen",
        people_present=1,
        members=[member],
        created_by_id=user.id,
    )
    db.session.add(entry)
    db.session.commit()
    return user, meeting, entry


def _download(client, person):
    response = client.get(f"/people/{person.id}/personal-data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    return response, json.loads(response.data)


def test_leader_downloads_everything_stored_about_a_person(client, auth, world):
    member = _olle(world)
    user, meeting, entry = _records_about(world, member)
    auth.login(world.leader)

    response, document = _download(client, member.person)

    own = document["own"]
    assert own["people"][0]["name"] == "Olle Egen"
    assert own["people"][0]["phone"] == "070-111 11 11"
    assert [u["email"] for u in own["users"]] == ["olle.konto@example.se"]
    assert [g["id"] for g in own["group_members"]] == [member.id]
    assert own["registrations"][0]["dietary_needs"] == "Glutenfri kost"
    assert own["registrations"][0]["response"] == "attending"
    assert len(own["invitations"]) == 1
    assert [e["id"] for e in document["linked"]["hour_entries"]] == [entry.id]
    assert document["linked"]["hour_entries"][0]["worked_on"] == "2026-03-10"
    assert [e["id"] for e in document["mentioning"]["hour_entries"]] == [entry.id]
    assert {n["name"] for n in document["context"]["networks"]} == {"Testnätverket"}
    assert {m["title"] for m in document["context"]["meetings"]} == {"Första träffen"}
    text = response.data.decode()
    assert "password_hash" not in text and "token_hash" not in text
    for stranger in ("Stina Egen", "Hemlig Person", "ledare@example.se"):
        assert stranger not in text
    assert "Olle" not in response.headers["Content-Disposition"]


def test_leader_reads_the_personal_data_as_a_page(client, auth, world):
    member = _olle(world)
    _records_about(world, member)
    auth.login(world.leader)
    page = client.get(f"/people/{member.person.id}/personal-data").get_data(as_text=True)
    assert "Personuppgifter om Olle Egen" in page
    assert "Anmälningar till träffar" in page and "Glutenfri kost" in page
    assert "Arbete på hemmaplan" in page
    organisation_page = client.get(f"/organisations/{world.own.organisation_id}")
    assert f"/people/{member.person.id}/personal-data" in organisation_page.get_data(as_text=True)


PATHS = ("/people/{id}/personal-data", "/people/{id}/personal-data.json", "/people/{id}/erase")


@pytest.mark.parametrize("role", ["participant", "other_participant", "observer"])
@pytest.mark.parametrize("path", PATHS)
def test_only_the_leader_reaches_a_persons_data(client, auth, world, role, path):
    person = _olle(world).person
    auth.login(getattr(world, role))
    assert client.get(path.format(id=person.id)).status_code == 403
    response = client.post(path.format(id=person.id), data={"confirm": "y"})
    assert response.status_code in (403, 405)
    db.session.expire_all()
    assert person.name == "Olle Egen"


@pytest.mark.parametrize("path", PATHS)
def test_anonymous_visitor_is_sent_to_login(client, world, path):
    response = client.get(path.format(id=_olle(world).person.id))
    assert response.status_code == 302 and response.location.startswith("/login")


def test_unknown_person_is_404(client, auth, world):
    auth.login(world.leader)
    assert client.get("/people/999999/personal-data").status_code == 404
    assert client.post("/people/999999/erase", data={"confirm": "y"}).status_code == 404


def test_erase_needs_the_confirmation(client, auth, world):
    person = _olle(world).person
    auth.login(world.leader)
    response = client.post(f"/people/{person.id}/erase", data={})
    assert response.status_code == 200
    assert "Kryssa i rutan för att bekräfta" in response.get_data(as_text=True)
    db.session.expire_all()
    assert person.name == "Olle Egen"


def _figures(world):
    hours = db.session.execute(
        sa.select(sa.func.count(HourEntry.id), sa.func.sum(HourEntry.minutes))
    ).one()
    registrations = db.session.scalar(sa.select(sa.func.count(Registration.id)))
    composition = network_services.compositions([world.own.id])[world.own.id]
    present = db.session.scalar(
        sa.select(sa.func.count()).select_from(
            HourEntry.__table__.join(db.metadata.tables["hour_entry_members"])
        )
    )
    return tuple(hours), registrations, composition, present


def test_erasing_removes_name_and_contact_and_keeps_the_figures(app, client, auth, world):
    member = _olle(world)
    user, _meeting, _entry = _records_about(world, member)
    erased_client = app.test_client()
    erased_client.post("/login", data={"email": user.email, "password": factories.PASSWORD})
    g.pop("_login_user", None)  # the tests share one app context, and Flask-Login caches in g
    before = _figures(world)
    auth.login(world.leader)

    response = client.post(f"/people/{member.person.id}/erase", data={"confirm": "y"})

    assert response.status_code == 302
    assert response.location.endswith(f"/organisations/{world.own.organisation_id}")
    db.session.expire_all()
    person = db.session.get(Person, member.person_id)
    assert person.name == services.ANONYMISED_NAME == "Tidigare gruppmedlem"
    assert person.email.endswith("@anonymised.invalid") and "olle" not in person.email
    assert person.phone is None and person.title == ""
    account = db.session.get(User, user.id)
    assert account.active is False and account.person_id is None
    assert account.password_hash is None and account.name == "Tidigare gruppmedlem"
    assert "olle" not in account.email
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuthSession)
            .where(AuthSession.user_id == user.id)
        )
        == 0
    )
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Invitation).where(Invitation.user_id == user.id)
        )
        == 0
    )
    assert db.session.scalar(sa.select(Registration.dietary_needs)) == ""
    assert _figures(world) == before
    assert db.session.get(GroupMember, member.id) is not None
    g.pop("_login_user", None)
    assert erased_client.get("/").status_code == 302  # the erased account's session is gone
    g.pop("_login_user", None)
    group_page = client.get(f"/participations/{world.own.id}").get_data(as_text=True)
    assert "Tidigare gruppmedlem" in group_page and "Olle Egen" not in group_page
    again = client.get(f"/people/{person.id}/erase", follow_redirects=True)
    assert "redan raderade" in again.get_data(as_text=True)


def test_erasing_ends_the_calendar_link_for_good(app, client, auth, world):
    """The erased account's subscription URL answers nothing, also if the account is ever
    reactivated."""
    from network_app.meetings import feeds

    user, _meeting, _entry = _records_about(world, _olle(world))
    feeds.reset(user, now=utcnow())
    db.session.commit()
    old = feeds.token_for(user, app.config["SECRET_KEY"])
    calendar = app.test_client()
    assert calendar.get(f"/calendar/feed/{old}").status_code == 200

    auth.login(world.leader)
    client.post(f"/people/{_olle(world).person.id}/erase", data={"confirm": "y"})
    assert calendar.get(f"/calendar/feed/{old}").status_code == 404
    client.post(f"/accounts/{user.id}/active", data={"active": "1"})
    db.session.expire_all()
    assert db.session.get(User, user.id).active is True
    assert calendar.get(f"/calendar/feed/{old}").status_code == 404


def test_erasing_twice_changes_nothing(world):
    person = _olle(world).person
    assert services.erase_person(person) is True
    email = person.email
    assert services.erase_person(person) is False
    assert person.email == email


def _close(network, days_ago):
    network.closed_at = utcnow() - timedelta(days=days_ago)


def test_retention_command_anonymises_people_of_long_closed_networks(app, runner, world):
    old = factories.make_network(
        name="Gamla nätverket", starts_on=date(2022, 1, 1), ends_on=date(2022, 12, 31)
    )
    old_own = factories.make_participation(old, world.own.organisation)
    factories.add_member(old_own, "Gunnar Gammal")
    factories.add_member(old_own, "Olle Egen", email=_olle(world).person.email)  # also in open one
    _close(old, 800)
    db.session.commit()
    hours_before = _figures(world)

    result = runner.invoke(args=["anonymise-closed-networks"])

    assert result.exit_code == 0, result.output
    assert "Anonymised 1 people" in result.output
    names = set(db.session.scalars(sa.select(Person.name)))
    assert "Gunnar Gammal" not in names and "Olle Egen" in names
    assert len(old_own.members) == 2
    assert _figures(world) == hours_before
    assert "Anonymised 0 people" in runner.invoke(args=["anonymise-closed-networks"]).output


def test_retention_command_respects_the_given_and_configured_age(app, runner, world):
    _close(world.network, 100)
    db.session.commit()
    assert "Anonymised 0 people" in runner.invoke(args=["anonymise-closed-networks"]).output
    app.config["RETENTION_DAYS"] = 90
    assert "Anonymised 3 people" in runner.invoke(args=["anonymise-closed-networks"]).output
    assert set(db.session.scalars(sa.select(Person.name))) == {"Tidigare gruppmedlem"}


def test_retention_command_takes_days_from_the_option(runner, world):
    _close(world.network, 100)
    db.session.commit()
    result = runner.invoke(args=["anonymise-closed-networks", "--older-than-days", "99"])
    assert "Anonymised 3 people" in result.output
    bad = runner.invoke(args=["anonymise-closed-networks", "--older-than-days", "-1"])
    assert bad.exit_code != 0


def test_nothing_personal_reaches_the_application_log(app, client, auth, world, caplog):
    caplog.set_level(logging.DEBUG)
    person = _olle(world).person
    secrets = [
        "Olle Egen",
        person.email,
        "070-111 11 11",
        world.participant.email,
        world.leader.email,
        "Nyan Medlem",
        "nyan.medlem@example.se",
    ]
    client.post("/login", data={"email": world.participant.email, "password": "fel-losenord-123"})
    auth.login(world.participant)
    client.get("/")
    client.get(f"/participations/{world.own.id}")
    client.post(
        f"/participations/{world.own.id}/members/new",
        data={
            "name": "Nyan Medlem",
            "title": "Sekreterare",
            "kind": "civil_servant",
            "function": "democracy",
            "email": "nyan.medlem@example.se",
        },
    )
    auth.logout()
    auth.login(world.leader)
    client.get(f"/people/{person.id}/personal-data.json")
    client.post(f"/people/{person.id}/erase", data={"confirm": "y"})
    assert caplog.records, "the flow should leave some log records to inspect"
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    for secret in secrets:
        assert secret not in logged


def test_a_database_error_is_logged_without_the_values(app, world, caplog):
    person = _olle(world).person
    duplicate = Person(
        organisation_id=person.organisation_id,
        name="Olle Dubblett",
        kind=person.kind,
        function=person.function,
        email=person.email,
    )
    db.session.add(duplicate)
    with app.test_request_context("/participations/1/members/new", method="POST"):
        try:
            db.session.flush()
        except sa.exc.IntegrityError:
            app.log_exception(sys.exc_info())  # what Flask does before it answers 500
    db.session.rollback()
    assert "database error" in caplog.text and "IntegrityError" in caplog.text
    assert "Olle Dubblett" not in caplog.text and person.email not in caplog.text
