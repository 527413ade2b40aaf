"""Failed logins are throttled per account and per address, with state every process shares."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from network_app import create_app
from network_app.auth import services
from network_app.auth.models import LoginFailure
from network_app.db_types import utcnow
from network_app.extensions import db
from tests import factories
from tests.conftest import _test_config

WRONG = "fel-losenord-som-ar-langt"
THROTTLED = "För många misslyckade inloggningar. Vänta en kvart och försök sedan igen."


@pytest.fixture
def app_config():
    return {"LOGIN_THROTTLE_PER_ACCOUNT": 3, "LOGIN_THROTTLE_PER_ADDRESS": 5}


def _attempt(client, email, password=WRONG, address="10.0.0.1"):
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_account_is_throttled_after_its_limit_even_with_the_right_password(client, world):
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):  # spread over addresses
        assert _attempt(client, world.leader.email, address=address).status_code == 200
    response = _attempt(client, world.leader.email, factories.PASSWORD, address="10.0.0.4")
    assert response.status_code == 429
    assert THROTTLED in response.text
    assert response.headers["Retry-After"] == "900"
    # Another account from the same address still gets in.
    assert _attempt(client, world.participant.email, factories.PASSWORD).status_code == 302


def test_address_is_throttled_across_accounts(client, world):
    for number in range(5):
        assert _attempt(client, f"gissning{number}@example.se").status_code == 200
    response = _attempt(client, world.leader.email, factories.PASSWORD)
    assert response.status_code == 429
    assert THROTTLED in response.text
    # The same account from another address is not blocked by this address's failures.
    assert _attempt(client, world.leader.email, factories.PASSWORD, "10.9.9.9").status_code == 302


def test_throttle_answer_is_the_same_for_unknown_and_known_addresses(client, world):
    for _ in range(3):
        _attempt(client, world.leader.email)
        _attempt(client, "ingen@example.se", address="10.0.0.2")
    known = _attempt(client, world.leader.email)
    unknown = _attempt(client, "ingen@example.se", address="10.0.0.2")
    assert known.status_code == unknown.status_code == 429
    assert THROTTLED in known.text and THROTTLED in unknown.text


def test_a_successful_login_clears_the_accounts_failures(client, world):
    _attempt(client, world.leader.email)
    _attempt(client, world.leader.email)
    assert _attempt(client, world.leader.email, factories.PASSWORD).status_code == 302
    client.post("/logout")
    for _ in range(2):
        assert _attempt(client, world.leader.email).status_code == 200
    assert _attempt(client, world.leader.email, factories.PASSWORD).status_code == 302


def test_failures_older_than_the_window_no_longer_count(app, world):
    rules = services.ThrottleRules(
        window=timedelta(minutes=15), per_account=3, per_address=5, secret="k"
    )
    now = utcnow()
    for _ in range(3):
        services.record_login_failure(
            rules, email=world.leader.email, address="10.0.0.1", now=now - timedelta(minutes=20)
        )
    assert not services.login_throttled(
        rules, email=world.leader.email, address="10.0.0.1", now=now
    )
    assert services.login_throttled(
        rules, email=world.leader.email, address="10.0.0.1", now=now - timedelta(minutes=19)
    )


def test_the_table_holds_no_email_address(client, world):
    _attempt(client, world.leader.email)
    stored = db.session.scalars(sa.select(LoginFailure.account_key)).all()
    assert stored and all("@" not in key and world.leader.email not in key for key in stored)


def test_throttle_holds_across_two_app_processes_on_one_database(app, database_url, world):
    """Two app instances (as two gunicorn workers would be) share the throttle's state."""
    config = _test_config(database_url, LOGIN_THROTTLE_PER_ACCOUNT=3)
    first, second = create_app(config), create_app(config)
    try:
        first_client, second_client = first.test_client(), second.test_client()
        for _ in range(3):
            assert _attempt(first_client, world.leader.email).status_code == 200
        response = _attempt(second_client, world.leader.email, factories.PASSWORD)
        assert response.status_code == 429
        assert THROTTLED in response.text
    finally:
        for other in (first, second):
            with other.app_context():
                db.session.remove()
                db.engine.dispose()
