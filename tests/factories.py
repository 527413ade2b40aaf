"""Plain builders of model objects for tests; they flush, the test decides when to commit."""

from dataclasses import dataclass
from datetime import date

from werkzeug.security import generate_password_hash

from network_app.auth.models import Role, User
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.networks import services as network_services
from network_app.networks.models import (
    Network,
    Organisation,
    OrganisationKind,
    Participation,
    ParticipationStatus,
    PersonFunction,
    PersonKind,
)
from network_app.register import entries
from network_app.register import services as register_services

PASSWORD = "ett-langt-testlosenord"
# A cheap hash keeps the suite fast; the app itself hashes with scrypt.
_FAST_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def make_network(**overrides):
    values = {
        "name": "Testnätverket",
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2026, 12, 31),
    }
    values.update(overrides)
    network = Network(**values)
    db.session.add(network)
    db.session.flush()
    return network


def make_organisation(name="Testby kommun", kind=OrganisationKind.MUNICIPALITY, code=None):
    """An organisation; with a register code, the register's entry (its row loaded if missing)
    and its name and kind unless given."""
    entry = register_entry(code) if code else None
    if entry is not None and name == "Testby kommun":
        name, kind = entry.long_name, OrganisationKind(entry.kind)
    organisation = Organisation(name=name, kind=kind, register_code=code)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def register_entry(code):
    """The register's row for a code, loaded from the data file if the table lacks it (the
    tests empty every table between tests)."""
    row = register_services.get_entry(code)
    if row is None:
        register_services.load_register([entries.register().by_code(code)])
        row = register_services.get_entry(code)
    return row


def make_participation(network=None, organisation=None, status=ParticipationStatus.ACCEPTED):
    participation = Participation(
        network=network or make_network(),
        organisation=organisation or make_organisation(),
        status=status,
        applied_on=date(2025, 11, 1),
        background="Vi vill delta.",
    )
    if status == ParticipationStatus.ACCEPTED:
        participation.decision_body = "Kommunstyrelsen"
        participation.decision_date = date(2025, 12, 1)
        participation.decision_reference = "KS 2025/1"
    db.session.add(participation)
    db.session.flush()
    return participation


def add_member(
    participation,
    name="Eva Exempel",
    *,
    kind=PersonKind.CIVIL_SERVANT,
    email=None,
    is_contact=False,
    phone=None,
):
    return network_services.add_member(
        participation,
        name=name,
        title="Säkerhetssamordnare",
        kind=kind,
        function=PersonFunction.SECURITY,
        email=email or f"{name.lower().replace(' ', '.')}@example.se",
        phone=phone,
        is_contact=is_contact,
    )


def make_user(
    role=Role.LEADER,
    *,
    email=None,
    name="Test Användare",
    organisation=None,
    networks=(),
    password_hash=_FAST_HASH,
    active=True,
):
    user = User(
        email=email or f"{role.value}{db.session.query(User).count()}@example.se",
        name=name,
        role=role,
        organisation=organisation,
        observed_networks=list(networks),
        password_hash=password_hash,
        active=active,
        created_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    return user


@dataclass
class World:
    network: Network
    own: Participation
    other: Participation
    leader: User
    participant: User
    other_participant: User
    observer: User


def make_world():
    network = make_network()
    own = make_participation(network, make_organisation("Egna kommun"))
    other = make_participation(
        network, make_organisation("Andra regionen", OrganisationKind.REGION)
    )
    add_member(
        own, "Olle Egen", kind=PersonKind.ELECTED_OFFICIAL, is_contact=True, phone="070-111 11 11"
    )
    add_member(own, "Stina Egen")
    add_member(
        other,
        "Hemlig Person",
        kind=PersonKind.ELECTED_OFFICIAL,
        email="hemlig.person@andra.example",
        phone="070-999 99 99",
    )
    world = World(
        network=network,
        own=own,
        other=other,
        leader=make_user(Role.LEADER, email="ledare@example.se", name="Lea Ledare"),
        participant=make_user(
            Role.PARTICIPANT, email="egen@example.se", organisation=own.organisation
        ),
        other_participant=make_user(
            Role.PARTICIPANT, email="andra@example.se", organisation=other.organisation
        ),
        observer=make_user(Role.OBSERVER, email="coach@example.se", networks=[network]),
    )
    db.session.commit()
    return world
