"""The audit log as people read it: filters in SQL, a page at a time with the names of the people
and objects its events are about (one statement), and the CSV export."""

import csv
import functools
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from network_app import audit
from network_app.audit import AuditEvent
from network_app.auth import services as auth_services
from network_app.auth.models import User
from network_app.cases.models import Case
from network_app.extensions import db
from network_app.meetings.models import Meeting
from network_app.networks.models import Network, Organisation, Participation, Person
from network_app.plain_rows import plain_rows

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


# The filter's conditions are bound parameters, and each statement is built once per shape of
# filter (which of them the leader chose): building the statement with the organisation's
# subqueries cost more than running it (bench.profile, the audit log of one organisation).

# account_patterns gives at most four patterns; fewer are repeated to fill the parameters.
ACCOUNT_PATTERNS = 4


def _about_organisation():
    """Events by the organisation's accounts, or about it, its accounts, people, groups, cases."""
    organisation_id = sa.bindparam("organisation_id")
    accounts = sa.select(User.id).where(User.organisation_id == organisation_id)
    participations = sa.select(Participation.id).where(
        Participation.organisation_id == organisation_id
    )
    about = {
        "user": accounts,
        "person": sa.select(Person.id).where(Person.organisation_id == organisation_id),
        "participation": participations,
        "case": sa.select(Case.id).where(Case.participation_id.in_(participations)),
    }
    return sa.or_(
        AuditEvent.actor_id.in_(accounts),
        *(
            sa.and_(AuditEvent.target_type == kind, AuditEvent.target_id.in_(ids))
            for kind, ids in about.items()
        ),
        sa.and_(AuditEvent.target_type == "organisation", AuditEvent.target_id == organisation_id),
    )


def _parameters(chosen):
    """The values of the filter's bound parameters, by name."""
    found = {}
    if chosen.actor_id is not None:
        found["actor_id"] = chosen.actor_id
    if chosen.actor_text:
        patterns = auth_services.account_patterns(chosen.actor_text)
        found.update({f"who_{i}": patterns[i % len(patterns)] for i in range(ACCOUNT_PATTERNS)})
    if chosen.action:
        found["action"] = chosen.action
    if chosen.category in CATEGORY_ACTIONS:
        found["category_actions"] = list(CATEGORY_ACTIONS[chosen.category])
    if chosen.organisation_id is not None:
        found["organisation_id"] = chosen.organisation_id
    if chosen.since is not None:
        found["since_at"] = _start_of(chosen.since)
    if chosen.until is not None:
        found["until_at"] = _start_of(chosen.until + timedelta(days=1))
    return found


def _conditions(shape):
    """The SQL conditions on audit_events of a filter with these parameters."""
    found = []
    if "actor_id" in shape:
        # The account's history: what it did and what was done to it.
        actor_id = sa.bindparam("actor_id")
        found.append(
            sa.or_(
                AuditEvent.actor_id == actor_id,
                sa.and_(AuditEvent.target_type == "user", AuditEvent.target_id == actor_id),
            )
        )
    if "who_0" in shape:
        patterns = [sa.bindparam(f"who_{i}") for i in range(ACCOUNT_PATTERNS)]
        accounts = sa.select(User.id).where(auth_services.accounts_matching_patterns(patterns))
        found.append(
            sa.or_(
                AuditEvent.actor_id.in_(accounts),
                sa.and_(AuditEvent.target_type == "user", AuditEvent.target_id.in_(accounts)),
            )
        )
    if "action" in shape:
        found.append(AuditEvent.action == sa.bindparam("action"))
    if "category_actions" in shape:
        found.append(AuditEvent.action.in_(sa.bindparam("category_actions", expanding=True)))
    if "organisation_id" in shape:
        found.append(_about_organisation())
    if "since_at" in shape:
        found.append(AuditEvent.occurred_at >= sa.bindparam("since_at"))
    if "until_at" in shape:
        found.append(AuditEvent.occurred_at < sa.bindparam("until_at"))
    return found


# The names of what events are about.
_NAMES = {
    "user": (User.id, User.name),
    "person": (Person.id, Person.name),
    "network": (Network.id, Network.name),
    "organisation": (Organisation.id, Organisation.name),
    "meeting": (Meeting.id, Meeting.title),
    "case": (Case.id, Case.title),
}


def _target_name(page):
    """The name of the page's event's object (NULL for kinds without one)."""
    target_id = page.c.target_id
    participation = (
        sa.select(Organisation.name + " – " + Network.name)
        .select_from(Participation)
        .join(Organisation, Organisation.id == Participation.organisation_id)
        .join(Network, Network.id == Participation.network_id)
        .where(Participation.id == target_id)
    )
    return sa.case(
        *(
            (
                page.c.target_type == kind,
                sa.select(name).where(id_column == target_id).scalar_subquery(),
            )
            for kind, (id_column, name) in _NAMES.items()
        ),
        (page.c.target_type == "participation", participation.scalar_subquery()),
    )


@functools.cache
def _events(shape):
    """A page of matching events, newest first, with the names of their actors and objects:
    one statement, the names looked up only for the page's events."""
    page = (
        sa.select(
            AuditEvent.id,
            AuditEvent.occurred_at,
            AuditEvent.actor_id,
            AuditEvent.action,
            AuditEvent.target_type,
            AuditEvent.target_id,
            AuditEvent.detail,
            AuditEvent.address,
        )
        .where(*_conditions(shape))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(sa.bindparam("limit"))
        .offset(sa.bindparam("offset"))
        .subquery("page")
    )
    actor_name = sa.select(User.name).where(User.id == page.c.actor_id).scalar_subquery()
    return sa.select(
        page, actor_name.label("actor_name"), _target_name(page).label("target_name")
    ).order_by(page.c.occurred_at.desc(), page.c.id.desc())


def _matching(chosen, *, limit, offset):
    """Rows of the matching events (`limit` of them from `offset`), as _events selects them."""
    parameters = _parameters(chosen)
    statement = _events(tuple(sorted(parameters)))
    return plain_rows(statement, {**parameters, "limit": limit, "offset": offset}).all()


def page_of_events(chosen, *, page, per_page):
    """One page of the matching events, newest first, with the names of their actors and
    objects; one more is fetched to know whether another page follows."""
    rows = _matching(chosen, limit=per_page + 1, offset=(page - 1) * per_page)
    return rows[:per_page], len(rows) > per_page


def events_for_export(chosen, *, limit=MAX_EXPORT_ROWS):
    """The newest `limit` matching events (and whether there were more)."""
    rows = _matching(chosen, limit=limit + 1, offset=0)
    return rows[:limit], len(rows) > limit


def account_name(user_id):
    """The name of the account a filter is about (None when there is none)."""
    return db.session.scalar(sa.select(User.name).where(User.id == user_id))


@functools.cache
def _organisations_query():
    # The table's columns, not the mapped class's: the ORM's handling of the rows took as long
    # again as the query for this list of every organisation.
    organisations = Organisation.__table__
    return sa.select(organisations.c.id, organisations.c.name).order_by(organisations.c.name)


def organisations_by_name():
    return db.session.execute(_organisations_query()).all()


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
