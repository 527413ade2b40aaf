"""The leader's page of what the login throttle holds back now."""

from datetime import timedelta

import pytest

from network_app.auth import throttle
from network_app.auth.sessions import throttle_rules
from network_app.db_types import utcnow
from network_app.extensions import db
from tests.auth.test_throttle import LIMITS


@pytest.fixture
def app_config():
    return dict(LIMITS)


def _fail(rules, email, user=None, *, address, device_key=None, minutes_ago=1, times=1):
    attempt = throttle.attempt(
        rules, email=email, user=user, address=address, device_key=device_key
    )
    for _ in range(times):
        throttle.record_failure(rules, attempt, now=utcnow() - timedelta(minutes=minutes_ago))


def _page(client, auth, world):
    auth.login(world.leader)
    response = client.get("/accounts/blocked")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_leader_sees_blocked_accounts_addresses_and_browsers(app, client, auth, world):
    rules = throttle_rules()
    # The participant's account from six addresses: closed to unknown browsers.
    for number in range(6):
        _fail(rules, world.participant.email, world.participant, address=f"192.0.2.{number}")
    # The observer's from one address, three times: closed from that address only.
    _fail(rules, world.observer.email, world.observer, address="198.51.100.4", times=3)
    # Spraying of addresses that have no account, from one address.
    for number in range(12):
        _fail(rules, f"gissning{number}@example.se", address="203.0.113.9")
    # An address without an account, three times from one address.
    _fail(rules, "ingen@example.se", address="203.0.113.10", times=3)
    # A known browser of the other participant, three times.
    _fail(
        rules,
        world.other_participant.email,
        world.other_participant,
        address="10.1.1.1",
        device_key="d" * 64,
        times=3,
    )
    db.session.commit()

    page = _page(client, auth, world)

    for user in (world.participant, world.observer, world.other_participant):
        assert user.email in page
    assert "198.51.100.4" in page and "203.0.113.9" in page
    assert "Inget konto har den e-postadressen" in page
    assert "gissning" not in page and "ingen@" not in page  # typed addresses are never stored


def test_old_failures_and_those_under_the_limits_are_not_shown(app, client, auth, world):
    rules = throttle_rules()
    _fail(rules, world.participant.email, world.participant, address="192.0.2.1", times=2)
    _fail(rules, world.observer.email, world.observer, address="192.0.2.2", times=6, minutes_ago=20)
    db.session.commit()
    page = _page(client, auth, world)
    assert world.participant.email not in page and world.observer.email not in page
    assert page.count("Inga just nu.") == 4


def test_the_page_makes_the_same_number_of_queries_at_any_size(
    app, client, auth, world, count_queries
):
    rules = throttle_rules()
    auth.login(world.leader)

    def statements(failures):
        for number in range(failures):
            _fail(rules, world.participant.email, world.participant, address=f"192.0.2.{number}")
            _fail(rules, f"konto{number}@example.se", address="203.0.113.9", times=3)
        db.session.commit()
        with count_queries() as counter:
            assert client.get("/accounts/blocked").status_code == 200
        return counter.count

    small = statements(6)
    assert statements(60) == small <= 8


def test_only_the_leader_sees_the_page(client, auth, world):
    auth.login(world.participant)
    assert client.get("/accounts/blocked").status_code == 403
