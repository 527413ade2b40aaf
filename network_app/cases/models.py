"""Cases (the political process a group reviews), their risk analysis, and the system checklist."""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network_app.db_types import UTCDateTime, enum_column_type, utcnow
from network_app.extensions import db

# Each enum's label, the text people read for it, is its .label (forms, pages and reports alike).


class CaseStatus(StrEnum):
    CHOSEN = "chosen"
    RISK_ANALYSIS = "risk_analysis"
    MEASURES = "measures"
    CARRIED_OUT = "carried_out"
    EVALUATED = "evaluated"

    @property
    def label(self):
        return CASE_STATUS_LABELS[self]


class DecisionKind(StrEnum):
    AUTHORITY = "authority"  # myndighetsbeslut
    VALUES = "values"  # värdegrundsfråga
    WELFARE_CHANGE = "welfare_change"  # förändring inom välfärdstjänster
    OTHER = "other"

    @property
    def label(self):
        return DECISION_KIND_LABELS[self]


class Method(StrEnum):
    """The methods of the 2019 analysis; the prefix is the kind (proactive, reactive, follow-up)."""

    SECURITY_TALKS = "proactive_security_talks"
    EXPOSURE_SURVEY = "proactive_exposure_survey"
    INTERNAL_CONTROL = "proactive_internal_control"
    DEBATE_TONE = "proactive_debate_tone"
    SUPPORT_TALKS = "reactive_support_talks"
    MEDIA_CONTACTS = "reactive_media_contacts"
    PLANNED_FOLLOW_UP = "reactive_planned_follow_up"
    INCIDENT_REPORTING = "follow_up_incident_reporting"
    REPORT_BACK = "follow_up_report_back"

    @property
    def label(self):
        return METHOD_LABELS[self]


class ItemState(StrEnum):
    MISSING = "missing"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self):
        return ITEM_STATE_LABELS[self]


class DocumentStatus(StrEnum):
    NONE = "none"
    DRAFT = "draft"
    DECIDED = "decided"

    @property
    def label(self):
        return DOCUMENT_STATUS_LABELS[self]


CASE_STATUS_LABELS = {
    CaseStatus.CHOSEN: _l("Vald"),
    CaseStatus.RISK_ANALYSIS: _l("Riskanalys"),
    CaseStatus.MEASURES: _l("Åtgärder"),
    CaseStatus.CARRIED_OUT: _l("Genomförd"),
    CaseStatus.EVALUATED: _l("Utvärderad"),
}
DECISION_KIND_LABELS = {
    DecisionKind.AUTHORITY: _l("Myndighetsbeslut"),
    DecisionKind.VALUES: _l("Värdegrundsfråga"),
    DecisionKind.WELFARE_CHANGE: _l("Förändring inom välfärdstjänster"),
    DecisionKind.OTHER: _l("Annat"),
}
METHOD_LABELS = {
    Method.SECURITY_TALKS: _l("Förebyggande säkerhetssamtal"),
    Method.EXPOSURE_SURVEY: _l("Lokal kartläggning"),
    Method.INTERNAL_CONTROL: _l("Internkontroll"),
    Method.DEBATE_TONE: _l("Samtalstonen i politiken"),
    Method.SUPPORT_TALKS: _l("Samtalsstöd"),
    Method.MEDIA_CONTACTS: _l("Mediakontakter"),
    Method.PLANNED_FOLLOW_UP: _l("Planering och uppföljning vid omhändertagande arbete"),
    Method.INCIDENT_REPORTING: _l("Incidentrapportering"),
    Method.REPORT_BACK: _l("Återrapport till beslutande församling"),
}
# The methods as the 2019 analysis groups them: (the group's label, its methods). Labels in the
# analysis's own words (seed 002, chapter 3 and chapter 5's "Uppföljande arbete"), checked
# against its text by tests/cases/test_seed_words.py.
METHOD_GROUPS = (
    (
        _l("Proaktiva metoder"),
        (
            Method.SECURITY_TALKS,
            Method.EXPOSURE_SURVEY,
            Method.INTERNAL_CONTROL,
            Method.DEBATE_TONE,
        ),
    ),
    (
        _l("Reaktiva metoder"),
        (Method.SUPPORT_TALKS, Method.MEDIA_CONTACTS, Method.PLANNED_FOLLOW_UP),
    ),
    (_l("Uppföljande arbete"), (Method.INCIDENT_REPORTING, Method.REPORT_BACK)),
)
ITEM_STATE_LABELS = {
    ItemState.MISSING: _l("Saknas"),
    ItemState.IN_PROGRESS: _l("Pågår"),
    ItemState.DONE: _l("Klart"),
}
DOCUMENT_STATUS_LABELS = {
    DocumentStatus.NONE: _l("Inget styrande dokument ännu"),
    DocumentStatus.DRAFT: _l("Utkast"),
    DocumentStatus.DECIDED: _l("Beslutat"),
}
# The responsibility for elected officials' security the organisation takes (the checklist's
# responsibility_level), as the form offers it: by the level's number as text.
RESPONSIBILITY_LEVEL_LABELS = {
    "1": _l("Nivå 1: Fullt ansvar för förtroendevaldas säkerhet"),
    "2": _l("Nivå 2: Visst ansvar för förtroendevaldas säkerhet"),
    "3": _l("Nivå 3: De politiska partierna har ansvar för förtroendevaldas säkerhet"),
}


class Case(db.Model):
    """A future political process that the group reviews for risks of threats and hate."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    decision_kind: Mapped[DecisionKind] = mapped_column(enum_column_type(DecisionKind))
    deciding_body: Mapped[str] = mapped_column(sa.String(200), default="")
    decision_expected_on: Mapped[date | None]
    affected: Mapped[str] = mapped_column(sa.Text, default="")
    could_react: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[CaseStatus] = mapped_column(
        enum_column_type(CaseStatus), default=CaseStatus.CHOSEN
    )
    # Method values separated by spaces: a short, closed list that is only read whole.
    methods: Mapped[str] = mapped_column(sa.String(500), default="")
    gender_perspective: Mapped[str] = mapped_column(sa.Text, default="")
    exposed_groups: Mapped[str] = mapped_column(sa.Text, default="")
    lessons: Mapped[str] = mapped_column(sa.Text, default="")
    # Optimistic locking: every UPDATE checks and raises it, so a stale save is refused.
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __mapper_args__ = {"version_id_col": version}

    participation = relationship("Participation")
    risks: Mapped[list["RiskItem"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="RiskItem.id"
    )
    communications: Mapped[list["CommunicationItem"]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        order_by="(CommunicationItem.planned_on, CommunicationItem.id)",
    )
    journal: Mapped[list["JournalEntry"]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        order_by="(JournalEntry.written_on, JournalEntry.id)",
    )

    @property
    def method_list(self):
        known = {m.value for m in Method}
        return [Method(v) for v in self.methods.split() if v in known]


class RiskItem(db.Model):
    __tablename__ = "risk_items"
    __table_args__ = (
        sa.CheckConstraint("likelihood BETWEEN 1 AND 4", name="likelihood_range"),
        sa.CheckConstraint("consequence BETWEEN 1 AND 4", name="consequence_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(sa.Text)
    targets: Mapped[str] = mapped_column(sa.String(500), default="")
    likelihood: Mapped[int]
    consequence: Mapped[int]
    measures: Mapped[str] = mapped_column(sa.Text, default="")
    owner: Mapped[str] = mapped_column(sa.String(200), default="")

    case: Mapped[Case] = relationship(back_populates="risks")

    @property
    def level(self):
        return self.likelihood * self.consequence


class CommunicationItem(db.Model):
    """Proactive communication: what is said, when, where and to whom, before the decision."""

    __tablename__ = "communication_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(sa.Text)
    planned_on: Mapped[date | None]
    channel: Mapped[str] = mapped_column(sa.String(200), default="")
    audience: Mapped[str] = mapped_column(sa.String(200), default="")

    case: Mapped[Case] = relationship(back_populates="communications")


class JournalEntry(db.Model):
    __tablename__ = "journal_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    written_on: Mapped[date]
    text: Mapped[str] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="journal")


class SystemChecklist(db.Model):
    """Where the organisation's system stands: level of responsibility and governing document."""

    __tablename__ = "system_checklists"

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), unique=True
    )
    responsibility_level: Mapped[int | None]
    document_status: Mapped[DocumentStatus] = mapped_column(
        enum_column_type(DocumentStatus), default=DocumentStatus.NONE
    )
    document_title: Mapped[str] = mapped_column(sa.String(200), default="")
    decided_by: Mapped[str] = mapped_column(sa.String(200), default="")
    decided_on: Mapped[date | None]
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint(
            "responsibility_level IS NULL OR responsibility_level BETWEEN 1 AND 3",
            name="level_range",
        ),
    )

    participation = relationship("Participation")
    items: Mapped[list["ChecklistItem"]] = relationship(
        back_populates="checklist", cascade="all, delete-orphan"
    )


class ChecklistItem(db.Model):
    __tablename__ = "checklist_items"
    __table_args__ = (sa.UniqueConstraint("checklist_id", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_id: Mapped[int] = mapped_column(
        sa.ForeignKey("system_checklists.id", ondelete="CASCADE"), index=True
    )
    item_key: Mapped[str] = mapped_column(sa.String(50))
    state: Mapped[ItemState] = mapped_column(enum_column_type(ItemState), default=ItemState.MISSING)
    note: Mapped[str] = mapped_column(sa.Text, default="")

    checklist: Mapped[SystemChecklist] = relationship(back_populates="items")


class ReportApproval(db.Model):
    """The contact person's approval of the anonymised learning example; withdrawn on change."""

    __tablename__ = "report_approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    approved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # SHA-256 (hex) of the anonymised content approved (reports.collect.content_digest): what
    # is published must be exactly this; None for approvals given before digests were kept.
    content_digest: Mapped[str | None] = mapped_column(sa.String(64))

    approved_by = relationship("User")


class ReportRedaction(db.Model):
    """A text the contact person redacted by hand in the anonymised learning example: every
    occurrence in it is replaced ("[borttaget]") in every anonymised output. The text may be a
    name: it is personal data (privacy.services exports and erases it)."""

    __tablename__ = "report_redactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(sa.String(200))
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LibraryExample(db.Model):
    """An approved learning example of an earlier (closed) network that the leader has published
    in the "Lärande exempel" library, readable by every signed-in participant. It goes when its
    approval is withdrawn (cases.services.withdraw_approval), and is shown only while the
    approval's digest equals the content (reports.collect.shared_example)."""

    __tablename__ = "library_examples"

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), unique=True
    )
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
