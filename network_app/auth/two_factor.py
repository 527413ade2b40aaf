"""Two-factor login: TOTP secrets (RFC 6238), one-time recovery codes and the enrolment QR code."""

import hashlib
import io
import logging
import re
import secrets

import pyotp
import segno
import sqlalchemy as sa

from network_app.auth import secret_box
from network_app.auth.models import RecoveryCode, User
from network_app.extensions import db

log = logging.getLogger(__name__)

ISSUER = "SKR nätverk"
RECOVERY_CODE_COUNT = 10
# 16 characters of a 32-letter alphabet: 80 bits, so a plain SHA-256 of the code is safe to keep.
_RECOVERY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
_RECOVERY_GROUPS, _RECOVERY_GROUP_LENGTH = 4, 4
_CODE_INPUT_MAX = 64
_SEPARATORS = re.compile(r"[\s-]+")
# One step either side forgives a phone clock that is up to 30 seconds off.
VALID_WINDOW = 1


class NotEnrolled(Exception):
    """The account has no two-factor secret to check a code against."""


def secret_of(user):
    """The account's TOTP secret in clear, or None before enrolment began, or when no configured
    key opens it (logged: the operator changed a key without keeping the old one; the person
    can still sign in with a recovery code)."""
    if user.totp_secret_encrypted is None:
        return None
    try:
        return secret_box.decrypt(user.totp_secret_encrypted)
    except secret_box.SecretUnreadable:
        log.error("the TOTP secret of user %d opens with no configured key", user.id)
        return None


def begin_enrolment(user):
    """A fresh secret for an account that has none enabled; kept until the first code confirms."""
    if user.has_two_factor:
        raise ValueError("two-factor login is already enabled")
    if secret_of(user) is None:
        user.totp_secret_encrypted = secret_box.encrypt(pyotp.random_base32())
    return secret_of(user)


def provisioning_uri(user):
    return pyotp.TOTP(secret_of(user)).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri):
    """The otpauth URI as SVG markup: paths and presentation attributes only, no style, so the
    page's Content-Security-Policy (no unsafe-inline) allows it inline."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        scale=4,
        border=4,
        svgclass="qr-code",
        lineclass=None,
        dark="#000",
        light="#fff",
    )
    return buffer.getvalue().decode("ascii")


def grouped_secret(secret):
    """The secret in blocks of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _normalise(code):
    return _SEPARATORS.sub("", (code or "")[:_CODE_INPUT_MAX]).lower()


def check_totp(user, code, *, now):
    """True for a code of the current step (±1) not used before; remembers the step it used."""
    if not user.totp_secret_encrypted:
        raise NotEnrolled()
    code, secret = _normalise(code), secret_of(user)
    if secret is None or not re.fullmatch(r"[0-9]{6}", code):
        return False
    try:
        step = pyotp.TOTP(secret).verify_and_get_timecode(
            code, for_time=now, valid_window=VALID_WINDOW
        )
    except pyotp.exceptions.OTPVerificationError:
        return False
    if user.totp_last_step is not None and step <= user.totp_last_step:
        return False  # a replay of a code already used, or an older one
    user.totp_last_step = step
    return True


def confirm_enrolment(user, code, *, now):
    """Enable two-factor login when the first code matches; returns fresh recovery codes."""
    if not check_totp(user, code, now=now):
        return None
    user.two_factor_enabled_at = now
    return replace_recovery_codes(user, now=now)


def disable(user):
    user.totp_secret_encrypted = None
    user.two_factor_enabled_at = None
    user.totp_last_step = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def encrypt_every_secret_again():
    """Every stored secret encrypted with the current first key; returns how many. Run after a
    new key is put first (README, Security: rotation)."""
    users = db.session.scalars(sa.select(User).where(User.totp_secret_encrypted.is_not(None)))
    count = 0
    for user in users:
        user.totp_secret_encrypted = secret_box.encrypted_again(user.totp_secret_encrypted)
        count += 1
    db.session.flush()
    return count


def _hash_recovery_code(user, code):
    return hashlib.sha256(f"{user.id}:{_normalise(code)}".encode()).hexdigest()


def _new_recovery_code():
    length = _RECOVERY_GROUPS * _RECOVERY_GROUP_LENGTH
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(length))
    return "-".join(
        raw[i : i + _RECOVERY_GROUP_LENGTH] for i in range(0, length, _RECOVERY_GROUP_LENGTH)
    )


def replace_recovery_codes(user, *, now):
    """New codes instead of all earlier ones; only their hashes are stored, so show them now."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(
        RecoveryCode(user_id=user.id, code_hash=_hash_recovery_code(user, code), created_at=now)
        for code in codes
    )
    db.session.flush()
    return codes


def use_recovery_code(user, code, *, now):
    """True, and the code spent, when it is one of the account's unused recovery codes."""
    if not _normalise(code):
        return False
    recovery = db.session.scalar(
        sa.select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash_recovery_code(user, code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if recovery is None:
        return False
    recovery.used_at = now
    return True


def unused_recovery_codes(user):
    return db.session.scalar(
        sa.select(sa.func.count()).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )
