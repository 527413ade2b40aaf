"""Applications by the organisations themselves, their proposed groups, the telephone follow-up
and the leader's decisions. The applicant's and the proposed members' names and addresses are
personal data: exported, erased and purged by recruitment.privacy."""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network_app.db_types import UTCDateTime, enum_column_type, utcnow
from network_app.extensions import db


class DecisionState(StrEnum):
    """The organisation's political decision to take part: planned or already taken."""

    PLANNED = "planned"
    TAKEN = "taken"

    @property
    def label(self):
        return DECISION_STATE_LABELS[self]


class MemberRole(StrEnum):
    """The values of networks.models.PersonKind."""

    ELECTED_OFFICIAL = "elected_official"
    CIVIL_SERVANT = "civil_servant"

    @property
    def label(self):
        return MEMBER_ROLE_LABELS[self]


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"

    @property
    def label(self):
        return OUTCOME_LABELS[self]


DECISION_STATE_LABELS = {
    DecisionState.PLANNED: _l("Planerat"),
    DecisionState.TAKEN: _l("Taget"),
}
MEMBER_ROLE_LABELS = {
    MemberRole.ELECTED_OFFICIAL: _l("Förtroendevald"),
    MemberRole.CIVIL_SERVANT: _l("Tjänsteperson"),
}
OUTCOME_LABELS = {Outcome.ACCEPTED: _l("Antagen"), Outcome.DECLINED: _l("Avböjd")}


class Application(db.Model):
    """An application sent through the public form. It counts once the applicant has followed
    the link mailed to them: then it becomes the organisation's participation (status applied).
    Until then no organisation or participation exists for it."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        sa.ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    register_code: Mapped[str] = mapped_column(
        sa.ForeignKey("register.code", ondelete="RESTRICT"), index=True
    )
    participation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="SET NULL"), unique=True
    )
    contact_name: Mapped[str] = mapped_column(sa.String(200))
    contact_title: Mapped[str] = mapped_column(sa.String(200), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(40))
    background: Mapped[str] = mapped_column(sa.Text, default="")
    decision_state: Mapped[DecisionState] = mapped_column(enum_column_type(DecisionState))
    decision_body: Mapped[str] = mapped_column(sa.String(200))
    decision_date: Mapped[date]
    decision_reference: Mapped[str | None] = mapped_column(sa.String(100))
    # The confirmation link: only its SHA-256 is stored; it works once, until it expires.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    token_expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the applicant's personal data is erased (on request or by retention).
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    network = relationship("Network")
    register_entry = relationship("RegisterEntry")
    participation = relationship("Participation")
    members: Mapped[list["ProposedMember"]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ProposedMember.position",
    )
    partners: Mapped[list["ApplicationPartner"]] = relationship(
        back_populates="application",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ApplicationPartner.position",
    )


class ProposedMember(db.Model):
    """A person the applicant proposes for the project group: name, title, elected or not."""

    __tablename__ = "proposed_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(sa.String(200))
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    role: Mapped[MemberRole] = mapped_column(enum_column_type(MemberRole))

    application: Mapped[Application] = relationship(back_populates="members")


class ApplicationPartner(db.Model):
    """An organisation of the register that applies together with the applicant as one
    participation (samverkanslösning): it becomes a joint member when the application is
    confirmed. Organisations are not people: no personal data."""

    __tablename__ = "application_partners"
    __table_args__ = (sa.UniqueConstraint("application_id", "register_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    register_code: Mapped[str] = mapped_column(
        sa.ForeignKey("register.code", ondelete="RESTRICT"), index=True
    )

    application: Mapped[Application] = relationship(back_populates="partners")
    register_entry = relationship("RegisterEntry")


class FollowUpCall(db.Model):
    """The telephone meeting that follows up an application ("Anmälan följs upp av ett
    telefonmöte"): of a participation, so an application the leader registered by hand has one
    too. `with_whom` names people: personal data."""

    __tablename__ = "follow_up_calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date]
    with_whom: Mapped[str] = mapped_column(sa.String(300))
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    logged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SelectionDecision(db.Model):
    """The leader's decision on an application, with the reason the applicant is told."""

    __tablename__ = "selection_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[Outcome] = mapped_column(enum_column_type(Outcome))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    # Whether the decision went to the applicant by mail (False: no address, told by hand).
    mailed: Mapped[bool] = mapped_column(default=False)
