"""Cases (the political process a group reviews), their risk analysis, and the system checklist."""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network_app.db_types import UTCDateTime, enum_column_type, utcnow
from network_app.extensions import db


class CaseStatus(StrEnum):
    CHOSEN = "chosen"
    RISK_ANALYSIS = "risk_analysis"
    MEASURES = "measures"
    CARRIED_OUT = "carried_out"
    EVALUATED = "evaluated"


class DecisionKind(StrEnum):
    AUTHORITY = "authority"  # myndighetsbeslut
    VALUES = "values"  # värdegrundsfråga
    WELFARE_CHANGE = "welfare_change"  # förändring inom välfärdstjänster
    OTHER = "other"


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


class ItemState(StrEnum):
    MISSING = "missing"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class DocumentStatus(StrEnum):
    NONE = "none"
    DRAFT = "draft"
    DECIDED = "decided"


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

    approved_by = relationship("User")
