"""The organisation's system: chapter 5 of SKL's 2019 analysis, the outline of a governing document.

Kept as data so that the form, the page, goal attainment and the Word reports share one list.
The texts are the analysis's own words (seed 002, chapter 5), checked against its text by
tests/cases/test_seed_words.py.
The keys are stored in the database: never rename one, only add.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class ChecklistSection:
    key: str
    title: str
    items: tuple


@dataclass(frozen=True)
class ChecklistEntry:
    key: str
    text: str


SECTIONS = (
    ChecklistSection(
        "formalities",
        _l("Inledande formalia"),
        (
            ChecklistEntry("introduction", _l("Inledning och bakgrund")),
            ChecklistEntry("validity", _l("Giltighetstid")),
            ChecklistEntry("purpose", _l("Syfte och mål")),
        ),
    ),
    ChecklistSection(
        "conditions",
        _l("Förtroendevaldas villkor"),
        (
            ChecklistEntry("assignment", _l("Definitioner av förtroendevaldas uppdrag")),
            ChecklistEntry("responsibility", _l("Ansvar för förtroendevaldas trygghet")),
            ChecklistEntry(
                "organisation",
                _l("Organisation och funktioner i arbete med förtroendevaldas trygghet"),
            ),
        ),
    ),
    ChecklistSection(
        "law",
        _l("Definitioner och lagar"),
        (
            ChecklistEntry("definitions", _l("Definitioner och hänvisning till lagstiftning")),
            ChecklistEntry(
                "public_meetings", _l("Beslut enligt lag om säkerhet vid offentliga sammanträden")
            ),
        ),
    ),
    ChecklistSection(
        "prevention",
        _l("Förebyggande arbete för att undvika hot och hat (positivt säkerhetsarbete)"),
        (
            ChecklistEntry("risk_analysis", _l("Riskanalyser i politiska processer")),
            ChecklistEntry("survey", _l("Kartläggning och behovsanalys")),
            ChecklistEntry("proactive_communication", _l("Proaktiv kommunikation")),
            ChecklistEntry(
                "exposure_differences",
                _l(
                    "Skillnader i utsatthet mellan kvinnor och män, "
                    "samt för särskilt utsatta grupper"
                ),
            ),
            ChecklistEntry("training", _l("Utbildning och information till de förtroendevalda")),
            ChecklistEntry(
                "systematic_work", _l("Systematik och arbetssätt i det förebyggande arbetet")
            ),
            ChecklistEntry("social_media", _l("Sociala medier, möjligheter och risker")),
            ChecklistEntry("cooperation", _l("Samverkan med andra organisationer")),
            ChecklistEntry("code_of_conduct", _l("Anta en uppförandekod")),
        ),
    ),
    ChecklistSection(
        "action_plans",
        _l("Handlingsplaner och åtgärder för det omhändertagande arbetet"),
        (
            ChecklistEntry("contacts", _l("Kontaktuppgifter")),
            ChecklistEntry("acute_routines", _l("Rutiner och åtgärder vid akuta situationer")),
            ChecklistEntry("media_routines", _l("Rutiner vid mediakontakter")),
        ),
    ),
    ChecklistSection(
        "follow_up",
        _l("Uppföljande arbete"),
        (
            ChecklistEntry("incident_reporting", _l("Incidentrapportering")),
            ChecklistEntry("report_back", _l("Återrapport till beslutande församling")),
        ),
    ),
)

ITEM_KEYS = tuple(entry.key for section in SECTIONS for entry in section.items)
ITEM_COUNT = len(ITEM_KEYS)
