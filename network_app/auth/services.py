"""Accounts: passwords, sessions and invitations (the login throttle is auth.throttle)."""

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from network_app.auth import passwords
from network_app.auth.models import AuthSession, Invitation, Role, User, network_observers
from network_app.extensions import db
from network_app.networks.models import Network, Organisation
from network_app.plain_rows import plain_rows

PASSWORD_MIN_LENGTH = passwords.MIN_LENGTH
PASSWORD_MAX_LENGTH = passwords.MAX_LENGTH
# Verified against when the address has no account, so that a miss takes as long as a hit.
_UNUSABLE_HASH = generate_password_hash(secrets.token_hex(16))


class AccountError(Exception):
    """A change to accounts that the rules refuse; the message is for the user."""


class EmailTaken(AccountError):
    pass


class LastLeader(AccountError):
    """The change would leave the app without an active project leader."""


class InvitationInvalid(AccountError):
    pass


class InvitationExpired(AccountError):
    pass


class InvitationUsed(AccountError):
    pass


class PasswordRefused(AccountError):
    """The password breaks a rule of auth.passwords; the message says which."""


def normalise_email(email):
    return (email or "").strip().lower()


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password):
    return generate_password_hash(password)  # scrypt, Werkzeug's current default


def find_user_by_email(email):
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def is_last_leader(user):
    """Whether the user is the only active project leader."""
    if user.role != Role.LEADER or not user.active:
        return False
    others = db.session.scalar(
        sa.select(sa.func.count(User.id)).where(
            User.role == Role.LEADER, User.active.is_(True), User.id != user.id
        )
    )
    return others == 0


def account_refusals(user, *, email, role):
    """The rules' refusals of an edit, one per field: {field name: AccountError}."""
    found = {}
    if email_taken(email, except_id=user.id):
        found["email"] = EmailTaken(email)
    if role != Role.LEADER and is_last_leader(user):
        found["role"] = LastLeader()
    return found


def update_account(user, *, name, email, role, organisation=None, networks=()):
    """Change an account's name, address, role and organisation (participant) or networks
    (observer). Returns the names of the fields that changed (for the audit log: never values).
    A new role or organisation ends the account's sessions, so that what it may see follows."""
    refusals = account_refusals(user, email=email, role=role)
    if refusals:
        raise next(iter(refusals.values()))
    if role == Role.PARTICIPANT and organisation is None:
        raise AccountError("a participant belongs to an organisation")
    before = _account_values(user)
    user.name = name
    user.email = normalise_email(email)
    user.role = role
    user.organisation = organisation if role == Role.PARTICIPANT else None
    user.observed_networks = list(networks) if role == Role.OBSERVER else []
    after = _account_values(user)
    changed = [key for key in before if before[key] != after[key]]
    if {"role", "organisation", "networks"} & set(changed):
        end_all_sessions(user)
    db.session.flush()
    return changed


def _account_values(user):
    return {
        "name": user.name,
        "email": user.email,
        "role": user.role,
        "organisation": user.organisation.id if user.organisation is not None else None,
        "networks": sorted(n.id for n in user.observed_networks),
    }


def _like_pattern(text):
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def account_patterns(text):
    """The LIKE patterns matching_accounts tries: ILIKE on PostgreSQL; SQLite folds only ASCII,
    so å, ä, ö are also tried as typed, capitalised and in lower case."""
    variants = dict.fromkeys((text, text.lower(), text.capitalize(), text.title()))
    return [_like_pattern(v) for v in variants]


def accounts_matching_patterns(patterns):
    """The condition on users whose name or e-mail address matches one of the patterns (values
    or bound parameters), in any case."""
    return sa.or_(
        *(
            column.ilike(pattern, escape="\\")
            for pattern in patterns
            for column in (User.name, User.email)
        )
    )


def matching_accounts(text):
    """The condition on users whose name or e-mail address contains the text, in any case."""
    return accounts_matching_patterns(account_patterns(text))


@dataclass(frozen=True, slots=True)
class AccountRow:
    """An account as the list of accounts shows it."""

    id: int
    name: str
    email: str
    role: Role
    organisation: str | None  # its name
    networks: list  # the names of the networks an observer follows
    active: bool
    has_password: bool
    has_two_factor: bool
    last_login_at: datetime | None


# account_patterns gives at most four patterns; fewer are repeated to fill the parameters.
SEARCH_PATTERNS = 4


@functools.cache
def _accounts_query(searching):
    """A page of accounts (their columns, the organisation's name and the observed networks',
    one row per network) by role and name: one statement, built once."""
    page = sa.select(
        User.id,
        User.name,
        User.email,
        User.role,
        User.organisation_id,
        User.active,
        User.password_hash.is_not(None).label("has_password"),
        sa.and_(
            User.two_factor_enabled_at.is_not(None), User.totp_secret_encrypted.is_not(None)
        ).label("has_two_factor"),
        User.last_login_at,
    )
    if searching:
        patterns = [sa.bindparam(f"pattern_{i}") for i in range(SEARCH_PATTERNS)]
        page = page.where(accounts_matching_patterns(patterns))
    page = (
        page.order_by(User.role, User.name, User.id)
        .limit(sa.bindparam("limit"))
        .offset(sa.bindparam("offset"))
        .subquery("page")
    )
    return (
        sa.select(
            page,
            Organisation.name.label("organisation_name"),
            Network.name.label("network_name"),
        )
        .outerjoin(Organisation, Organisation.id == page.c.organisation_id)
        .outerjoin(network_observers, network_observers.c.user_id == page.c.id)
        .outerjoin(Network, Network.id == network_observers.c.network_id)
        .order_by(page.c.role, page.c.name, page.c.id, Network.id)
    )


def search_accounts(text, *, page, per_page):
    """One page of the accounts whose name or e-mail contains the text (all without a text), by
    role and name, with their organisations and networks (AccountRow); and whether another page
    follows."""
    text = (text or "").strip()
    values = {"limit": per_page + 1, "offset": (page - 1) * per_page}
    if text:
        patterns = account_patterns(text)
        values.update({f"pattern_{i}": patterns[i % len(patterns)] for i in range(SEARCH_PATTERNS)})
    rows = {}
    # Unpacked by position: a SQLAlchemy row looks each attribute up by name. On the session's
    # connection: the rows are columns, and the ORM's handling of them took a third as long again
    # as the query (the list is a GET page: nothing is pending to flush).
    for (
        id_,
        name,
        email,
        role,
        _organisation_id,
        active,
        has_password,
        has_two_factor,
        last_login_at,
        organisation,
        network,
    ) in plain_rows(_accounts_query(bool(text)), values):
        account = rows.get(id_)
        if account is None:
            account = rows[id_] = AccountRow(
                id_,
                name,
                email,
                role,
                organisation,
                [],
                active,
                bool(has_password),
                bool(has_two_factor),
                last_login_at,
            )
        if network is not None:
            account.networks.append(network)
    return list(rows.values())[:per_page], len(rows) > per_page


def email_taken(email, *, except_id=None):
    """Whether an account (other than except_id) has this address."""
    user = find_user_by_email(email or "")
    return user is not None and user.id != except_id


def create_account(*, email, name, role, organisation=None, person=None, networks=()):
    """A new account without a password: its owner sets one through an invitation or the CLI."""
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise EmailTaken(email)
    if role == Role.PARTICIPANT and organisation is None:
        raise AccountError("a participant belongs to an organisation")
    user = User(
        email=email,
        name=name,
        role=role,
        organisation=organisation if role == Role.PARTICIPANT else None,
        person=person,
        observed_networks=list(networks) if role == Role.OBSERVER else [],
    )
    db.session.add(user)
    db.session.flush()
    return user


def set_password(user, password):
    """Set a new password and end every session the account had; a password the rules refuse
    (auth.passwords) raises PasswordRefused, whatever path it came by."""
    refusal = passwords.refusal(password, name=user.name, email=user.email)
    if refusal is not None:
        raise PasswordRefused(refusal)
    user.password_hash = hash_password(password)
    end_all_sessions(user)


def password_matches(user, password):
    if user is None or not user.password_hash:
        check_password_hash(_UNUSABLE_HASH, password)
        return False
    return check_password_hash(user.password_hash, password)


# Sessions


def start_session(user, *, now, lifetime):
    """A new server-side session; returns the raw token the cookie carries."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        AuthSession(
            user=user, token_hash=hash_token(token), created_at=now, expires_at=now + lifetime
        )
    )
    user.last_login_at = now
    user.session_token = token
    db.session.flush()
    return token


# Built once: the lookup runs on every signed-in request, and building the statement cost a
# fifth of it.
_USER_OF_SESSION = (
    sa.select(User)
    .join(AuthSession, AuthSession.user_id == User.id)
    .where(
        AuthSession.token_hash == sa.bindparam("token_hash"),
        AuthSession.expires_at > sa.bindparam("now", type_=AuthSession.expires_at.type),
    )
)


def user_for_session(token, *, now):
    if not token:
        return None
    # The user alone, found through the session's row, in one query (loading the session row as
    # an object too cost a third more on PostgreSQL).
    user = db.session.scalar(_USER_OF_SESSION, {"token_hash": hash_token(token), "now": now})
    if user is None or not user.active:
        return None
    user.session_token = token
    return user


def end_session(token):
    if token:
        db.session.execute(
            sa.delete(AuthSession).where(AuthSession.token_hash == hash_token(token))
        )


def end_all_sessions(user):
    db.session.execute(sa.delete(AuthSession).where(AuthSession.user_id == user.id))


# Invitations


def create_invitation(user, *, created_by, now, valid_for):
    """A fresh one-time link for the account; earlier unused links stop working."""
    db.session.execute(
        sa.delete(Invitation).where(Invitation.user_id == user.id, Invitation.used_at.is_(None))
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        user=user,
        token_hash=hash_token(token),
        created_by_id=created_by.id if created_by else None,
        created_at=now,
        expires_at=now + valid_for,
    )
    db.session.add(invitation)
    db.session.flush()
    return invitation, token


def find_invitation(token, *, now):
    """The open invitation the token names, or an error saying why it cannot be used."""
    invitation = db.session.scalar(
        sa.select(Invitation).where(Invitation.token_hash == hash_token(token or ""))
    )
    if invitation is None or not invitation.user.active:
        raise InvitationInvalid()
    if invitation.used_at is not None:
        raise InvitationUsed()
    if invitation.expires_at <= now:
        raise InvitationExpired()
    return invitation


def accept_invitation(token, password, *, now):
    invitation = find_invitation(token, now=now)
    invitation.used_at = now
    set_password(invitation.user, password)
    return invitation.user


def open_invitation_expiries(user_ids, *, now):
    """When each account's usable invitation link expires, keyed by user id, in one query."""
    if not user_ids:
        return {}
    rows = db.session.execute(
        sa.select(Invitation.user_id, sa.func.max(Invitation.expires_at))
        .where(
            Invitation.user_id.in_(user_ids),
            Invitation.used_at.is_(None),
            Invitation.expires_at > now,
        )
        .group_by(Invitation.user_id)
    )
    return dict(rows.all())


def password_opens(user, password):
    """True when the password is the account's and the account is active. An unknown address
    takes as long as a known one."""
    return password_matches(user, password) and user.active
