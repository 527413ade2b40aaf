"""The demo's next network in recruitment: an open application period with an application at
each stage (waiting for its confirmation link, confirmed, followed up by telephone, accepted,
declined). Organisations are real and public, the people invented."""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from network_app.extensions import db
from network_app.networks.models import Network
from network_app.recruitment import applications, selection
from network_app.recruitment.models import DecisionState, MemberRole, Outcome
from network_app.register import services as register_services

E, C = MemberRole.ELECTED_OFFICIAL, MemberRole.CIVIL_SERVANT


@dataclass(frozen=True)
class DemoApplication:
    code: str
    contact: tuple  # name, title, e-mail
    background: str
    members: tuple  # (name, title, role)
    decision: DecisionState
    stage: str  # unconfirmed, confirmed, called, accepted, declined
    reason: str = ""
    joint_with: str | None = None  # the register code of a municipality applying together


DEMO_APPLICATIONS = (
    DemoApplication(
        "2480",
        ("Johanna Berglund", "Säkerhetssamordnare", "johanna.berglund@umea.example"),
        "Flera ledamöter har fått hot efter beslut om skolnedläggningar. Vi vill bygga ett "
        "system som fångar upp det tidigt.",
        (
            ("Mats Lindgren", "Kommunalråd", E),
            ("Johanna Berglund", "Säkerhetssamordnare", C),
            ("Elin Forsberg", "Kommunikationschef", C),
        ),
        DecisionState.TAKEN,
        "accepted",
        "Umeå kommun ger nätverket en norrländsk kommun av större storlek och ett tydligt case.",
    ),
    DemoApplication(
        "09",
        ("Anders Gotthardsson", "Regiondirektörens stab", "anders.g@gotland.example"),
        "Regionen vill lära av andra hur förtroendevalda kan stöttas.",
        (("Karin Snäckgärde", "Regionråd", E), ("Anders Gotthardsson", "Utredare", C)),
        DecisionState.PLANNED,
        "declined",
        "Nätverket har redan många regioner. Ni är välkomna att söka igen nästa år och att "
        "boka SKR:s utbildning för förtroendevalda.",
    ),
    DemoApplication(
        "1281",
        ("Sofia Nyström", "Demokratiutvecklare", "sofia.nystrom@lund.example"),
        "Vi har haft hot mot ledamöter i samband med medborgardialoger.",
        (
            ("Henrik Dahl", "Ordförande i kommunfullmäktige", E),
            ("Sofia Nyström", "Demokratiutvecklare", C),
        ),
        DecisionState.TAKEN,
        "called",
    ),
    DemoApplication(
        "2584",
        ("Lars Niemi", "Kanslichef", "lars.niemi@kiruna.example"),
        "Stadsflytten ger många svåra beslut de kommande åren. Vi söker tillsammans med "
        "Gällivare kommun, med en gemensam projektgrupp.",
        (("Eva Kuoksu", "Kommunstyrelsens ordförande", E), ("Lars Niemi", "Kanslichef", C)),
        DecisionState.PLANNED,
        "confirmed",
        joint_with="2523",
    ),
    DemoApplication(
        "23",
        ("Maja Östberg", "Säkerhetschef", "maja.ostberg@jamtland.example"),
        "Regionen vill arbeta förebyggande.",
        (("Maja Östberg", "Säkerhetschef", C),),
        DecisionState.PLANNED,
        "unconfirmed",
    ),
)


def recruitment_network_name(year):
    return f"Nätverk mot hot och hat mot förtroendevalda {year}"


def seed_recruitment(today, leader):
    """The next year's network, open for applications today, with its applications."""
    name = recruitment_network_name(today.year + 1)
    if db.session.scalar(sa.select(Network).where(Network.name == name)) is not None:
        return None
    network = Network(
        name=name,
        description=(
            "Ett lärande nätverk för kommuner och regioner som vill skapa system för att "
            "förebygga hot och hat mot förtroendevalda: fyra nätverksträffar och arbete på "
            "hemmaplan mellan träffarna."
        ),
        starts_on=today.replace(year=today.year + 1, month=1, day=1),
        ends_on=today.replace(year=today.year + 1, month=12, day=31),
        applications_open_on=today - timedelta(days=30),
        application_deadline=today + timedelta(days=14),
        decision_on=today + timedelta(days=19),
        leader=leader,
    )
    db.session.add(network)
    db.session.flush()
    # The demo's day, not the clock's: the demo may be seeded for another date.
    now = datetime.combine(today, time(10), tzinfo=UTC)
    for spec in DEMO_APPLICATIONS:
        _application(network, spec, leader, now)
    return network


def _application(network, spec, leader, now):
    name, title, email = spec.contact
    values = applications.ApplicationValues(
        contact_name=name,
        contact_title=title,
        contact_email=email,
        contact_phone="070-000 00 00",
        background=spec.background,
        members=tuple(applications.Member(*member) for member in spec.members),
        decision_state=spec.decision,
        decision_body="Kommunstyrelsen" if len(spec.code) == 4 else "Regionstyrelsen",
        decision_date=now.date() - timedelta(days=10)
        if spec.decision == DecisionState.TAKEN
        else now.date() + timedelta(days=12),
        decision_reference=f"KS {now.year}/{spec.code}"
        if spec.decision == DecisionState.TAKEN
        else None,
        # Samverkanslösning: the neighbour applies together with it on the form and becomes a
        # joint member of the same participation and group on confirmation.
        partners=(spec.joint_with,) if spec.joint_with else (),
    )
    entry = register_services.get_entry(spec.code)
    application, token = applications.submit(network, entry, values, now=now, link_hours=72)
    if spec.stage == "unconfirmed":
        return
    participation = applications.confirm(token, now=now).participation
    if spec.stage == "confirmed":
        return
    selection.log_call(
        participation,
        held_on=now.date() - timedelta(days=2),
        with_whom=f"{name}, projektledaren",
        notes="Gick igenom gruppens sammansättning och tidplanen för det politiska beslutet.",
        by=leader,
        now=now,
    )
    if spec.stage in ("accepted", "declined"):
        decision = {
            "decision_body": values.decision_body,
            "decision_date": values.decision_date,
            "decision_reference": values.decision_reference,
        }
        outcome = Outcome.ACCEPTED if spec.stage == "accepted" else Outcome.DECLINED
        selection.decide(
            participation, outcome, reason=spec.reason, decision=decision, by=leader, now=now
        )
