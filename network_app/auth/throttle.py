"""The login throttle, with device cookies (OWASP's "Slow down online guessing attacks with device
cookies"): guessing is slowed without handing anyone a way to lock a chosen person out.

A browser that has signed in to an account carries a device cookie for it (auth.devices). Its
failures count against that cookie only, so failures from elsewhere never block it. Browsers
without one ("unknown browsers") are throttled together, per account across all addresses, per
account and address, and per address across all accounts (a much higher ceiling, against trying
one password on many accounts). Every count comes from the database, so every process and machine
throttles the same attempts.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from network_app.auth.models import LoginFailure, User
from network_app.auth.services import normalise_email
from network_app.extensions import db


@dataclass(frozen=True)
class ThrottleRules:
    window: timedelta
    per_account: int  # failures at the account from unknown browsers, all addresses together
    per_account_address: int  # failures at the account from unknown browsers at one address
    per_address: int  # failures from unknown browsers at one address, all accounts together
    per_device: int  # failures from one browser known to the account
    secret: str

    def account_key(self, email):
        # Keyed, so that the table never holds an address a dictionary could recover.
        return hmac.new(
            self.secret.encode(), normalise_email(email).encode(), hashlib.sha256
        ).hexdigest()


@dataclass(frozen=True)
class Attempt:
    """One try at an account's password or second factor: at what, from where, from which
    browser. device_key is set only when the browser carries this account's device cookie."""

    account_key: str
    user_id: int | None
    address: str
    device_key: str | None = None

    @property
    def from_known_device(self):
        return self.device_key is not None

    def describe(self):
        """For the audit log: the keyed account, and whether the browser was known to it."""
        device = "known" if self.from_known_device else "unknown"
        return f"account={self.account_key} device={device}"


def attempt(rules, *, email, user, address, device_key=None):
    return Attempt(
        account_key=rules.account_key(email),
        user_id=user.id if user is not None else None,
        address=(address or "unknown")[:64],
        device_key=device_key,
    )


def _unknown_browsers(since):
    return sa.and_(LoginFailure.device_key.is_(None), LoginFailure.failed_at > since)


def throttled(rules, attempt, *, now):
    """True while this attempt's browser may not try: a known browser only for its own failures,
    an unknown one for any of the three counts of unknown browsers."""
    since = now - rules.window
    if attempt.from_known_device:
        failures = db.session.scalar(
            sa.select(sa.func.count()).where(
                LoginFailure.device_key == attempt.device_key, LoginFailure.failed_at > since
            )
        )
        return failures >= rules.per_device
    at_account = LoginFailure.account_key == attempt.account_key
    from_address = LoginFailure.address == attempt.address
    account, account_address, address = db.session.execute(
        sa.select(
            sa.func.count().filter(at_account),
            sa.func.count().filter(at_account, from_address),
            sa.func.count().filter(from_address),
        ).where(_unknown_browsers(since), sa.or_(at_account, from_address))
    ).one()
    return (
        account >= rules.per_account
        or account_address >= rules.per_account_address
        or address >= rules.per_address
    )


def record_failure(rules, attempt, *, now):
    """Remember a failed try for the window; older failures are deleted on the way."""
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.failed_at <= now - rules.window))
    db.session.add(
        LoginFailure(
            account_key=attempt.account_key,
            user_id=attempt.user_id,
            address=attempt.address,
            device_key=attempt.device_key,
            failed_at=now,
        )
    )
    db.session.flush()


# What the leader sees


@dataclass(frozen=True)
class BlockedAccount:
    user: User | None  # None: no account has the typed address
    account_key: str
    failures: int
    last_failed_at: object
    address: str | None = None  # set for a block of one account from one address

    def blocked_until(self, window):
        """When the block lifts at the latest, if no failure follows."""
        return self.last_failed_at + window


@dataclass(frozen=True)
class BlockedAddress:
    address: str
    failures: int
    accounts: int
    last_failed_at: object

    def blocked_until(self, window):
        return self.last_failed_at + window


@dataclass(frozen=True)
class BlockedDevices:
    user: User
    devices: int
    last_failed_at: object

    def blocked_until(self, window):
        return self.last_failed_at + window


@dataclass(frozen=True)
class Blocks:
    accounts: list  # accounts closed to unknown browsers
    account_addresses: list  # one account closed to unknown browsers at one address
    addresses: list  # addresses closed to unknown browsers for every account
    devices: list  # known browsers that failed too often, per account


def current_blocks(rules, *, now):
    """Every block in force now, each with its failures and the latest one; five queries
    whatever the number of failures."""
    since = now - rules.window
    accounts = _blocked_accounts(since, rules.per_account)
    pairs = _blocked_accounts(since, rules.per_account_address, per_address=True)
    addresses = db.session.execute(
        sa.select(
            LoginFailure.address,
            sa.func.count(),
            sa.func.count(sa.distinct(LoginFailure.account_key)),
            sa.func.max(LoginFailure.failed_at),
        )
        .where(_unknown_browsers(since))
        .group_by(LoginFailure.address)
        .having(sa.func.count() >= rules.per_address)
        .order_by(sa.func.max(LoginFailure.failed_at).desc())
    ).all()
    devices = _blocked_devices(since, rules.per_device)
    users = _users_by_id({row[1] for row in accounts + pairs} | {row[0] for row in devices})
    return Blocks(
        accounts=[BlockedAccount(users.get(r[1]), r[0], r[2], r[3]) for r in accounts],
        account_addresses=[
            BlockedAccount(users.get(r[1]), r[0], r[2], r[3], address=r[4]) for r in pairs
        ],
        addresses=[BlockedAddress(*row) for row in addresses],
        devices=[BlockedDevices(users[r[0]], r[1], r[2]) for r in devices if r[0] in users],
    )


def _blocked_accounts(since, limit, *, per_address=False):
    group = [LoginFailure.account_key] + ([LoginFailure.address] if per_address else [])
    return db.session.execute(
        sa.select(
            LoginFailure.account_key,
            sa.func.max(LoginFailure.user_id),
            sa.func.count(),
            sa.func.max(LoginFailure.failed_at),
            *group[1:],
        )
        .where(_unknown_browsers(since))
        .group_by(*group)
        .having(sa.func.count() >= limit)
        .order_by(sa.func.max(LoginFailure.failed_at).desc())
    ).all()


def _blocked_devices(since, limit):
    per_device = (
        sa.select(
            LoginFailure.user_id.label("user_id"),
            sa.func.max(LoginFailure.failed_at).label("last_failed_at"),
        )
        .where(LoginFailure.device_key.is_not(None), LoginFailure.failed_at > since)
        .group_by(LoginFailure.user_id, LoginFailure.device_key)
        .having(sa.func.count() >= limit)
        .subquery()
    )
    return db.session.execute(
        sa.select(per_device.c.user_id, sa.func.count(), sa.func.max(per_device.c.last_failed_at))
        .group_by(per_device.c.user_id)
        .order_by(sa.func.max(per_device.c.last_failed_at).desc())
    ).all()


def _users_by_id(ids):
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}
