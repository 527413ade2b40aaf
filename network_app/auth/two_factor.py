"""Two-factor login: TOTP secrets (RFC 6238), one-time recovery codes and the enrolment QR code."""

import hashlib
import io
import re
import secrets

import pyotp
import segno
import sqlalchemy as sa

from network_app.auth.models import RecoveryCode
from network_app.extensions import db

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


def begin_enrolment(user):
    """A fresh secret for an account that has none enabled; kept until the first code confirms."""
    if user.has_two_factor:
        raise ValueError("two-factor login is already enabled")
    if not user.totp_secret:
        user.totp_secret = pyotp.random_base32()
    return user.totp_secret


def provisioning_uri(user):
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


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
    if not user.totp_secret:
        raise NotEnrolled()
    code = _normalise(code)
    if not re.fullmatch(r"[0-9]{6}", code):
        return False
    try:
        step = pyotp.TOTP(user.totp_secret).verify_and_get_timecode(
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
    user.totp_secret = None
    user.two_factor_enabled_at = None
    user.totp_last_step = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


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
