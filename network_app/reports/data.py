"""What the Word reports show, as plain dataclasses: collect.py fills them, builder.py writes."""

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class MemberLine:
    name: str
    title: str
    kind: str
    is_contact: bool
    email: str = ""
    phone: str = ""


@dataclass
class RiskLine:
    number: int
    description: str
    targets: str
    likelihood: int
    consequence: int
    level: int
    band: str
    band_label: str
    measures: str
    owner: str


@dataclass
class CommunicationLine:
    planned_on: date | None
    message: str
    channel: str
    audience: str


@dataclass
class JournalLine:
    written_on: date
    text: str


@dataclass
class CaseData:
    title: str
    description: str
    decision_kind: str
    deciding_body: str
    decision_expected_on: date | None
    affected: str
    could_react: str
    status: str
    methods: list  # [(group label, [method label])]
    gender_perspective: str
    exposed_groups: str
    lessons: str
    risks: list
    communications: list
    journal: list
    reviewed: bool = False  # cases.services.reviewed_condition


@dataclass
class ChecklistSectionData:
    title: str
    items: list  # [(text, state label, state value, note)]


@dataclass
class ChecklistData:
    level: str
    document_status: str
    document_title: str
    decided_by: str
    decided_on: date | None
    sections: list
    done: int
    total: int


@dataclass
class Bar:
    label: str
    minutes: int


@dataclass
class HoursData:
    minutes: int
    person_minutes: int
    target_low: int
    target_high: int
    by_activity: list  # [Bar]
    by_period: list  # [Bar]


@dataclass
class MeetingLine:
    starts_on: date
    title: str
    kind: str
    attended: bool | None = None  # in a learning example None: ahead (Kommande)


@dataclass
class AssignmentLine:
    """An agreed assignment and what came of it (assignments package)."""

    title: str
    agreed_at: str  # the meeting's title, or ""
    status: str
    report: str


@dataclass
class LearningExample:
    organisation: str
    network: str
    background: str
    members: list
    cases: list
    checklist: ChecklistData
    hours: HoursData
    meetings: list
    approved_at: datetime | None
    anonymised: bool
    generated_at: datetime
    author: str
    starts_on: date | None = None  # the network's period
    ends_on: date | None = None
    cases_reviewed: int = 0  # as on the goals page (cases.services.network_goals)
    assignments: list = field(default_factory=list)  # [AssignmentLine]

    @property
    def lessons(self):
        return [(c.title, c.lessons) for c in self.cases if c.lessons]


@dataclass
class GoalLine:
    """An organisation's row of goal attainment: the goals page's figures."""

    organisation: str
    checklist_done: int
    checklist_total: int
    cases: int
    cases_reviewed: int
    minutes: int
    meetings_attended: int
    meetings_total: int
    approved: bool
    document_status: str = "none"
    decided_by: str = ""
    decided_on: date | None = None
    responsibility_level: int | None = None

    @property
    def case_reviewed(self):
        return self.cases_reviewed > 0


@dataclass
class NetworkReport:
    name: str
    description: str
    goal: str
    starts_on: date
    ends_on: date
    target_low: int
    target_high: int
    meetings: list
    goals: list
    chapters: list
    hours: list  # [Bar] per organisation
    anonymised: bool
    generated_at: datetime
    author: str = field(default="")
    not_approved: list = field(default_factory=list)  # publication: organisations left out
