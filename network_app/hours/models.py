"""Entries of the group's work at home, with the members present and a history of changes."""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from network_app.db_types import UTCDateTime, enum_column_type, utcnow
from network_app.extensions import db

# Each enum's label, the text people read for it, is its .label (forms, pages and reports alike).


class ActivityKind(StrEnum):
    GROUP_MEETING = "group_meeting"
    RISK_ANALYSIS = "risk_analysis"
    WORKSHOP = "workshop"  # preparing or holding the local workshop
    ANCHORING = "anchoring"  # anchoring with elected officials
    DOCUMENTATION = "documentation"
    OTHER = "other"

    @property
    def label(self):
        return ACTIVITY_LABELS[self]


ACTIVITY_LABELS = {
    ActivityKind.GROUP_MEETING: _l("Gruppmöte"),
    ActivityKind.RISK_ANALYSIS: _l("Riskanalys av caset"),
    ActivityKind.WORKSHOP: _l("Förbereda eller hålla den lokala workshopen"),
    ActivityKind.ANCHORING: _l("Förankring hos förtroendevalda"),
    ActivityKind.DOCUMENTATION: _l("Dokumentation"),
    ActivityKind.OTHER: _l("Annat"),
}


hour_entry_members = sa.Table(
    "hour_entry_members",
    db.metadata,
    sa.Column(
        "hour_entry_id", sa.ForeignKey("hour_entries.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "group_member_id",
        sa.ForeignKey("group_members.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class HourEntry(db.Model):
    """One piece of the group's work at home. The duration is the group's meeting time."""

    __tablename__ = "hour_entries"
    __table_args__ = (
        sa.CheckConstraint("minutes > 0 AND minutes <= 720 AND minutes % 15 = 0", name="quarters"),
        # Covering: the sums of the progress and goals pages read the index alone, not the rows.
        sa.Index(
            "ix_hour_entries_participation_sums",
            "participation_id",
            "worked_on",
            "minutes",
            "people_present",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE")
    )
    worked_on: Mapped[date]
    minutes: Mapped[int]
    activity: Mapped[ActivityKind] = mapped_column(enum_column_type(ActivityKind))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    # How many group members took part, kept with the entry so person-hours sum in SQL.
    people_present: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    # The case the work was for, if any (cases package); kept when the case is deleted.
    case_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="SET NULL"), index=True
    )
    # The agreed assignment the work was for, if any (assignments package); kept when it goes.
    assignment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("assignments.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participation = relationship("Participation")
    members = relationship("GroupMember", secondary=hour_entry_members)
    case = relationship("Case")
    assignment = relationship("Assignment")


class ChangeAction(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"

    @property
    def label(self):
        return CHANGE_ACTION_LABELS[self]


def counts_toward_target():
    """The condition on entries that count in sums and pace: someone of the group was there (an
    entry with nobody present, possible before the form required a member, counts nowhere)."""
    return HourEntry.people_present > 0


class HourWeekTotal(db.Model):
    """An organisation's entries summed by week of its network, kept equal to a recount of the
    entries on every write (hours.totals), so that the progress pages, the goals page and the
    leader's overview read a row a week instead of every entry.

    A week with entries of which none counts (counts_toward_target) has a row for its latest
    change only: no day, no minutes."""

    __tablename__ = "hour_week_totals"
    # Covering: the overview sums each organisation's minutes and finds its last change from the
    # index alone.
    __table_args__ = (
        sa.Index("ix_hour_week_totals_activity", "participation_id", "changed_at", "minutes"),
    )

    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), primary_key=True
    )
    week: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # 0: the first 7 days
    # The last day of the week with an entry that counts; the counted minutes and person-minutes.
    worked_on: Mapped[date | None]
    minutes: Mapped[int] = mapped_column(default=0)
    person_minutes: Mapped[int] = mapped_column(default=0)
    # The latest updated_at of the week's entries, counted or not (the overview's last activity).
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)


# What the history says someone did to an entry.
CHANGE_ACTION_LABELS = {
    ChangeAction.CREATED: _l("Lade till"),
    ChangeAction.UPDATED: _l("Ändrade"),
    ChangeAction.DELETED: _l("Tog bort"),
}


class HourEntryChange(db.Model):
    """One change of an entry: who made it, when, and each field's value before and after.

    The entry id is kept without a foreign key, so that the history of a deleted entry survives.
    """

    __tablename__ = "hour_entry_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    hour_entry_id: Mapped[int] = mapped_column(index=True)
    action: Mapped[ChangeAction] = mapped_column(enum_column_type(ChangeAction))
    # {field: [before, after]} with plain JSON values (dates as ISO text, members as names).
    changes: Mapped[dict] = mapped_column(sa.JSON)
    changed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    changed_by = relationship("User")
