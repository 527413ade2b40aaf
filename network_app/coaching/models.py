"""Coaching notes and comment threads: the group's and SKR's only, never another organisation's
and never in an anonymised or published document."""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network_app.db_types import UTCDateTime, enum_column_type, utcnow
from network_app.extensions import db

TEXT_MAX = 4000
COMMENT_MAX = 2000
MAX_MINUTES = 8 * 60


class CoachingForm(StrEnum):
    PHONE = "phone"
    DIGITAL = "digital"
    ON_SITE = "on_site"

    @property
    def label(self):
        return FORM_LABELS[self]


FORM_LABELS = {
    CoachingForm.PHONE: _l("Telefon"),
    CoachingForm.DIGITAL: _l("Digitalt"),
    CoachingForm.ON_SITE: _l("På plats"),
}


class CommentTarget(StrEnum):
    CASE = "case"
    RISKS = "risks"  # the case's risk analysis
    CHECKLIST = "checklist"  # the organisation's system checklist

    @property
    def label(self):
        return TARGET_LABELS[self]


TARGET_LABELS = {
    CommentTarget.CASE: _l("Caset"),
    CommentTarget.RISKS: _l("Riskanalysen"),
    CommentTarget.CHECKLIST: _l("Checklistan för systemet"),
}


class CoachingNote(db.Model):
    """One coaching session with an organisation, logged by the coach or the leader."""

    __tablename__ = "coaching_notes"
    __table_args__ = (
        sa.CheckConstraint(f"minutes > 0 AND minutes <= {MAX_MINUTES}", name="minutes_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date]
    form: Mapped[CoachingForm] = mapped_column(enum_column_type(CoachingForm))
    minutes: Mapped[int]
    discussed: Mapped[str] = mapped_column(sa.Text)
    next_step: Mapped[str] = mapped_column(sa.Text, default="")
    coach_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participation = relationship("Participation")
    coach = relationship("User")


class Comment(db.Model):
    """One comment in the thread on a group's case, its risk analysis or its checklist."""

    __tablename__ = "comments"
    __table_args__ = (
        sa.Index("ix_comments_thread", "participation_id", "target", "case_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE")
    )
    target: Mapped[CommentTarget] = mapped_column(enum_column_type(CommentTarget))
    # The case of a CASE or RISKS thread; None for the checklist.
    case_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participation = relationship("Participation")
    author = relationship("User")
