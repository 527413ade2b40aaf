"""The outbox (one row per message, with its attachments) and each account's mail preferences."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network_app.db_types import UTCDateTime, enum_column_type, utcnow
from network_app.extensions import db


class MessageKind(StrEnum):
    INVITATION = "invitation"
    REGISTRATION_RECEIVED = "registration_received"
    REMINDER_7_DAYS = "reminder_7_days"
    REMINDER_1_DAY = "reminder_1_day"
    MEETING_MOVED = "meeting_moved"
    MEETING_CANCELLED = "meeting_cancelled"
    BEHIND_PACE = "behind_pace"
    APPROVAL_REQUESTED = "approval_requested"
    NEW_COMMENT = "new_comment"
    DEADLINE_APPROACHING = "deadline_approaching"
    TRAINING_CONFIRM_REQUEST = "training_confirm_request"
    TRAINING_SCHEDULED = "training_scheduled"
    TRAINING_CANCELLED = "training_cancelled"
    GENERIC = "generic"  # any subject and text: tests, and a message written by hand
    # Recruitment (network_app/recruitment): to organisations and applicants, not accounts.
    RECRUITMENT_INVITATION = "recruitment_invitation"
    APPLICATION_CONFIRMATION = "application_confirmation"
    APPLICATION_DECISION = "application_decision"


# Kinds a person may turn off (they carry List-Unsubscribe). The others tell of something the
# person cannot learn otherwise in time: an account to activate, a meeting moved or cancelled.
OPTIONAL_KINDS = frozenset(
    {
        MessageKind.REGISTRATION_RECEIVED,
        MessageKind.REMINDER_7_DAYS,
        MessageKind.REMINDER_1_DAY,
        MessageKind.BEHIND_PACE,
        MessageKind.APPROVAL_REQUESTED,
        MessageKind.NEW_COMMENT,
        MessageKind.DEADLINE_APPROACHING,
    }
)


class MessageStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(db.Model):
    """A message as it will go out: rendered when written, so a retry sends the same bytes."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        # The sender's query: due queued messages, and claims that have expired.
        sa.Index("ix_outbox_messages_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MessageKind] = mapped_column(enum_column_type(MessageKind, length=30))
    recipient_address: Mapped[str] = mapped_column(sa.String(254))
    # The account or person the message is for, where there is one: their mail is part of
    # their personal data (an access request lists it; deleting them deletes it).
    recipient_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    recipient_person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(sa.String(5))
    subject: Mapped[str] = mapped_column(sa.String(300))
    text_body: Mapped[str] = mapped_column(sa.Text)
    html_body: Mapped[str] = mapped_column(sa.Text)
    unsubscribe_url: Mapped[str | None] = mapped_column(sa.String(500))
    message_id: Mapped[str] = mapped_column(sa.String(250), unique=True)
    # Set by events that may fire twice (a reminder run run again): the second is not written.
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(200), unique=True)
    status: Mapped[MessageStatus] = mapped_column(
        enum_column_type(MessageStatus), default=MessageStatus.QUEUED
    )
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim_token: Mapped[str | None] = mapped_column(sa.String(32), index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A short kind ("smtp 550", "ConnectionRefusedError"), never the server's text, which may
    # repeat the recipient's address.
    last_error: Mapped[str | None] = mapped_column(sa.String(100))

    attachments: Mapped[list["OutboxAttachment"]] = relationship(
        back_populates="message",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="OutboxAttachment.id",
    )

    @property
    def optional(self):
        return self.kind in OPTIONAL_KINDS


class OutboxAttachment(db.Model):
    """A file sent with a message (a meeting's .ics). A table rather than a JSON column: the
    bytes stay bytes, the outbox page lists names without reading them, and the sender loads
    them only for the messages it sends."""

    __tablename__ = "outbox_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        sa.ForeignKey("outbox_messages.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(sa.String(200))
    mimetype: Mapped[str] = mapped_column(sa.String(100))
    content: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)

    message: Mapped[OutboxMessage] = relationship(back_populates="attachments")


class MailSettings(db.Model):
    """The language an account's mail is written in."""

    __tablename__ = "mail_settings"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(sa.String(5), default="sv")


class MailOptOut(db.Model):
    """A kind of optional message an account has turned off."""

    __tablename__ = "mail_opt_outs"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[MessageKind] = mapped_column(
        enum_column_type(MessageKind, length=30), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
