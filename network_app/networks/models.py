"""Networks, the organisations taking part, and their project groups."""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network_app.db_types import UTCDateTime, enum_column_type, utcnow
from network_app.extensions import db

# Each enum's label, the text people read for it, is its .label (forms, pages and reports alike).


class OrganisationKind(StrEnum):
    MUNICIPALITY = "municipality"
    REGION = "region"

    @property
    def label(self):
        return ORGANISATION_KIND_LABELS[self]


class ParticipationStatus(StrEnum):
    APPLIED = "applied"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @property
    def label(self):
        return PARTICIPATION_STATUS_LABELS[self]


class PersonKind(StrEnum):
    ELECTED_OFFICIAL = "elected_official"
    CIVIL_SERVANT = "civil_servant"

    @property
    def label(self):
        return PERSON_KIND_LABELS[self]


class PersonFunction(StrEnum):
    SECURITY = "security"
    DEMOCRACY = "democracy"
    DIALOGUE = "dialogue"
    COMMUNICATION = "communication"
    OTHER = "other"

    @property
    def label(self):
        return PERSON_FUNCTION_LABELS[self]


class ProgrammeModel(StrEnum):
    """How a network's programme runs: which meetings it has, what they are called and which of
    them count toward the goal (the seeds' 2020 and 2016 programmes, or the leader's own list)."""

    SKR_2020 = "skr2020"  # four nätverksträffar, one digital, plus a local workshop each
    SKL_2016 = "skl2016"  # four arbetsmöten, three in Stockholm, Arbetsmöte 2 the workshops
    CUSTOM_NETWORK = "custom_network"  # the leader's own list, called nätverksträffar
    CUSTOM_WORKING = "custom_working"  # the leader's own list, called arbetsmöten

    @property
    def label(self):
        return PROGRAMME_MODEL_LABELS[self]

    @property
    def says_working_meeting(self):
        """The meetings are "arbetsmöten" (else "nätverksträffar")."""
        return self in (ProgrammeModel.SKL_2016, ProgrammeModel.CUSTOM_WORKING)

    @property
    def is_standard(self):
        """A standard programme the app can lay out and complete."""
        return self in (ProgrammeModel.SKR_2020, ProgrammeModel.SKL_2016)

    @property
    def workshops_count(self):
        """The local workshops are one of the numbered meetings (Arbetsmöte 2) and count."""
        return self == ProgrammeModel.SKL_2016

    @property
    def goal_meetings(self):
        """How many meetings count toward the goal; None for a custom list (as many as it has)."""
        return 4 if self.is_standard else None


ORGANISATION_KIND_LABELS = {
    OrganisationKind.MUNICIPALITY: _l("Kommun"),
    OrganisationKind.REGION: _l("Region"),
}
PARTICIPATION_STATUS_LABELS = {
    ParticipationStatus.APPLIED: _l("Ansökt"),
    ParticipationStatus.ACCEPTED: _l("Antagen"),
    ParticipationStatus.DECLINED: _l("Avböjd"),
    ParticipationStatus.WITHDRAWN: _l("Har dragit sig ur"),
}
PROGRAMME_MODEL_LABELS = {
    ProgrammeModel.SKR_2020: _l(
        "2020: fyra nätverksträffar, varav en digital, och en lokal workshop hos varje organisation"
    ),
    ProgrammeModel.SKL_2016: _l(
        "2016: fyra arbetsmöten, tre i Stockholm, där arbetsmöte 2 är de lokala workshopparna"
    ),
    ProgrammeModel.CUSTOM_NETWORK: _l("Egen lista med nätverksträffar"),
    ProgrammeModel.CUSTOM_WORKING: _l("Egen lista med arbetsmöten"),
}
PERSON_KIND_LABELS = {
    PersonKind.ELECTED_OFFICIAL: _l("Förtroendevald"),
    PersonKind.CIVIL_SERVANT: _l("Tjänsteperson"),
}
PERSON_FUNCTION_LABELS = {
    PersonFunction.SECURITY: _l("Säkerhet"),
    PersonFunction.DEMOCRACY: _l("Demokrati"),
    PersonFunction.DIALOGUE: _l("Dialog"),
    PersonFunction.COMMUNICATION: _l("Kommunikation"),
    PersonFunction.OTHER: _l("Annat"),
}


class Network(db.Model):
    __tablename__ = "networks"
    __table_args__ = (
        sa.CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        sa.CheckConstraint("target_hours_min <= target_hours_max", name="hour_target_in_order"),
        sa.CheckConstraint("group_size_min <= group_size_max", name="group_size_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    goal: Mapped[str] = mapped_column(sa.Text, default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    target_hours_min: Mapped[int] = mapped_column(default=30)
    target_hours_max: Mapped[int] = mapped_column(default=40)
    group_size_min: Mapped[int] = mapped_column(default=3)
    group_size_max: Mapped[int] = mapped_column(default=5)
    time_zone: Mapped[str] = mapped_column(sa.String(64), default="Europe/Stockholm")
    programme_model: Mapped[ProgrammeModel] = mapped_column(
        enum_column_type(ProgrammeModel), default=ProgrammeModel.SKR_2020
    )
    # The application period (recruitment): the public form is open from the opening date to
    # the deadline, both included, in the network's time zone; the decision is due by decision_on.
    # Their order is the form's check (a CHECK constraint would make SQLite rebuild networks,
    # and the rebuild's DROP would cascade to every participation).
    applications_open_on: Mapped[date | None]
    application_deadline: Mapped[date | None]
    decision_on: Mapped[date | None]
    leader_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    leader = relationship("User", foreign_keys=[leader_id])
    participations: Mapped[list["Participation"]] = relationship(
        back_populates="network", cascade="all, delete-orphan"
    )

    @property
    def is_closed(self):
        return self.closed_at is not None


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column_type(OrganisationKind))
    # The organisation's entry in the register (kommunkod or länskod). Empty only for an
    # organisation from before the register that its migration could not match: the leader
    # chooses its entry on the organisation's edit page.
    register_code: Mapped[str | None] = mapped_column(
        sa.ForeignKey("register.code", ondelete="RESTRICT"), unique=True
    )
    # The organisation's functional mailbox (registrator, kommunstyrelsen): recruitment
    # invitations go here. Not a person's address.
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    register_entry = relationship("RegisterEntry")
    participations: Mapped[list["Participation"]] = relationship(back_populates="organisation")
    people: Mapped[list["Person"]] = relationship(back_populates="organisation")


def is_political_decision(body, day, reference):
    """A participation's decision to take part counts when its body, date and reference are
    all given (also for lists that read those columns as plain rows)."""
    return bool(body and day and reference)


class Participation(db.Model):
    """An organisation's part in one network, from its application to its end."""

    __tablename__ = "participations"
    __table_args__ = (sa.UniqueConstraint("network_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        sa.ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[ParticipationStatus] = mapped_column(
        enum_column_type(ParticipationStatus), default=ParticipationStatus.APPLIED
    )
    background: Mapped[str] = mapped_column(sa.Text, default="")
    applied_on: Mapped[date]
    decision_body: Mapped[str | None] = mapped_column(sa.String(200))
    decision_date: Mapped[date | None]
    decision_reference: Mapped[str | None] = mapped_column(sa.String(100))
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    network: Mapped[Network] = relationship(back_populates="participations")
    organisation: Mapped[Organisation] = relationship(back_populates="participations")
    members: Mapped[list["GroupMember"]] = relationship(
        back_populates="participation", cascade="all, delete-orphan"
    )
    joint_members: Mapped[list["JointMember"]] = relationship(
        back_populates="participation", cascade="all, delete-orphan", order_by="JointMember.id"
    )
    # Read-only: the cases package owns its cases (Case.participation). For the group page, which
    # joins them to the participation instead of reading them in a statement of their own.
    cases: Mapped[list["Case"]] = relationship(  # noqa: F821
        "Case", viewonly=True, order_by="Case.id"
    )

    @property
    def has_political_decision(self):
        return is_political_decision(
            self.decision_body, self.decision_date, self.decision_reference
        )


class JointMember(db.Model):
    """An organisation taking part together with the participation's own organisation
    (samverkanslösning): one participation, one project group, hours, case and report. The
    member organisation's people see and work on it as their own (access.is_own_group). An
    organisation is in a network once: on its own or as a joint member."""

    __tablename__ = "joint_members"
    __table_args__ = (sa.UniqueConstraint("network_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(sa.ForeignKey("networks.id", ondelete="CASCADE"))
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participation: Mapped[Participation] = relationship(back_populates="joint_members")
    organisation: Mapped[Organisation] = relationship()


class Person(db.Model):
    """Someone in an organisation's project group. Names and contact details are sensitive."""

    __tablename__ = "people"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    kind: Mapped[PersonKind] = mapped_column(enum_column_type(PersonKind))
    function: Mapped[PersonFunction] = mapped_column(enum_column_type(PersonFunction))
    email: Mapped[str] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="people")
    memberships: Mapped[list["GroupMember"]] = relationship(back_populates="person")


class GroupMember(db.Model):
    """A person's place in the project group of one participation."""

    __tablename__ = "group_members"
    __table_args__ = (sa.UniqueConstraint("participation_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    is_contact: Mapped[bool] = mapped_column(default=False)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participation: Mapped[Participation] = relationship(back_populates="members")
    person: Mapped[Person] = relationship(back_populates="memberships")
