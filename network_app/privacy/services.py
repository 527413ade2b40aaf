"""What is stored about a person, and how a person is erased while the organisation's figures stay.

The export reads the schema, not a list of tables: every table with a foreign key to the person,
and from there every row that belongs to those rows (ON DELETE CASCADE), so a table added later is
exported without a change here.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa

from network_app import json_values
from network_app.auth.models import AuthSession, Invitation, User
from network_app.extensions import db
from network_app.meetings.models import CalendarFeed
from network_app.networks.models import GroupMember, Network, Participation, Person

# The marker stored in place of the name; names.display_name shows it in the reader's language.
from network_app.privacy.names import ANONYMISED_NAME
from network_app.privacy.publication import PersonFinder, known_people
from network_app.privacy.recognise import KnownPerson

ANONYMISED_DOMAIN = "anonymised.invalid"  # RFC 2606: can never be a real address
# Columns that hold secrets rather than facts about the person: never exported.
SECRET_COLUMNS = frozenset(
    {"password_hash", "token_hash", "totp_secret_encrypted", "code_hash", "secret", "device_key"}
)
# Free text about one person's needs (e.g. diets can reveal health or belief): cleared on erasure.
PERSONAL_TEXT_COLUMNS = {"registrations": ("dietary_needs",)}
# The organisation's own free text, where a group may have written a person's name although the
# forms ask for roles (a risk's "owner", a journal note, the history of hour entries, which keeps
# the names of those present). No foreign key leads there, so the person's name, e-mail address
# and phone number are looked for in the text itself: such rows are exported as mentioning the
# person, and erasure replaces the name in place, so the figures and the rest of the text stay and
# the anonymised Word report cannot show an old name it no longer knows.
# The meetings of the person's networks are scanned too: an agenda may name who presents, and so
# may the free texts of their evaluations; and the training requests of the organisation's
# register entry, whose contact may be the person.
# {table: (how it reaches the participation, text columns)}; "case" and "checklist" go through
# cases.participation_id and system_checklists.participation_id, "network" through the
# participations' networks.
ORGANISATION_TEXT_COLUMNS = {
    "participations": ("self", ("background",)),
    "cases": (
        "direct",
        (
            "title",
            "description",
            "deciding_body",
            "affected",
            "could_react",
            "gender_perspective",
            "exposed_groups",
            "lessons",
        ),
    ),
    "risk_items": ("case", ("description", "targets", "measures", "owner")),
    "communication_items": ("case", ("message", "channel", "audience")),
    "journal_entries": ("case", ("text",)),
    "system_checklists": ("direct", ("document_title", "decided_by")),
    "checklist_items": ("checklist", ("note",)),
    "hour_entries": ("direct", ("note",)),
    "hour_entry_changes": ("direct", ("changes",)),
    "meetings": ("network", ("title", "place", "agenda")),
    # Evaluation answers hold no one's identity, but a free text may name someone present.
    "evaluation_answers": ("meeting", ("most_valuable", "to_change")),
    # A training request of the organisation's register entry whose contact is the person.
    "training_requests": ("register", ("contact_name", "contact_email", "contact_phone")),
    # Texts the contact person redacted by hand in the learning example: often a name.
    "report_redactions": ("direct", ("text",)),
    # The assignments agreed at the meetings and the group's reports on them.
    "assignments": ("direct", ("title", "description", "report")),
    # Coaching notes and comment threads (the group's and SKR's only).
    "coaching_notes": ("direct", ("discussed", "next_step")),
    "comments": ("direct", ("body",)),
}


@dataclass
class PersonalData:
    """Rows by table name, in four groups: the person's own records; records they are linked to
    (an hour entry they were present at); records that name them as author; and the rows these
    point at, for context (the organisation, the network, the meeting)."""

    person_id: int
    own: dict = field(default_factory=dict)
    linked: dict = field(default_factory=dict)
    mentioning: dict = field(default_factory=dict)
    context: dict = field(default_factory=dict)

    def as_json(self, *, now):
        return {
            "person_id": self.person_id,
            "exported_at": now.isoformat(),
            "own": self.own,
            "linked": self.linked,
            "mentioning": self.mentioning,
            "context": self.context,
        }


def _row_dict(table, row):
    return {
        column.name: json_values.encode(row._mapping[column])
        for column in table.columns
        if column.name not in SECRET_COLUMNS
    }


def _single_key(table):
    keys = list(table.primary_key.columns)
    return keys[0] if len(keys) == 1 else None


def _is_association(table):
    """A link table (hour_entry_members): its key is made of foreign keys only."""
    keys = list(table.primary_key.columns)
    return len(keys) > 1 and all(column.foreign_keys for column in keys)


def _select_rows(table, column, ids):
    if not ids:
        return []
    order = list(table.primary_key.columns)
    return db.session.execute(sa.select(table).where(column.in_(ids)).order_by(*order)).all()


def _add(group, table, rows, seen):
    """Add rows to a group once; `seen` is keyed by group, so a row can be in two groups (an hour
    entry the person was present at and logged), and context skips what the person's own rows
    already show."""
    group_seen = seen.setdefault(id(group), set())
    for row in rows:
        identity = (table.name, tuple(row._mapping[c] for c in table.primary_key.columns))
        if identity not in group_seen:
            group_seen.add(identity)
            group.setdefault(table.name, []).append(_row_dict(table, row))


def collect_personal_data(person):
    """Everything stored about one person, found by walking the foreign keys of the schema."""
    people = db.metadata.tables["people"]
    data = PersonalData(person_id=person.id)
    seen = {}
    _add(data.own, people, _select_rows(people, people.c.id, [person.id]), seen)
    associations = _walk_owned_rows(data, seen, person)
    _collect_linked(data, associations, seen)
    _collect_text_mentions(data, person, seen)
    _collect_context(data, seen)
    return data


def _person_finder(person, replacement=ANONYMISED_NAME):
    """A PersonFinder of this person alone (and their accounts' names and addresses)."""
    people = [KnownPerson.of(person)]
    for user in db.session.scalars(sa.select(User).where(User.person_id == person.id)):
        people.append(KnownPerson(name=user.name, email=user.email))
    return PersonFinder(people, known_people(), replacement)


def _scrub(finder, value):
    """The value with the person replaced, inside JSON lists and dicts too (the hour history)."""
    if isinstance(value, str):
        return finder.text(value)
    if isinstance(value, list):
        return [_scrub(finder, v) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(finder, v) for k, v in value.items()}
    return value


def _participation_ids(person):
    """The participations whose text may name the person: their organisation's and their
    groups'."""
    member_of = sa.select(GroupMember.participation_id).where(GroupMember.person_id == person.id)
    return db.session.scalars(
        sa.select(Participation.id).where(
            sa.or_(
                Participation.organisation_id == person.organisation_id,
                Participation.id.in_(member_of),
            )
        )
    ).all()


def _organisation_text_rows(participation_ids):
    """(table, row, text columns) of every row in ORGANISATION_TEXT_COLUMNS for these
    participations: one query per table, whatever the number of rows."""
    tables = db.metadata.tables
    cases, checklists = tables["cases"], tables["system_checklists"]
    participations, organisations = tables["participations"], tables["organisations"]
    reach = {
        "self": lambda t: t.c.id.in_(participation_ids),
        "direct": lambda t: t.c.participation_id.in_(participation_ids),
        "case": lambda t: t.c.case_id.in_(
            sa.select(cases.c.id).where(cases.c.participation_id.in_(participation_ids))
        ),
        "checklist": lambda t: t.c.checklist_id.in_(
            sa.select(checklists.c.id).where(checklists.c.participation_id.in_(participation_ids))
        ),
        "network": lambda t: t.c.network_id.in_(
            sa.select(participations.c.network_id).where(participations.c.id.in_(participation_ids))
        ),
        "meeting": lambda t: t.c.meeting_id.in_(
            sa.select(tables["meetings"].c.id).where(
                tables["meetings"].c.network_id.in_(
                    sa.select(participations.c.network_id).where(
                        participations.c.id.in_(participation_ids)
                    )
                )
            )
        ),
        "register": lambda t: t.c.register_code.in_(
            sa.select(organisations.c.register_code)
            .join(participations, participations.c.organisation_id == organisations.c.id)
            .where(participations.c.id.in_(participation_ids))
        ),
    }
    for name, (how, columns) in ORGANISATION_TEXT_COLUMNS.items():
        table = tables[name]
        query = sa.select(table).where(reach[how](table)).order_by(*table.primary_key.columns)
        for row in db.session.execute(query):
            yield table, row, columns


def _mentions(person):
    """(table, row, {column: scrubbed value}) for each row whose free text names the person."""
    participation_ids = _participation_ids(person)
    if not participation_ids:
        return
    finder = _person_finder(person)
    for table, row, columns in _organisation_text_rows(participation_ids):
        changed = {}
        for column in columns:
            value = row._mapping[table.c[column]]
            scrubbed = _scrub(finder, value)
            if scrubbed != value:
                changed[column] = scrubbed
        if changed:
            yield table, row, changed


def _collect_text_mentions(data, person, seen):
    for table, row, _changed in _mentions(person):
        _add(data.mentioning, table, [row], seen)


def _walk_owned_rows(data, seen, person):
    """Rows that point at the person belong to them; so do rows that cascade from those (a
    registration of their membership). A row that merely names them (SET NULL: an hour entry they
    logged, a network they lead) is listed as mentioning them and not followed further."""
    owned = {"people": {person.id}}
    looked_up = {}
    associations = []
    changed = True
    while changed:
        changed = False
        for table in db.metadata.sorted_tables:
            for fk in table.foreign_keys:
                target = fk.column.table.name
                done = looked_up.setdefault((table.name, fk.parent.name), set())
                ids = owned.get(target, set()) - done
                if not ids:
                    continue
                done.update(ids)
                rows = _select_rows(table, fk.parent, sorted(ids))
                if not (target == "people" or fk.ondelete == "CASCADE"):
                    _add(data.mentioning, table, rows, seen)
                    continue
                _add(data.own, table, rows, seen)
                key = _single_key(table)
                if key is None:
                    if _is_association(table) and rows:
                        associations.append((table, fk, rows))
                    continue
                new_ids = {row._mapping[key] for row in rows} - owned.get(table.name, set())
                if new_ids:
                    owned.setdefault(table.name, set()).update(new_ids)
                    changed = True
    return associations


def _collect_linked(data, associations, seen):
    """Through a link table, the rows on its other side (the hour entries the person was at)."""
    for table, walked_fk, rows in associations:
        for fk in table.foreign_keys:
            if fk is walked_fk:
                continue
            ids = sorted({row._mapping[fk.parent] for row in rows})
            _add(data.linked, fk.column.table, _select_rows(fk.column.table, fk.column, ids), seen)


def _collect_context(data, seen, levels=2):
    """Up to two steps up from the person's records: the rows they point at (the participation,
    then its network and organisation), so that the export can be read on its own."""
    tables = db.metadata.tables
    seen[id(data.context)] = seen.get(id(data.own), set()) | seen.get(id(data.linked), set())
    sources = [data.own, data.linked]
    for _level in range(levels):
        wanted = {}
        for group in sources:
            for table_name, rows in group.items():
                for fk in tables[table_name].foreign_keys:
                    if fk.column.table.name in ("people", "users"):
                        continue  # other people are not part of this person's data
                    key = (fk.column.table.name, fk.column.name)
                    for row in rows:
                        if row.get(fk.parent.name) is not None:
                            wanted.setdefault(key, set()).add(row[fk.parent.name])
        for (table_name, column_name), ids in sorted(wanted.items()):
            table = tables[table_name]
            _add(data.context, table, _select_rows(table, table.c[column_name], sorted(ids)), seen)
        sources = [data.context]


def is_anonymised(person):
    return person.email.endswith("@" + ANONYMISED_DOMAIN)


def _anonymised_email(kind, row_id):
    return f"{kind}-{row_id}@{ANONYMISED_DOMAIN}"


def erase_person(person):
    """Remove the person's name and contact details and close their account; the group
    memberships, registrations and hour entries stay, so the organisation's figures do not change.
    Returns False when the person was already erased."""
    if is_anonymised(person):
        return False
    _replace_name_in_organisation_text(person)
    person.name, person.title, person.phone = ANONYMISED_NAME, "", None
    person.email = _anonymised_email("person", person.id)
    for user in db.session.scalars(sa.select(User).where(User.person_id == person.id)):
        _close_account(user)
    _clear_personal_text(person)
    db.session.flush()
    return True


def _replace_name_in_organisation_text(person):
    """Before the name is gone: replace it (and the addresses) in the organisation's free text.

    Each changed row is updated by its key; the figures (minutes, levels, states) are untouched.
    A row with an optimistic-lock version (a case, a checklist) gets a new one, so that a form
    opened before the erasure cannot save the old name back.
    """
    for table, row, changed in list(_mentions(person)):
        key = {column.name: row._mapping[column] for column in table.primary_key.columns}
        values = dict(changed)
        if "version" in table.c:
            values["version"] = table.c.version + 1
        db.session.execute(
            sa.update(table)
            .where(*(table.c[name] == value for name, value in key.items()))
            .values(values)
        )


def _close_account(user):
    user.name, user.email = ANONYMISED_NAME, _anonymised_email("account", user.id)
    user.active, user.password_hash, user.person_id = False, None, None
    db.session.execute(sa.delete(AuthSession).where(AuthSession.user_id == user.id))
    db.session.execute(sa.delete(Invitation).where(Invitation.user_id == user.id))
    # The calendar link goes with the account: reactivated later, the account would otherwise
    # answer the old URL again (a deactivation rotates it; an erasure closes the account itself).
    db.session.execute(sa.delete(CalendarFeed).where(CalendarFeed.user_id == user.id))


def _clear_personal_text(person):
    member_ids = sa.select(GroupMember.id).where(GroupMember.person_id == person.id)
    for table_name, columns in PERSONAL_TEXT_COLUMNS.items():
        table = db.metadata.tables[table_name]
        db.session.execute(
            sa.update(table)
            .where(table.c.group_member_id.in_(member_ids))
            .values({column: "" for column in columns})
        )


def people_of_closed_networks(*, closed_before):
    """People whose every group membership is in a network closed before the cut-off."""
    in_old_networks = (
        sa.select(GroupMember.person_id)
        .join(Participation, Participation.id == GroupMember.participation_id)
        .join(Network, Network.id == Participation.network_id)
        .where(Network.closed_at.is_not(None), Network.closed_at < closed_before)
    )
    in_other_networks = (
        sa.select(GroupMember.person_id)
        .join(Participation, Participation.id == GroupMember.participation_id)
        .join(Network, Network.id == Participation.network_id)
        .where(sa.or_(Network.closed_at.is_(None), Network.closed_at >= closed_before))
    )
    return db.session.scalars(
        sa.select(Person)
        .where(
            Person.id.in_(in_old_networks),
            Person.id.not_in(in_other_networks),
            Person.email.not_like(f"%@{ANONYMISED_DOMAIN}"),
        )
        .order_by(Person.id)
    ).all()


def anonymise_closed_networks(*, older_than_days, now):
    """The retention rule: erase the people of networks closed longer than the given time;
    returns the ids of those erased now."""
    people = people_of_closed_networks(closed_before=now - timedelta(days=older_than_days))
    return [person.id for person in people if erase_person(person)]
