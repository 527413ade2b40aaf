"""Device cookies: signed, per account, renewed at each login, and worthless once altered."""

from datetime import UTC, datetime, timedelta

from network_app.auth import devices

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
KEYS = ["test-secret-key"]
LIFETIME = timedelta(days=180)


def _issue(value, user_id, *, keys=KEYS, now=NOW):
    return devices.with_new_nonce(value, user_id, secret_keys=keys, now=now, lifetime=LIFETIME)


def _key(value, user_id, *, keys=KEYS, now=NOW):
    return devices.key_for(value, user_id, secret_keys=keys, now=now, lifetime=LIFETIME)


def test_a_cookie_names_the_accounts_it_signed_in_to_and_nothing_else():
    value = _issue(_issue(None, 7), 9)
    assert _key(value, 7) and _key(value, 9) and _key(value, 7) != _key(value, 9)
    assert _key(value, 8) is None
    assert "@" not in value


def test_every_login_gives_the_account_a_new_nonce_and_keeps_the_others():
    first = _issue(_issue(None, 7), 9)
    second = _issue(first, 7)
    assert _key(second, 7) != _key(first, 7)
    assert _key(second, 9) == _key(first, 9)


def test_an_altered_or_foreign_cookie_is_no_cookie():
    value = _issue(None, 7)
    payload, signature = value.rsplit(".", 1)
    assert _key(payload + "." + signature[::-1], 7) is None
    assert _key(value, 7, keys=["another-key"]) is None
    assert _key("not a cookie", 7) is None
    assert _key("", 7) is None


def test_a_cookie_signed_with_a_key_being_rotated_out_is_still_accepted():
    old = _issue(None, 7, keys=["old-key"])
    assert _key(old, 7, keys=["old-key", "new-key"]) == _key(old, 7, keys=["old-key"])
    renewed = _issue(old, 9, keys=["old-key", "new-key"])
    assert _key(renewed, 7, keys=["new-key"]) is not None  # re-signed with the newest key


def test_an_entry_older_than_the_lifetime_is_forgotten():
    value = _issue(None, 7, now=NOW - LIFETIME - timedelta(days=1))
    assert _key(value, 7) is None
    assert _key(value, 7, now=NOW - LIFETIME) is not None


def test_a_shared_computer_keeps_the_most_recent_accounts():
    value = None
    for user_id in range(1, 13):
        value = _issue(value, user_id, now=NOW + timedelta(seconds=user_id))
    known = [user_id for user_id in range(1, 13) if _key(value, user_id, now=NOW)]
    assert known == list(range(3, 13))
    assert len(value) < 1200
