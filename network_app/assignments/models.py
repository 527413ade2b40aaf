"""The assignments agreed at a meeting: what a group takes on until the next one, and its status.

Seed 001: the 30-40 hours are spent on "de överenskomna uppdragen mellan arbetsmötena".
"""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network_app.db_types import UTCDateTime, enum_column_type, utcnow
from network_app.extensions import db

TITLE_MAX = 200
DESCRIPTION_MAX = 2000
REPORT_MAX = 1000


class AssignmentStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self):
        return STATUS_LABELS[self]


STATUS_LABELS = {
    AssignmentStatus.NOT_STARTED: _l("Inte påbörjat"),
    AssignmentStatus.IN_PROGRESS: _l("Pågår"),
    AssignmentStatus.DONE: _l("Klart"),
}


class Assignment(db.Model):
    """One group's assignment. "Every group at once" stores one row per group, so each group
    reports its own status."""

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        sa.ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # The meeting it was agreed at, and the meeting it is due at (or a date instead).
    agreed_at_meeting_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    due_meeting_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    due_on: Mapped[date | None]
    status: Mapped[AssignmentStatus] = mapped_column(
        enum_column_type(AssignmentStatus), default=AssignmentStatus.NOT_STARTED
    )
    report: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participation = relationship("Participation")
    agreed_at_meeting = relationship("Meeting", foreign_keys=[agreed_at_meeting_id])
    due_meeting = relationship("Meeting", foreign_keys=[due_meeting_id])
