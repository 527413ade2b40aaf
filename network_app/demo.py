"""The demo network, modelled on SKR's 2020 network: organisations are real, people invented."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from network_app.assignments.demo import seed_assignments
from network_app.auth import services as account_services
from network_app.auth.models import Role
from network_app.cases.demo import seed_cases
from network_app.coaching.demo import seed_coaching
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.hours.demo import seed_hours
from network_app.meetings.demo import seed_meetings
from network_app.networks import services as network_services
from network_app.networks.models import (
    Network,
    Organisation,
    OrganisationKind,
    Participation,
    PersonFunction,
    PersonKind,
)
from network_app.recruitment.demo import seed_recruitment
from network_app.register import services as register_services
from network_app.register.entries import match_organisation
from network_app.training.demo import seed_trainings

DEMO_PASSWORD = "natverk-demo-2026"  # noqa: S105  (the demo's published password)
DEMO_LEADER_EMAIL = "ledare@demo.example"
DEMO_OBSERVER_EMAIL = "coach@demo.example"

E, C = PersonKind.ELECTED_OFFICIAL, PersonKind.CIVIL_SERVANT
F = PersonFunction


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: OrganisationKind
    slug: str
    decision_body: str
    # (name, title, kind, function, is_contact): invented people only.
    group: tuple


DEMO_ORGANISATIONS = (
    DemoOrganisation(
        "Malmö stad",
        OrganisationKind.MUNICIPALITY,
        "malmo",
        "Kommunstyrelsen",
        (
            ("Sara Lindqvist", "Kommunalråd", E, F.DEMOCRACY, False),
            ("Jonas Ek", "Ledamot i kommunfullmäktige", E, F.OTHER, False),
            ("Maria Holm", "Säkerhetschef", C, F.SECURITY, True),
            ("Ahmed Karimi", "Demokratiutvecklare", C, F.DEMOCRACY, False),
        ),
    ),
    DemoOrganisation(
        "Göteborgs Stad",
        OrganisationKind.MUNICIPALITY,
        "goteborg",
        "Kommunstyrelsen",
        (
            ("Per Nordin", "Kommunalråd", E, F.OTHER, False),
            ("Elin Sjöberg", "Säkerhetssamordnare", C, F.SECURITY, True),
            ("Johan Dahl", "Kommunikationschef", C, F.COMMUNICATION, False),
            ("Fatima Osman", "Ordförande i fullmäktige", E, F.DEMOCRACY, False),
            ("Lars Strand", "Dialogstrateg", C, F.DIALOGUE, False),
        ),
    ),
    DemoOrganisation(
        "Emmaboda kommun",
        OrganisationKind.MUNICIPALITY,
        "emmaboda",
        "Kommunstyrelsen",
        (
            ("Karin Blom", "Kommunstyrelsens ordförande", E, F.OTHER, True),
            ("Oskar Lund", "Kanslichef", C, F.DEMOCRACY, False),
        ),
    ),
    DemoOrganisation(
        "Nacka kommun",
        OrganisationKind.MUNICIPALITY,
        "nacka",
        "Kommunstyrelsen",
        (
            ("Helena Wik", "Oppositionsråd", E, F.OTHER, False),
            ("Mikael Berg", "Säkerhetsstrateg", C, F.SECURITY, True),
            ("Sofia Nyström", "Kommunikatör", C, F.COMMUNICATION, False),
        ),
    ),
    DemoOrganisation(
        "Bodens kommun",
        OrganisationKind.MUNICIPALITY,
        "boden",
        "Kommunstyrelsen",
        (
            ("Anders Falk", "Säkerhetssamordnare", C, F.SECURITY, True),
            ("Lena Hedlund", "Demokratisamordnare", C, F.DEMOCRACY, False),
            ("Erik Vall", "Kommunikatör", C, F.COMMUNICATION, False),
        ),
    ),
    DemoOrganisation(
        "Västra Götalandsregionen",
        OrganisationKind.REGION,
        "vgr",
        "Regionstyrelsen",
        (
            ("Ingrid Sund", "Regionråd", E, F.OTHER, False),
            ("Tomas Grön", "Ledamot i regionfullmäktige", E, F.DEMOCRACY, False),
            ("Nadia Rahimi", "Säkerhetschef", C, F.SECURITY, True),
            ("Gustav Öberg", "Dialogansvarig", C, F.DIALOGUE, False),
        ),
    ),
)


def demo_network_name(year):
    return f"Nätverk för att med systematik förebygga hot, hat och våld mot förtroendevalda {year}"


def participant_email(slug):
    return f"deltagare.{slug}@demo.example"


def person_email(name, slug):
    local = name.lower().replace(" ", ".")
    for swedish, plain in (("å", "a"), ("ä", "a"), ("ö", "o"), ("é", "e")):
        local = local.replace(swedish, plain)
    return f"{local}@{slug}.example"


def demo_logins():
    """(role, e-mail) of every demo account; all share DEMO_PASSWORD."""
    rows = [("Projektledare", DEMO_LEADER_EMAIL), ("Observatör (coach)", DEMO_OBSERVER_EMAIL)]
    rows += [(f"Deltagare, {o.name}", participant_email(o.slug)) for o in DEMO_ORGANISATIONS]
    return rows


def _account(email, *, name, role, organisation=None, person=None, networks=()):
    user = account_services.find_user_by_email(email)
    if user is None:
        user = account_services.create_account(
            email=email,
            name=name,
            role=role,
            organisation=organisation,
            person=person,
            networks=networks,
        )
        user.password_hash = account_services.hash_password(DEMO_PASSWORD)
    return user


def _organisation(spec):
    """The organisation the register has under the spec's name (a demo name that matches no
    entry is a mistake in this file, and fails loudly)."""
    entry = register_services.get_entry(match_organisation(spec.name, spec.kind).code)
    organisation = network_services.organisation_for_entry(entry) or db.session.scalar(
        sa.select(Organisation).where(Organisation.name == spec.name)
    )
    organisation = organisation or network_services.create_organisation(entry)
    if not organisation.contact_email:
        organisation.contact_email = f"registrator@{spec.slug}.example"
    return organisation


def _participation(network, organisation, spec, today):
    participation = db.session.scalar(
        sa.select(Participation).where(
            Participation.network_id == network.id,
            Participation.organisation_id == organisation.id,
        )
    )
    if participation is not None:
        return participation
    participation = network_services.register_application(
        network,
        organisation,
        background=(
            f"{spec.name} vill arbeta systematiskt för att förebygga hot och hat mot "
            "förtroendevalda och lära av andra organisationer."
        ),
        applied_on=date(today.year - 1, 11, 15),
        now=utcnow(),
    )
    network_services.accept(
        participation,
        decision_body=spec.decision_body,
        decision_date=date(today.year - 1, 12, 10),
        decision_reference=f"{'RS' if spec.kind == OrganisationKind.REGION else 'KS'} "
        f"{today.year - 1}/{100 + len(spec.slug) * 7} § {40 + len(spec.name)}",
        now=utcnow(),
    )
    return participation


def _group(participation, spec):
    if participation.members:
        return
    for name, title, kind, function, is_contact in spec.group:
        network_services.add_member(
            participation,
            name=name,
            title=title,
            kind=kind,
            function=function,
            email=person_email(name, spec.slug),
            phone=None,
            is_contact=is_contact,
        )


def seed_network(today):
    """The network, its six accepted organisations, their groups and the demo accounts."""
    name = demo_network_name(today.year)
    network = db.session.scalar(sa.select(Network).where(Network.name == name))
    leader = _account(DEMO_LEADER_EMAIL, name="Demo Projektledare", role=Role.LEADER)
    if network is None:
        network = Network(
            name=name,
            description=(
                "SKR:s lärande nätverk för kommuner och regioner som vill skapa system och "
                "strukturer för att i ett tidigt skede förebygga hot och hat mot förtroendevalda. "
                "Fyra nätverksträffar, varav en digital, och arbete på hemmaplan mellan träffarna."
            ),
            goal=(
                "Varje deltagande kommun eller region har tagit fram system för att förebygga hot "
                "och hat och genomlyst minst en framtida politisk process."
            ),
            starts_on=date(today.year, 1, 1),
            ends_on=date(today.year, 12, 31),
            leader=leader,
        )
        db.session.add(network)
        db.session.flush()
    for spec in DEMO_ORGANISATIONS:
        organisation = _organisation(spec)
        participation = _participation(network, organisation, spec, today)
        _group(participation, spec)
        # The demo participant is the group's contact person: registers the whole group.
        contact = next((m for m in participation.members if m.is_contact), None)
        _account(
            participant_email(spec.slug),
            name=f"Demodeltagare {spec.name}",
            role=Role.PARTICIPANT,
            organisation=organisation,
            person=contact.person if contact else None,
        )
    _account(DEMO_OBSERVER_EMAIL, name="Demo Coach", role=Role.OBSERVER, networks=[network])
    return network


def demo_exists():
    return db.session.scalar(sa.select(sa.func.count(Network.id))) > 0


def seed_demo(today):
    """Load every feature's demo data; each step leaves alone what is already there."""
    register_services.load_register()
    network = seed_network(today)
    db.session.flush()
    seed_meetings(network, today)
    seed_assignments(network, today)
    seed_hours(network, today)
    seed_cases(network, today)
    seed_coaching(network, today)
    _seal_approvals(network)
    seed_library(today, network.leader)
    seed_recruitment(today, network.leader)
    seed_trainings(today)
    _seed_mail(network)
    return network


def _seed_mail(network):
    """The outbox as today's events leave it: the next meeting's registrations received, the
    reminders and registration deadlines due today and the behind-pace notes of this month (all
    once)."""
    from network_app.hours import mail as hours_mail
    from network_app.meetings import mail as meeting_mail
    from network_app.meetings.demo import seed_registration_mail

    now = utcnow()
    db.session.flush()
    seed_registration_mail(network, now)
    meeting_mail.due_reminders(now)
    meeting_mail.deadline_approaching(now)
    hours_mail.behind_pace(now)


# An earlier, closed network whose one approved learning example is in the "Lärande exempel"
# library (issue 13 point 4): every demo participant finds it there.
EARLIER_ORGANISATION = DemoOrganisation(
    "Uppsala kommun",
    OrganisationKind.MUNICIPALITY,
    "uppsala",
    "Kommunstyrelsen",
    (
        ("Karin Berglund", "Kommunalråd", E, F.OTHER, False),
        ("Oskar Lund", "Säkerhetssamordnare", C, F.SECURITY, True),
        ("Amina Yusuf", "Kommunikatör", C, F.COMMUNICATION, False),
    ),
)
EARLIER_CASE = "Västra Götalandsregionen"  # the DEMO_CASES spec the earlier example reuses


def earlier_network_name(year):
    return demo_network_name(year)


def seed_library(today, leader):
    """Last year's network, closed, with Uppsala's approved learning example in the library."""
    from network_app.cases import demo as case_demo
    from network_app.cases import services as case_services
    from network_app.reports import collect

    name = earlier_network_name(today.year - 1)
    if db.session.scalar(sa.select(Network).where(Network.name == name)) is not None:
        return None
    network = Network(
        name=name,
        description="Förra årets lärande nätverk mot hot, hat och våld mot förtroendevalda.",
        goal="Varje deltagande organisation har genomlyst minst en framtida politisk process.",
        starts_on=date(today.year - 1, 1, 1),
        ends_on=date(today.year - 1, 12, 31),
        leader=leader,
    )
    db.session.add(network)
    db.session.flush()
    spec = EARLIER_ORGANISATION
    earlier = date(today.year - 1, today.month, min(today.day, 28))
    participation = _participation(network, _organisation(spec), spec, earlier)
    _group(participation, spec)
    case_spec = case_demo.DEMO_CASES[EARLIER_CASE]
    case_demo._case(participation, case_spec, earlier)
    case_demo._checklist(participation, case_spec, earlier)
    db.session.flush()
    digest = collect.publication_of(participation, now=utcnow()).digest
    approval = case_services.approve_learning_example(participation, leader, digest)
    approval.approved_by_id = None  # the group's contact person, who has no demo account
    network.closed_at = utcnow()
    case_services.publish_in_library(participation, leader)
    db.session.flush()
    return network


def _seal_approvals(network):
    """The demo's approvals (cases.demo) are of the anonymised content as it reads now: its
    digest, as the approval page stores it when the contact person approves."""
    from network_app.cases import services as case_services
    from network_app.reports import collect

    db.session.flush()
    for participation_id, approval in case_services.approvals_by_participation(network).items():
        if approval.content_digest is None:
            participation = db.session.get(Participation, participation_id)
            approval.content_digest = collect.publication_of(participation, now=utcnow()).digest
    db.session.flush()
