"""The command line: the first account of a fresh install, and the demo network."""

from datetime import date

import pytest
import sqlalchemy as sa

from network_app import demo
from network_app.auth import services
from network_app.auth.models import AuthSession, User
from network_app.extensions import db
from network_app.networks.models import Organisation

PASSWORD = "ett-starkt-losenord-for-cli"


def _create_user(runner, *args, password=PASSWORD):
    return runner.invoke(args=["create-user", *args], input=f"{password}\n")


def test_create_user_reads_the_password_from_stdin(runner, app):
    result = _create_user(
        runner, "Forsta.Ledaren@SKR.se", "--name", "Första Ledaren", "--role", "leader"
    )
    assert result.exit_code == 0, result.output
    assert "forsta.ledaren@skr.se" in result.output
    assert PASSWORD not in result.output
    user = services.find_user_by_email("forsta.ledaren@skr.se")
    assert user.is_leader and user.name == "Första Ledaren"
    assert user.password_hash.startswith("scrypt:")
    assert services.password_matches(user, PASSWORD)
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_create_user_refuses_a_short_password(runner):
    result = _create_user(
        runner, "kort@skr.se", "--name", "Kort", "--role", "leader", password="elva-tecken"
    )
    assert result.exit_code != 0
    assert "12" in result.output
    assert services.find_user_by_email("kort@skr.se") is None


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("aaaaaaaaaaaaaaaa", "Lösenordet får inte vara ett tecken"),
        ("Password123456", "Lösenordet finns på listan över vanliga och läckta lösenord"),
        ("Klara.Kvist.2026", "Lösenordet liknar ditt namn eller din e-postadress"),
        ("klara.kvist@skr", "Lösenordet liknar ditt namn eller din e-postadress"),
    ],
)
def test_create_user_refuses_a_weak_password(runner, password, message):
    email = "klara.kvist@skr.se"
    result = _create_user(
        runner, email, "--name", "Klara Kvist", "--role", "leader", password=password
    )
    assert result.exit_code != 0
    assert message in result.output
    assert services.find_user_by_email(email) is None


def test_create_user_refuses_a_duplicate_address(runner, world):
    result = _create_user(
        runner, world.leader.email.upper(), "--name", "Dubbel", "--role", "leader"
    )
    assert result.exit_code != 0
    assert "already exists" in result.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 4


def test_create_user_participant_needs_an_existing_organisation(runner, world):
    result = _create_user(runner, "ny@egna.se", "--name", "Ny", "--role", "participant")
    assert result.exit_code != 0 and "--organisation" in result.output
    result = _create_user(
        runner,
        "ny@egna.se",
        "--name",
        "Ny",
        "--role",
        "participant",
        "--organisation",
        "Okänd kommun",
    )
    assert result.exit_code != 0 and "Okänd kommun" in result.output
    assert services.find_user_by_email("ny@egna.se") is None

    result = _create_user(
        runner,
        "ny@egna.se",
        "--name",
        "Ny",
        "--role",
        "participant",
        "--organisation",
        "Egna kommun",
    )
    assert result.exit_code == 0, result.output
    user = services.find_user_by_email("ny@egna.se")
    assert user.organisation_id == world.own.organisation_id


def test_create_user_observer_needs_a_network(runner, world):
    result = _create_user(runner, "coach2@x.se", "--name", "Coach", "--role", "observer")
    assert result.exit_code != 0 and "--network" in result.output
    result = _create_user(
        runner,
        "coach2@x.se",
        "--name",
        "Coach",
        "--role",
        "observer",
        "--network",
        world.network.name,
    )
    assert result.exit_code == 0, result.output
    assert services.find_user_by_email("coach2@x.se").observed_networks == [world.network]


def test_create_user_refuses_an_unknown_role(runner):
    result = _create_user(runner, "x@skr.se", "--name", "X", "--role", "admin")
    assert result.exit_code != 0
    assert services.find_user_by_email("x@skr.se") is None


def _row_counts():
    return {
        table.name: db.session.execute(sa.select(sa.func.count()).select_from(table)).scalar()
        for table in db.metadata.sorted_tables
    }


def test_seed_demo_loads_the_network_prints_logins_and_is_idempotent(runner, app):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    counts = _row_counts()
    # The running network with its six organisations, and next year's in recruitment with four
    # confirmed applications (and one waiting for its confirmation link); last year's, closed,
    # with Uppsala's learning example in the library.
    assert counts["networks"] == 3 and counts["participations"] == 11
    assert counts["applications"] == 5 and counts["register"] == 311
    names = set(db.session.scalars(sa.select(Organisation.name)))
    assert names == {
        "Malmö stad",
        "Göteborgs Stad",
        "Emmaboda kommun",
        "Nacka kommun",
        "Bodens kommun",
        "Västra Götalandsregionen",
        "Umeå kommun",
        "Region Gotland",
        "Lunds kommun",
        "Kiruna kommun",
        "Gällivare kommun",  # with Kiruna as one participation (samverkanslösning)
        "Uppsala kommun",  # last year's network
    }
    assert demo.DEMO_LEADER_EMAIL in first.output
    assert demo.DEMO_PASSWORD in first.output
    assert "deltagare.malmo@demo.example" in first.output

    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert _row_counts() == counts
    third = runner.invoke(args=["seed-demo", "--if-empty"])
    assert third.exit_code == 0 and "not loaded" in third.output
    assert _row_counts() == counts


def test_demo_logins_work_and_every_demo_group_has_a_recorded_decision(runner, app):
    runner.invoke(args=["seed-demo"])
    network = demo.seed_demo(date.today())
    assert all(p.has_political_decision for p in network.participations)
    assert all(p.members for p in network.participations)
    client = app.test_client()
    for _role, email in demo.demo_logins():
        response = client.post("/login", data={"email": email, "password": demo.DEMO_PASSWORD})
        assert response.status_code == 302, email
        client.post("/logout")
    assert db.session.scalar(sa.select(sa.func.count(AuthSession.id))) == 0


def test_demo_runs_over_the_current_year(runner, app):
    network = demo.seed_demo(date(2031, 5, 4))
    assert network.starts_on == date(2031, 1, 1) and network.ends_on == date(2031, 12, 31)
