"""Device cookies: a browser's signed proof that it has signed in to an account before.

One cookie holds an entry per account signed in from this browser (the most recent few): the
account's id, a random nonce and when it was issued, signed with SECRET_KEY (and accepted under
SECRET_KEY_FALLBACKS while a key is being rotated). Every successful login issues a new nonce.
The throttle counts a known browser's failures under a hash of (account, nonce), so that neither
the cookie nor the table alone tells anything, and a cookie for one account is worth nothing for
another. Pure functions of the cookie's value: the request and response are the caller's.
"""

import hashlib
import secrets

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "device-cookie"
MAX_ACCOUNTS = 10  # a shared computer: the most recently signed-in accounts keep theirs


def _serializer(secret_keys):
    # itsdangerous signs with the last key and accepts any of them.
    return URLSafeSerializer(list(secret_keys), salt=SALT)


def read(value, *, secret_keys, now, lifetime):
    """{user id: nonce} of the cookie's entries that are correctly signed and not too old."""
    if not value:
        return {}
    try:
        entries = _serializer(secret_keys).loads(value)
    except BadSignature:
        return {}
    if not isinstance(entries, dict):
        return {}
    oldest = (now - lifetime).timestamp()
    found = {}
    for user_id, entry in entries.items():
        if (
            isinstance(entry, list)
            and len(entry) == 2
            and isinstance(entry[0], str)
            and isinstance(entry[1], int | float)
            and entry[1] >= oldest
            and user_id.isdigit()
        ):
            found[int(user_id)] = entry
    return found


def device_key(user_id, nonce):
    return hashlib.sha256(f"{user_id}:{nonce}".encode()).hexdigest()


def key_for(value, user_id, *, secret_keys, now, lifetime):
    """The device key of this browser for the account, or None when it is unknown to it."""
    entry = read(value, secret_keys=secret_keys, now=now, lifetime=lifetime).get(user_id)
    return device_key(user_id, entry[0]) if entry else None


def with_new_nonce(value, user_id, *, secret_keys, now, lifetime):
    """The cookie's new value: a fresh nonce for the account, the other accounts' entries kept
    (the oldest dropped beyond MAX_ACCOUNTS)."""
    entries = read(value, secret_keys=secret_keys, now=now, lifetime=lifetime)
    entries[user_id] = [secrets.token_urlsafe(16), int(now.timestamp())]
    newest = sorted(entries.items(), key=lambda item: item[1][1], reverse=True)[:MAX_ACCOUNTS]
    return _serializer(secret_keys).dumps({str(user_id): entry for user_id, entry in newest})
