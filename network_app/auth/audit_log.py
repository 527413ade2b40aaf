"""The audit log as people read it: filters in SQL, a page at a time, the names of the people and
objects an event is about (one query per kind of object on the page), and the CSV export."""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from network_app import audit
from network_app.audit import AuditEvent
from network_app.auth import services as auth_services
from network_app.auth.models import User
from network_app.cases.models import Case
from network_app.extensions import db
from network_app.meetings.models import Meeting
from network_app.networks.models import Network, Organisation, Participation, Person

LOG_ZONE = ZoneInfo("Europe/Stockholm")  # the day a period's dates mean, as the page shows times

# What kind of event an action is, for the filter "Visa". Refused page views and downloads are
# never listed as changes.
CHANGES, SIGN_INS, EXPORTS, REFUSALS = "changes", "sign_ins", "exports", "refusals"
CATEGORY_ACTIONS = {
    CHANGES: (
        audit.PASSWORD_CHANGED,
        audit.INVITATION_ACCEPTED,
        audit.TWO_FACTOR_ENABLED,
        audit.TWO_FACTOR_DISABLED,
        audit.RECOVERY_CODES_REGENERATED,
        audit.ACCOUNT_CREATED,
        audit.ACCOUNT_INVITED,
        audit.ACCOUNT_DEACTIVATED,
        audit.ACCOUNT_ACTIVATED,
        audit.ACCOUNT_CHANGED,
        audit.ROLE_CHANGED,
        audit.PERSON_ERASED,
        audit.CALENDAR_LINK_RESET,
        audit.PARTICIPATION_STATUS_CHANGED,
        audit.NETWORK_CLOSED,
        audit.NETWORK_REOPENED,
    ),
    SIGN_INS: (
        audit.LOGIN,
        audit.LOGIN_FAILED,
        audit.LOGOUT,
        audit.TWO_FACTOR_FAILED,
        audit.PASSWORD_CONFIRMATION_FAILED,
        audit.RECOVERY_CODE_USED,
    ),
    EXPORTS: (audit.EXPORT,),
    REFUSALS: (audit.ACCESS_DENIED,),
}

MAX_EXPORT_ROWS = 10_000  # the newest events that match; narrower filters for more


@dataclass(frozen=True)
class LogFilter:
    """What the leader chose; None is no condition. `actor_id` is an account, `actor_text` part
    of the name or address of accounts: the events they caused and those about them. `until`
    is the last day, included."""

    actor_id: int | None = None
    actor_text: str | None = None
    action: str | None = None
    category: str | None = None
    organisation_id: int | None = None
    since: date | None = None
    until: date | None = None


def _start_of(day):
    return datetime.combine(day, time(), tzinfo=LOG_ZONE)


def _about_organisation(organisation_id):
    """Events by the organisation's accounts, or about it, its accounts, people, groups, cases."""
    accounts = sa.select(User.id).where(User.organisation_id == organisation_id)
    participations = sa.select(Participation.id).where(
        Participation.organisation_id == organisation_id
    )
    about = {
        "user": accounts,
        "person": sa.select(Person.id).where(Person.organisation_id == organisation_id),
        "participation": participations,
        "case": sa.select(Case.id).where(Case.participation_id.in_(participations)),
        "organisation": sa.select(sa.literal(organisation_id)),
    }
    return sa.or_(
        AuditEvent.actor_id.in_(accounts),
        *(
            sa.and_(AuditEvent.target_type == kind, AuditEvent.target_id.in_(ids))
            for kind, ids in about.items()
        ),
    )


def conditions(chosen):
    """The filter as SQL conditions on audit_events."""
    found = []
    if chosen.actor_id is not None:
        # The account's history: what it did and what was done to it.
        found.append(
            sa.or_(
                AuditEvent.actor_id == chosen.actor_id,
                sa.and_(AuditEvent.target_type == "user", AuditEvent.target_id == chosen.actor_id),
            )
        )
    if chosen.actor_text:
        accounts = sa.select(User.id).where(auth_services.matching_accounts(chosen.actor_text))
        found.append(
            sa.or_(
                AuditEvent.actor_id.in_(accounts),
                sa.and_(AuditEvent.target_type == "user", AuditEvent.target_id.in_(accounts)),
            )
        )
    if chosen.action:
        found.append(AuditEvent.action == chosen.action)
    if chosen.category in CATEGORY_ACTIONS:
        found.append(AuditEvent.action.in_(CATEGORY_ACTIONS[chosen.category]))
    if chosen.organisation_id is not None:
        found.append(_about_organisation(chosen.organisation_id))
    if chosen.since is not None:
        found.append(AuditEvent.occurred_at >= _start_of(chosen.since))
    if chosen.until is not None:
        found.append(AuditEvent.occurred_at < _start_of(chosen.until + timedelta(days=1)))
    return found


def _events(chosen):
    return (
        sa.select(AuditEvent)
        .where(*conditions(chosen))
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )


def page_of_events(chosen, *, page, per_page):
    """One page of the matching events, newest first, with their actors; one more is fetched
    to know whether another page follows."""
    rows = db.session.scalars(
        _events(chosen).limit(per_page + 1).offset((page - 1) * per_page)
    ).all()
    return rows[:per_page], len(rows) > per_page


def events_for_export(chosen, *, limit=MAX_EXPORT_ROWS):
    """The newest `limit` matching events (and whether there were more)."""
    rows = db.session.scalars(_events(chosen).limit(limit + 1)).all()
    return rows[:limit], len(rows) > limit


# The names of what events are about: one query per kind of object on the page.
_NAMES = {
    "user": (User.id, User.name),
    "person": (Person.id, Person.name),
    "network": (Network.id, Network.name),
    "organisation": (Organisation.id, Organisation.name),
    "meeting": (Meeting.id, Meeting.title),
    "case": (Case.id, Case.title),
}


def target_names(events):
    """{(target type, id): name} of the events' objects."""
    wanted = {}
    for event in events:
        if event.target_type and event.target_id is not None:
            wanted.setdefault(event.target_type, set()).add(event.target_id)
    names = {}
    for kind, ids in wanted.items():
        if kind == "participation":
            rows = db.session.execute(
                sa.select(Participation.id, Organisation.name, Network.name)
                .join(Organisation, Organisation.id == Participation.organisation_id)
                .join(Network, Network.id == Participation.network_id)
                .where(Participation.id.in_(ids))
            ).all()
            names.update({(kind, i): f"{org} – {net}" for i, org, net in rows})
        elif kind in _NAMES:
            id_column, name_column = _NAMES[kind]
            rows = db.session.execute(
                sa.select(id_column, name_column).where(id_column.in_(ids))
            ).all()
            names.update({(kind, i): name for i, name in rows})
    return names


def account_name(user_id):
    """The name of the account a filter is about (None when there is none)."""
    return db.session.scalar(sa.select(User.name).where(User.id == user_id))


def organisations_by_name():
    return db.session.execute(
        sa.select(Organisation.id, Organisation.name).order_by(Organisation.name)
    ).all()


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """Text a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def events_to_csv(header, rows):
    """Rows of already readable values -> CSV for Swedish Excel: semicolons, UTF-8 with a byte
    order mark, CRLF, and no cell a spreadsheet would run as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_cell(column) for column in header])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")
