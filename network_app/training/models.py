"""Training requests: an organisation's wish for the seminar, and the training it becomes."""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network_app.db_types import UTCDateTime, enum_column_type, utcnow
from network_app.extensions import db

# The limits of the form and of the database alike.
MAX_PARTICIPANTS = 500


class TrainingStatus(StrEnum):
    REQUESTED = "requested"
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"

    @property
    def label(self):
        return STATUS_LABELS[self]


class SeminarLength(StrEnum):
    SHORT = "short"  # about an hour, with an ordinary meeting of the assembly
    LONG = "long"  # the same content and a workshop

    @property
    def label(self):
        return LENGTH_LABELS[self]


class Delivery(StrEnum):
    ON_SITE = "on_site"
    REMOTE = "remote"

    @property
    def label(self):
        return DELIVERY_LABELS[self]


class Assembly(StrEnum):
    COUNCIL = "council"  # fullmäktige
    BOARD = "board"  # kommunstyrelsen / regionstyrelsen
    BOTH = "both"

    @property
    def label(self):
        return ASSEMBLY_LABELS[self]


class RequestChannel(StrEnum):
    PUBLIC_FORM = "public_form"  # no account; counts once the contact confirms by mail
    APP = "app"  # a signed-in participant or the leader

    @property
    def label(self):
        return CHANNEL_LABELS[self]


STATUS_LABELS = {
    TrainingStatus.REQUESTED: _l("Önskad"),
    TrainingStatus.SCHEDULED: _l("Bokad"),
    TrainingStatus.HELD: _l("Genomförd"),
    TrainingStatus.CANCELLED: _l("Inställd"),
}
LENGTH_LABELS = {
    SeminarLength.SHORT: _l("Kortare seminarium (cirka en timme)"),
    SeminarLength.LONG: _l("Längre seminarium med workshop"),
}
DELIVERY_LABELS = {
    Delivery.ON_SITE: _l("På plats"),
    Delivery.REMOTE: _l("På distans"),
}
ASSEMBLY_LABELS = {
    Assembly.COUNCIL: _l("Fullmäktige"),
    Assembly.BOARD: _l("Styrelsen"),
    Assembly.BOTH: _l("Fullmäktige och styrelsen"),
}
CHANNEL_LABELS = {
    RequestChannel.PUBLIC_FORM: _l("Formuläret på webben"),
    RequestChannel.APP: _l("I appen"),
}


class TrainingRequest(db.Model):
    """One organisation's request, and once scheduled the training itself (one row: the request
    is what the training was asked as; the report counts the held ones)."""

    __tablename__ = "training_requests"
    __table_args__ = (
        sa.CheckConstraint(
            f"expected_participants BETWEEN 1 AND {MAX_PARTICIPANTS}",
            name="expected_participants_in_range",
        ),
        sa.CheckConstraint(
            f"participants IS NULL OR participants BETWEEN 1 AND {MAX_PARTICIPANTS}",
            name="participants_in_range",
        ),
        sa.CheckConstraint("ends_at IS NULL OR ends_at > starts_at", name="times_in_order"),
        sa.Index("ix_training_requests_status_requested_at", "status", "requested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The organisation as its register entry (kommunkod, or länskod of a region): a request may
    # come from an organisation that has no account or network in the app yet.
    register_code: Mapped[str] = mapped_column(
        sa.ForeignKey("register.code", ondelete="RESTRICT"), index=True
    )
    status: Mapped[TrainingStatus] = mapped_column(
        enum_column_type(TrainingStatus), default=TrainingStatus.REQUESTED
    )
    channel: Mapped[RequestChannel] = mapped_column(enum_column_type(RequestChannel))
    length: Mapped[SeminarLength] = mapped_column(enum_column_type(SeminarLength))
    delivery: Mapped[Delivery] = mapped_column(enum_column_type(Delivery))
    assembly: Mapped[Assembly] = mapped_column(enum_column_type(Assembly))
    preferred_on: Mapped[date]
    preferred_on_2: Mapped[date | None]
    preferred_on_3: Mapped[date | None]
    expected_participants: Mapped[int]
    wants_test_session: Mapped[bool] = mapped_column(default=False)
    # The contact person: personal data (README, Personal data). None once erased.
    contact_name: Mapped[str | None] = mapped_column(sa.String(200))
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(50))
    contact_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The language the contact person asked in: their mails and calendar files are written in it.
    language: Mapped[str] = mapped_column(sa.String(5), default="sv")
    requested_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The public form's confirmation link: only its hash is kept; used once, expiring.
    confirmation_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    confirmation_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The training, once the leader schedules it (times in UTC; shown in Swedish time).
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    place: Mapped[str | None] = mapped_column(sa.String(300))
    online_url: Mapped[str | None] = mapped_column(sa.String(500))
    trainer: Mapped[str | None] = mapped_column(sa.String(200))
    test_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    test_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The training's local (Swedish) date, the year the report counts it in.
    training_on: Mapped[date | None] = mapped_column(index=True)
    participants: Mapped[int | None]
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Rises with every change the requester's calendar must learn (RFC 5545 SEQUENCE).
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entry = relationship("RegisterEntry")
    requested_by = relationship("User", foreign_keys=[requested_by_id])

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    @property
    def is_open(self):
        return self.status in (TrainingStatus.REQUESTED, TrainingStatus.SCHEDULED)

    @property
    def preferred_dates(self):
        return [d for d in (self.preferred_on, self.preferred_on_2, self.preferred_on_3) if d]
