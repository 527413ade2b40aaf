"""A data set at SKR's scale, written with bulk inserts (seconds, not the web forms' hours).

    python -m bench.dataset DATABASE_URL [--organisations 200 --networks 20 ...]

Extension point: a package that adds tables (cases and risks, for example) appends a function
`build_x(connection, world, scale, rng)` to EXTRA_BUILDERS below; it receives the ids made here.
"""

import argparse
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from network_app.auth.models import Role
from network_app.cases.checklist import ITEM_KEYS
from network_app.cases.models import CaseStatus, DecisionKind, DocumentStatus, ItemState, Method
from network_app.hours import totals
from network_app.hours.models import ActivityKind, ChangeAction
from network_app.meetings.models import MeetingKind, MeetingStatus, RegistrationResponse
from network_app.networks.models import (
    OrganisationKind,
    ParticipationStatus,
    PersonFunction,
    PersonKind,
)

PASSWORD = "bench-losenord-2026"
LEADER_EMAIL = "ledare@bench.example"
LEADER_ID = 1
# Every user's calendar feed secret; the token is an HMAC of it with the app's SECRET_KEY
# (network_app/meetings/feeds.py), so bench.routes can build the leader's feed URL.
FEED_SECRET = "bench-feed-secret"
SECRET_KEY = "bench-secret"  # the app's, in every bench process (sessions, feed tokens)


def participant_user_id(organisation_id):
    """The participant account of an organisation (one each, made by build_networks)."""
    return 1 + organisation_id


BATCH = 5000


@dataclass(frozen=True)
class Scale:
    networks: int = 20
    open_networks: int = 2  # SKR keeps networks for years: the older ones are closed
    organisations: int = 200
    participations: int = 200
    people_per_group: int = 5
    meetings_per_network: int = 10
    hour_entries: int = 50_000
    members_per_entry: int = 3
    cases: int = 200  # spread over the participations, one or more each
    risks_per_case: int = 10


SKR_SCALE = Scale()


@dataclass
class World:
    """The ids the builders made, for later builders and for the clients' URLs."""

    network_ids: list = field(default_factory=list)
    organisation_ids: list = field(default_factory=list)
    participations: list = field(default_factory=list)  # (id, network_id, organisation_id)
    members_by_participation: dict = field(default_factory=dict)  # participation id -> member ids
    participant_emails: list = field(default_factory=list)
    first_meetings: dict = field(default_factory=dict)  # network id -> its first meeting's id
    counts: dict = field(default_factory=dict)

    @classmethod
    def from_database(cls, database_url):
        """The ids the URLs need, read back from a data set built earlier (bench.profile)."""
        engine = sa.create_engine(database_url)
        try:
            with engine.connect() as connection:
                rows = connection.execute(
                    sa.text("SELECT id, network_id, organisation_id FROM participations")
                )
                meetings = connection.execute(
                    sa.text("SELECT network_id, MIN(id) FROM meetings GROUP BY network_id")
                )
                return cls(
                    participations=[tuple(row) for row in rows],
                    first_meetings=dict(tuple(row) for row in meetings),
                )
        finally:
            engine.dispose()


def _insert(connection, table, rows, world):
    for start in range(0, len(rows), BATCH):
        connection.execute(table.insert(), rows[start : start + BATCH])
    world.counts[table.name] = world.counts.get(table.name, 0) + len(rows)


def build_networks(connection, world, scale, rng):
    tables = _tables()
    now = datetime.now(UTC)
    password_hash = generate_password_hash(PASSWORD)  # one scrypt hash, shared by every account
    _insert(
        connection,
        tables["organisations"],
        [
            {
                "id": i,
                "name": f"Benchkommun {i:03d}",
                "created_at": now,
                "kind": OrganisationKind.REGION if i % 10 == 0 else OrganisationKind.MUNICIPALITY,
            }
            for i in range(1, scale.organisations + 1)
        ],
        world,
    )
    world.organisation_ids = list(range(1, scale.organisations + 1))
    _insert(
        connection,
        tables["users"],
        [
            {
                "id": LEADER_ID,
                "email": LEADER_EMAIL,
                "name": "Bench Ledare",
                "role": Role.LEADER,
                "password_hash": password_hash,
                "active": True,
                "created_at": now,
            }
        ],
        world,
    )
    _insert(
        connection,
        tables["networks"],
        [
            {
                "id": i,
                "name": f"Nätverket {2000 + i}",
                "description": "",
                "goal": "",
                "starts_on": date(2000 + i, 1, 1),
                "ends_on": date(2000 + i, 12, 31),
                "target_hours_min": 30,
                "target_hours_max": 40,
                "group_size_min": 3,
                "group_size_max": 5,
                "time_zone": "Europe/Stockholm",
                "leader_id": LEADER_ID,
                "created_at": now,
                "closed_at": None
                if i > scale.networks - scale.open_networks
                else datetime(2001 + i, 2, 1, tzinfo=UTC),
            }
            for i in range(1, scale.networks + 1)
        ],
        world,
    )
    world.network_ids = list(range(1, scale.networks + 1))
    per_network = max(1, scale.participations // scale.networks)
    rows = []
    for index in range(scale.participations):
        network_id = world.network_ids[min(index // per_network, scale.networks - 1)]
        organisation_id = world.organisation_ids[index % scale.organisations]
        rows.append(
            {
                "id": index + 1,
                "network_id": network_id,
                "organisation_id": organisation_id,
                "status": ParticipationStatus.ACCEPTED,
                "background": "Vi vill delta.",
                "applied_on": date(2000 + network_id - 1, 11, 1),
                "decision_body": "Kommunstyrelsen",
                "decision_date": date(2000 + network_id - 1, 12, 1),
                "decision_reference": "KS 1",
                "status_changed_at": now,
            }
        )
        world.participations.append((index + 1, network_id, organisation_id))
    _insert(connection, tables["participations"], rows, world)
    _insert(
        connection,
        tables["users"],
        [
            {
                "id": participant_user_id(i),
                "email": f"deltagare{i:03d}@bench.example",
                "name": f"Deltagare {i:03d}",
                "role": Role.PARTICIPANT,
                "organisation_id": i,
                "password_hash": password_hash,
                "active": True,
                "created_at": now,
            }
            for i in world.organisation_ids
        ],
        world,
    )
    world.participant_emails = [f"deltagare{i:03d}@bench.example" for i in world.organisation_ids]


def build_groups(connection, world, scale, rng):
    tables = _tables()
    now = datetime.now(UTC)
    people, members, person_id = [], [], 0
    for participation_id, _network_id, organisation_id in world.participations:
        ids = []
        for slot in range(scale.people_per_group):
            person_id += 1
            people.append(
                {
                    "id": person_id,
                    "organisation_id": organisation_id,
                    "name": f"Person {person_id}",
                    "title": "Handläggare",
                    "kind": PersonKind.ELECTED_OFFICIAL if slot % 2 else PersonKind.CIVIL_SERVANT,
                    "function": rng.choice(list(PersonFunction)),
                    "email": f"person{person_id}@bench.example",
                    "phone": None,
                    "created_at": now,
                }
            )
            members.append(
                {
                    "id": person_id,
                    "participation_id": participation_id,
                    "person_id": person_id,
                    "is_contact": slot == 0,
                    "added_at": now,
                }
            )
            ids.append(person_id)
        world.members_by_participation[participation_id] = ids
    _insert(connection, tables["people"], people, world)
    _insert(connection, tables["group_members"], members, world)


def build_meetings(connection, world, scale, rng):
    tables = _tables()
    now = datetime.now(UTC)
    meetings, registrations, meeting_id = [], [], 0
    by_network = {}
    for participation_id, network_id, _org in world.participations:
        by_network.setdefault(network_id, []).extend(
            world.members_by_participation[participation_id]
        )
    for network_id in world.network_ids:
        for number in range(scale.meetings_per_network):
            meeting_id += 1
            world.first_meetings.setdefault(network_id, meeting_id)
            starts = datetime(2000 + network_id, 1 + number % 12, 10, 9, tzinfo=UTC)
            meetings.append(
                {
                    "id": meeting_id,
                    "network_id": network_id,
                    "title": f"Träff {number + 1}",
                    "kind": MeetingKind.DIGITAL if number % 4 == 3 else MeetingKind.NETWORK,
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=6),
                    "place": "Stockholm",
                    "online_url": "",
                    "agenda": "",
                    "status": MeetingStatus.CONFIRMED,
                    "has_overnight_stay": False,
                    "sequence": 0,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            for member_id in by_network.get(network_id, []):
                registrations.append(
                    {
                        "meeting_id": meeting_id,
                        "group_member_id": member_id,
                        "response": RegistrationResponse.ATTENDING,
                        "overnight_stay": False,
                        "dietary_needs": "",
                        "attended": rng.random() < 0.8,  # attendance recorded, some absent
                        "updated_at": now,
                    }
                )
    _insert(connection, tables["meetings"], meetings, world)
    _insert(connection, tables["registrations"], registrations, world)


def build_hours(connection, world, scale, rng):
    tables = _tables()
    now = datetime.now(UTC)
    entries, present, history = [], [], []
    activities = list(ActivityKind)
    per_participation = max(1, scale.hour_entries // max(1, len(world.participations)))
    entry_id = 0
    for participation_id, network_id, _org in world.participations:
        member_ids = world.members_by_participation.get(participation_id, [])
        for number in range(per_participation):
            entry_id += 1
            chosen = rng.sample(member_ids, min(scale.members_per_entry, len(member_ids)))
            entries.append(
                {
                    "id": entry_id,
                    "participation_id": participation_id,
                    "worked_on": date(2000 + network_id, 1, 1) + timedelta(days=number % 360),
                    "minutes": 15 * rng.randint(1, 16),
                    "activity": rng.choice(activities),
                    "note": "",
                    "people_present": len(chosen),
                    "created_by_id": None,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            present.extend({"hour_entry_id": entry_id, "group_member_id": m} for m in chosen)
            # Each entry's "created" line, as the form writes it (the fault test relies on it).
            history.append(
                {
                    "id": entry_id,
                    "participation_id": participation_id,
                    "hour_entry_id": entry_id,
                    "action": ChangeAction.CREATED,
                    "changes": {"minutes": [None, entries[-1]["minutes"]]},
                    "changed_by_id": None,
                    "changed_at": now,
                }
            )
    _insert(connection, tables["hour_entries"], entries, world)
    _insert(connection, tables["hour_entry_members"], present, world)
    _insert(connection, tables["hour_entry_changes"], history, world)
    # Loaded through Core, past the flush that keeps the weekly totals: counted here.
    totals.recount(connection)


def build_cases(connection, world, scale, rng):
    """scale.cases cases with scale.risks_per_case risks each, spread over the participations
    round-robin, each with communication and journal lines; a system checklist per participation
    with every item filled in; the learning example approved for every other participation."""
    tables = _tables()
    now = datetime.now(UTC)
    cases, risks, communications, journal = [], [], [], []
    methods = " ".join(m.value for m in list(Method)[:4])
    statuses, kinds = list(CaseStatus), list(DecisionKind)
    participations = world.participations
    for number in range(scale.cases if participations else 0):
        case_id = number + 1
        participation_id, network_id, _org = participations[number % len(participations)]
        cases.append(
            {
                "id": case_id,
                "participation_id": participation_id,
                "title": f"Ärende {case_id}: ny detaljplan för centrum",
                "description": "Beslut om en omdiskuterad detaljplan. " * 4,
                "decision_kind": kinds[number % len(kinds)],
                "deciding_body": "Kommunfullmäktige",
                "decision_expected_on": date(2000 + network_id, 6, 15),
                "affected": "Ledamöterna i byggnadsnämnden.",
                "could_react": "Boende i området, lokala grupper i sociala medier.",
                "status": statuses[number % len(statuses)],
                "methods": methods,
                "gender_perspective": "Kvinnor utsätts oftare för sexualiserade hot.",
                "exposed_groups": "Unga förtroendevalda.",
                "lessons": "Proaktiv kommunikation minskade trycket. " * 3,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
        for slot in range(scale.risks_per_case):
            risks.append(
                {
                    "case_id": case_id,
                    "description": f"Risk {slot + 1}: hot via e-post efter beslutet.",
                    "targets": "Nämndens ordförande",
                    "likelihood": 1 + rng.randrange(4),
                    "consequence": 1 + rng.randrange(4),
                    "measures": "Säkerhetssamtal före sammanträdet; polisen informeras.",
                    "owner": "Säkerhetssamordnaren",
                }
            )
        communications.append(
            {
                "case_id": case_id,
                "message": "Förklara beslutsunderlaget i förväg.",
                "planned_on": date(2000 + network_id, 5, 1),
                "channel": "Kommunens webbplats",
                "audience": "Invånare",
            }
        )
        journal.append(
            {
                "case_id": case_id,
                "written_on": date(2000 + network_id, 4, 1),
                "text": "Riskanalysen genomförd på gruppmöte.",
                "created_by_id": None,
                "created_at": now,
            }
        )
    _insert(connection, tables["cases"], cases, world)
    _insert(connection, tables["risk_items"], risks, world)
    _insert(connection, tables["communication_items"], communications, world)
    _insert(connection, tables["journal_entries"], journal, world)
    checklists, items, approvals = [], [], []
    states = list(ItemState)
    for participation_id, _network_id, _org in participations:
        checklists.append(
            {
                "id": participation_id,
                "participation_id": participation_id,
                "responsibility_level": 1 + participation_id % 3,
                "document_status": DocumentStatus.DECIDED,
                "document_title": "Riktlinjer för förtroendevaldas trygghet",
                "decided_by": "Kommunstyrelsen",
                "decided_on": date(2020, 3, 1),
                "version": 1,
                "updated_at": now,
            }
        )
        items.extend(
            {
                "checklist_id": participation_id,
                "item_key": key,
                "state": states[(participation_id + n) % len(states)],
                "note": "",
            }
            for n, key in enumerate(ITEM_KEYS)
        )
        if participation_id % 2:
            approvals.append(
                {
                    "participation_id": participation_id,
                    "approved_by_id": LEADER_ID,
                    "approved_at": now,
                    "withdrawn_at": None,
                }
            )
    _insert(connection, tables["system_checklists"], checklists, world)
    _insert(connection, tables["checklist_items"], items, world)
    _insert(connection, tables["report_approvals"], approvals, world)


def build_calendar_feeds(connection, world, scale, rng):
    """A calendar subscription for every account: the leader's covers every network's meetings."""
    tables = _tables()
    now = datetime.now(UTC)
    user_ids = [LEADER_ID] + [participant_user_id(i) for i in world.organisation_ids]
    _insert(
        connection,
        tables["calendar_feeds"],
        [{"user_id": u, "secret": FEED_SECRET, "created_at": now} for u in user_ids],
        world,
    )


def _tables():
    from network_app.extensions import db

    return db.metadata.tables


# Each builder gets (connection, world, scale, rng).
BUILDERS = [build_networks, build_groups, build_meetings, build_hours]
EXTRA_BUILDERS = [build_cases, build_calendar_feeds]


def build(database_url, scale=SKR_SCALE, *, seed=2026):
    """Create the schema in an empty database and fill it; returns the World of ids."""
    from network_app import create_app
    from network_app.backup import reset_sequences
    from network_app.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench"})
    world, rng = World(), random.Random(seed)
    with app.app_context():
        db.create_all()
        with db.engine.begin() as connection:
            for builder in BUILDERS + EXTRA_BUILDERS:
                builder(connection, world, scale, rng)
            if connection.dialect.name == "postgresql":
                reset_sequences(connection)
        if db.engine.dialect.name == "postgresql":
            # Statistics and the visibility map, as autovacuum keeps them in a database in use
            # (since PostgreSQL 13 it also vacuums after many inserts): without statistics the
            # planner takes every freshly loaded table for empty (the progress page's running
            # totals were computed once per organisation in a nested loop: 45 ms instead of 5);
            # without the visibility map an index-only scan still reads every row (the sums of
            # the progress and goals pages: 0.7 ms more each).
            with db.engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                    sa.text("VACUUM ANALYZE")
                )
        db.engine.dispose()
    return world


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url")
    for name, value in vars(SKR_SCALE).items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=value)
    args = parser.parse_args()
    scale = Scale(**{name: getattr(args, name) for name in vars(SKR_SCALE)})
    import time

    started = time.perf_counter()
    world = build(args.database_url, scale)
    print(f"Built in {time.perf_counter() - started:.1f} s: {world.counts}")


if __name__ == "__main__":
    main()
