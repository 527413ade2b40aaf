"""Demo cases and system checklists: every organisation of the demo network at its own stage."""

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from network_app.auth.models import Role, User
from network_app.cases import checklist as outline
from network_app.cases import services
from network_app.cases.models import (
    Case,
    CaseStatus,
    DecisionKind,
    DocumentStatus,
    ItemState,
    Method,
)
from network_app.extensions import db
from network_app.hours.models import ActivityKind, HourEntry
from network_app.networks.models import OrganisationKind, Participation


@dataclass(frozen=True)
class DemoCase:
    title: str
    description: str
    kind: DecisionKind
    body: str
    status: CaseStatus
    risks: tuple  # (description, targets, likelihood, consequence, measures, owner)
    methods: tuple
    done_items: int  # how many checklist items (in outline order) are done
    level: int | None
    document: DocumentStatus
    lessons: str = ""
    approved: bool = False


M = Method
RISKS = (
    (
        "Hot och hat i sociala medier mot ordföranden inför beslutet",
        "Nämndens ordförande",
        4,
        3,
        "Förebyggande säkerhetssamtal; bevakning av sociala medier veckan före beslutet.",
        "Säkerhetschef",
    ),
    (
        "Störningar och hotfulla inlägg på det öppna sammanträdet",
        "Ledamöterna",
        2,
        3,
        "Ordningsvakter och tydliga ordningsregler; ordföranden förbereds.",
        "Kanslichef",
    ),
    (
        "Kvinnliga ledamöter utsätts för sexualiserade kommentarer",
        "Kvinnliga förtroendevalda",
        3,
        2,
        "Samtalsstöd erbjuds; incidenter rapporteras och följs upp.",
        "HR-strateg",
    ),
    (
        "Felaktiga uppgifter sprids om beslutsunderlaget",
        "Hela nämnden",
        3,
        2,
        "Faktablad och frågor och svar publiceras i god tid.",
        "Kommunikationschef",
    ),
)

DEMO_CASES = {
    "Malmö stad": DemoCase(
        "Ny skolorganisation i innerstaden",
        "Tre skolor slås samman och en skola läggs ned. Beslutet väntas väcka starka reaktioner "
        "hos föräldrar och i lokala grupper i sociala medier.",
        DecisionKind.WELFARE_CHANGE,
        "Grundskolenämnden",
        CaseStatus.EVALUATED,
        RISKS,
        (M.SECURITY_TALKS, M.DEBATE_TONE, M.SUPPORT_TALKS, M.INCIDENT_REPORTING, M.REPORT_BACK),
        len(outline.ITEM_KEYS),
        1,
        DocumentStatus.DECIDED,
        "Riskanalysen behöver göras innan ärendet når nämnden. Proaktiv kommunikation med "
        "föräldrar minskade antalet hotfulla mejl tydligt.",
        approved=True,
    ),
    "Göteborgs Stad": DemoCase(
        "Placering av ett nytt boende för ensamkommande",
        "Beslut om var ett nytt boende ska ligga; frågan har tidigare lett till hot mot ledamöter.",
        DecisionKind.VALUES,
        "Socialnämnden",
        CaseStatus.CARRIED_OUT,
        RISKS[:3],
        (M.SECURITY_TALKS, M.EXPOSURE_SURVEY, M.MEDIA_CONTACTS),
        15,
        2,
        DocumentStatus.DRAFT,
    ),
    "Emmaboda kommun": DemoCase(
        "Nedläggning av landsbygdsskola",
        "Utredningen om skolans framtid är beställd; gruppen har valt processen som sitt case.",
        DecisionKind.WELFARE_CHANGE,
        "Barn- och utbildningsnämnden",
        CaseStatus.CHOSEN,
        (),
        (),
        3,
        None,
        DocumentStatus.NONE,
    ),
    "Nacka kommun": DemoCase(
        "Detaljplan för ny moské",
        "Detaljplanen för en moské i kommundelscentrum ska ställas ut under våren.",
        DecisionKind.AUTHORITY,
        "Miljö- och stadsbyggnadsnämnden",
        CaseStatus.RISK_ANALYSIS,
        RISKS[:2],
        (M.EXPOSURE_SURVEY,),
        8,
        None,
        DocumentStatus.DRAFT,
    ),
    "Bodens kommun": DemoCase(
        "Tillstånd för vindkraftspark",
        "Kommunen ska tillstyrka eller avstyrka en vindkraftspark; samebyar och boende berörs.",
        DecisionKind.AUTHORITY,
        "Kommunfullmäktige",
        CaseStatus.MEASURES,
        RISKS[1:4],
        (M.SECURITY_TALKS, M.INTERNAL_CONTROL, M.PLANNED_FOLLOW_UP),
        12,
        1,
        DocumentStatus.DRAFT,
    ),
    "Västra Götalandsregionen": DemoCase(
        "Förändrad akutsjukvård i östra regiondelen",
        "Akutmottagningen vid ett av sjukhusen föreslås bli närakut nattetid.",
        DecisionKind.WELFARE_CHANGE,
        "Regionfullmäktige",
        CaseStatus.EVALUATED,
        RISKS,
        (M.SECURITY_TALKS, M.DEBATE_TONE, M.MEDIA_CONTACTS, M.REPORT_BACK),
        len(outline.ITEM_KEYS),
        2,
        DocumentStatus.DECIDED,
        "Tidig dialog med personalen och en tydlig tidsplan gjorde debatten sakligare.",
    ),
}


def _case(participation, spec, today):
    case = services.create_case(
        participation,
        {
            "title": spec.title,
            "description": spec.description,
            "decision_kind": spec.kind,
            "deciding_body": spec.body,
            "decision_expected_on": today + timedelta(days=60),
            "affected": "Elever, föräldrar, personal och boende i området.",
            "could_react": "Föräldragrupper, lokala nätverk i sociala medier, enskilda aktivister.",
            "status": spec.status,
            "methods": " ".join(m.value for m in spec.methods),
            "gender_perspective": "Kvinnliga förtroendevalda får oftare sexualiserade och "
            "personliga angrepp; stödet anpassas efter det.",
            "exposed_groups": "Unga förtroendevalda och förtroendevalda med utländsk bakgrund.",
            "lessons": spec.lessons,
        },
    )
    # A group at the risk analysis has its risks but no measures yet: not reviewed ("genomlyst").
    analysing = spec.status == CaseStatus.RISK_ANALYSIS
    for description, targets, likelihood, consequence, measures, owner in spec.risks:
        if analysing:
            measures, owner = "", ""
        services.add_risk(
            case,
            {
                "description": description,
                "targets": targets,
                "likelihood": likelihood,
                "consequence": consequence,
                "measures": measures,
                "owner": owner,
            },
        )
    if spec.status != CaseStatus.CHOSEN:
        services.add_communication(
            case,
            {
                "message": "Information om förslaget, tidsplanen och hur man kan lämna synpunkter.",
                "planned_on": today - timedelta(days=20),
                "channel": "Webbplats och lokalpress",
                "audience": "Berörda invånare",
            },
        )
        services.add_journal_entry(
            case,
            written_on=today - timedelta(days=30),
            text="Gruppen gick igenom ärendet och gjorde riskanalysen.",
            author=None,
        )
    return case


def _assembly(participation):
    region = participation.organisation.kind == OrganisationKind.REGION
    return "Regionfullmäktige" if region else "Kommunfullmäktige"


def _checklist(participation, spec, today):
    checklist = services.checklist_for(participation)
    if checklist.id is not None:
        return
    items = {}
    for index, key in enumerate(outline.ITEM_KEYS):
        state = (
            ItemState.DONE
            if index < spec.done_items
            else (ItemState.IN_PROGRESS if index < spec.done_items + 3 else ItemState.MISSING)
        )
        items[key] = (state, "")
    decided = spec.document == DocumentStatus.DECIDED
    services.update_checklist(
        checklist,
        {
            "responsibility_level": spec.level,
            "document_status": spec.document,
            "document_title": "Riktlinje för förtroendevaldas trygghet" if spec.level else "",
            "decided_by": _assembly(participation) if decided else "",
            "decided_on": date(today.year, 3, 15) if decided else None,
        },
        items,
        expected_version=0,
    )


def _approve(participation):
    """The demo participant account acts as the group's contact person and approves."""
    contact = next((m for m in participation.members if m.is_contact), None)
    account = db.session.scalar(
        sa.select(User).where(
            User.organisation_id == participation.organisation_id, User.role == Role.PARTICIPANT
        )
    )
    if contact is None or account is None:
        return
    if account.person_id is None:
        account.person_id = contact.person_id
    services.approve_learning_example(participation, account)


def _link_risk_analysis_hours(participation, case):
    """The demo's logged risk analyses were for the organisation's case (its page sums them).
    Through the ORM, not an UPDATE statement: the hours' kept totals (hours.totals) follow
    every change of an entry at the flush."""
    entries = db.session.scalars(
        sa.select(HourEntry).where(
            HourEntry.participation_id == participation.id,
            HourEntry.activity == ActivityKind.RISK_ANALYSIS,
            HourEntry.case_id.is_(None),
        )
    )
    for entry in entries:
        entry.case_id = case.id


def seed_cases(network, today):
    """A case and a system checklist for every demo organisation; leaves existing ones alone."""
    participations = db.session.scalars(
        sa.select(Participation).where(Participation.network_id == network.id)
    ).all()
    for participation in participations:
        spec = DEMO_CASES.get(participation.organisation.name)
        has_case = db.session.scalar(
            sa.select(sa.func.count(Case.id)).where(Case.participation_id == participation.id)
        )
        if spec is None or has_case:
            continue
        case = _case(participation, spec, today)
        _link_risk_analysis_hours(participation, case)
        _checklist(participation, spec, today)
        if spec.approved:
            _approve(participation)
    db.session.flush()
