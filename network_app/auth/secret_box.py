"""TOTP secrets encrypted at rest with Fernet (AES-128-CBC and HMAC-SHA256, from `cryptography`).

The app must read a secret to check a code, so it cannot keep only a hash as it does for
passwords; encrypted, a copy of the database or of a backup alone gives an attacker no second
factor. The keys:

- TOTP_KEYS, when set: Fernet keys, comma-separated; the first encrypts, all decrypt.
- Otherwise a key derived from SECRET_KEY with HKDF-SHA256.
- Keys derived from SECRET_KEY and each of SECRET_KEY_FALLBACKS always decrypt too, so that a
  rotation of SECRET_KEY (README, Security) leaves every secret readable until
  `flask --app wsgi rotate-totp-secrets` has encrypted them again with the current key.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

# Part of the derivation: changing it makes every stored secret unreadable.
_HKDF_INFO = b"network_app totp secrets v1"


class SecretUnreadable(Exception):
    """No configured key opens the stored secret (SECRET_KEY or TOTP_KEYS changed without the
    old key kept as a fallback)."""


def derived_key(secret_key):
    """The Fernet key HKDF-SHA256 derives from an app secret key."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        secret_key.encode()
    )
    return base64.urlsafe_b64encode(raw)


def keys(config):
    """The Fernet keys in order: the first encrypts, every one decrypts."""
    explicit = [key.encode() for key in config.get("TOTP_KEYS") or ()]
    derived = [
        derived_key(key) for key in [config["SECRET_KEY"], *config.get("SECRET_KEY_FALLBACKS", ())]
    ]
    return explicit + [key for key in derived if key not in explicit]


def box_for(config):
    return MultiFernet([Fernet(key) for key in keys(config)])


def _box():
    extensions = current_app.extensions
    if "totp_box" not in extensions:
        extensions["totp_box"] = box_for(current_app.config)
    return extensions["totp_box"]


def encrypt(secret):
    return _box().encrypt(secret.encode()).decode("ascii")


def decrypt(token):
    try:
        return _box().decrypt(token.encode()).decode()
    except InvalidToken:
        raise SecretUnreadable() from None


def encrypted_again(token):
    """The same secret encrypted with the first key (MultiFernet.rotate)."""
    try:
        return _box().rotate(token.encode()).decode("ascii")
    except InvalidToken:
        raise SecretUnreadable() from None
