"""A network's meetings and who from each project group comes to them."""

from datetime import date, datetime, time
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from network_app.db_types import UTCDateTime, enum_column_type, utcnow
from network_app.extensions import db

# Each enum's label, the text people read for it, is its .label (forms, pages and reports alike).


class MeetingKind(StrEnum):
    NETWORK = "network"  # nätverksträff, on site
    DIGITAL = "digital"  # digital nätverksträff
    WORKSHOP = "workshop"  # lokal workshop at one participating organisation

    @property
    def label(self):
        return MEETING_KIND_LABELS[self]


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"

    @property
    def label(self):
        return MEETING_STATUS_LABELS[self]


class RegistrationResponse(StrEnum):
    ATTENDING = "attending"
    NOT_ATTENDING = "not_attending"

    @property
    def label(self):
        return RESPONSE_LABELS[self]


MEETING_KIND_LABELS = {
    MeetingKind.NETWORK: _l("Nätverksträff"),
    MeetingKind.DIGITAL: _l("Digital nätverksträff"),
    MeetingKind.WORKSHOP: _l("Lokal workshop"),
}
MEETING_STATUS_LABELS = {
    MeetingStatus.PLANNED: _l("Preliminärt"),
    MeetingStatus.CONFIRMED: _l("Bekräftat"),
    MeetingStatus.CANCELLED: _l("Inställt"),
}


class MaterialKind(StrEnum):
    AGENDA = "agenda"
    PRESENTATION = "presentation"
    MINUTES = "minutes"
    OTHER = "other"

    @property
    def label(self):
        return MATERIAL_KIND_LABELS[self]


MATERIAL_KIND_LABELS = {
    MaterialKind.AGENDA: _l("Dagordning"),
    MaterialKind.PRESENTATION: _l("Presentation"),
    MaterialKind.MINUTES: _l("Minnesanteckningar"),
    MaterialKind.OTHER: _l("Övrigt material"),
}
RESPONSE_LABELS = {
    RegistrationResponse.ATTENDING: _l("Kommer"),
    RegistrationResponse.NOT_ATTENDING: _l("Kommer inte"),
}


class Meeting(db.Model):
    __tablename__ = "meetings"
    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        sa.ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[MeetingKind] = mapped_column(enum_column_type(MeetingKind))
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(sa.String(500), default="")
    online_url: Mapped[str] = mapped_column(sa.String(1000), default="")
    agenda: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column_type(MeetingStatus), default=MeetingStatus.PLANNED
    )
    # The organisation that hosts a local workshop; None for network meetings.
    host_participation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    has_overnight_stay: Mapped[bool] = mapped_column(default=False)
    # The last day (in the network's zone) the groups answer; after it only the leader changes
    # answers. None: open until the meeting ends.
    registration_closes_on: Mapped[date | None]
    # An extra meeting (a check-in, say) outside the programme: no number, never in the goal.
    extra: Mapped[bool] = mapped_column(default=False)
    # A meeting over several days: when each day but the last ends, and each day but the first
    # starts, in the network's time zone. Calendars get one event per day with these hours.
    day_end_time: Mapped[time | None]
    day_start_time: Mapped[time | None]
    # Raised on every change of time, place or status, so that calendar clients update the event.
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Moves on every UPDATE, whichever code makes it: calendars are validated by it.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    # Read with the meeting where a page shows its number (meetings.services.meeting_with_network):
    # how many numbered meetings of the network come before it. Not a column; None unless asked.
    numbered_before: Mapped[int | None] = query_expression()
    # Likewise the number of evaluation answers (the leader's line on the meeting page).
    evaluation_answers: Mapped[int | None] = query_expression()

    network = relationship("Network")
    host_participation = relationship("Participation")
    registrations: Mapped[list["Registration"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )
    # Read-only, in the order the meeting page lists them (meetings.material owns the files);
    # joined to the meeting there instead of read by a statement of its own.
    materials: Mapped[list["MeetingMaterial"]] = relationship(
        viewonly=True,
        order_by=lambda: (
            _material_kind_order(),
            MeetingMaterial.uploaded_at,
            MeetingMaterial.id,
        ),
    )


def _material_kind_order():
    """The kinds as the page lists them (the enum's order: agenda, presentation, minutes,
    other), not alphabetically by their stored values."""
    return sa.case(
        {kind.value: rank for rank, kind in enumerate(MaterialKind)},
        value=MeetingMaterial.kind,
    )


class Registration(db.Model):
    """A group member's answer for one meeting, and afterwards whether they actually came."""

    __tablename__ = "registrations"
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "group_member_id"),
        # Covering: the overview and the goals page count each group's attended meetings from
        # the index alone, through the members; it also serves the member's foreign key.
        sa.Index(
            "ix_registrations_member_meeting_attended", "group_member_id", "meeting_id", "attended"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    group_member_id: Mapped[int] = mapped_column(
        sa.ForeignKey("group_members.id", ondelete="CASCADE")
    )
    response: Mapped[RegistrationResponse] = mapped_column(enum_column_type(RegistrationResponse))
    overnight_stay: Mapped[bool] = mapped_column(default=False)
    dietary_needs: Mapped[str] = mapped_column(sa.String(500), default="")
    # None until the leader records attendance after the meeting.
    attended: Mapped[bool | None]
    registered_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="registrations")
    group_member = relationship("GroupMember")


class CalendarFeed(db.Model):
    """A user's secret calendar subscription: the URL is an HMAC over the user id and this secret,
    so resetting the secret makes the old URL stop working at once."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    secret: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EvaluationMark(db.Model):
    """That a user has answered a meeting's evaluation, so that each answers once; nothing of
    what they answered, and no time (it would tie the mark to an answer)."""

    __tablename__ = "evaluation_marks"
    # SQLite: kept in key order, not in the order people answered (no rowid to line up).
    __table_args__ = {"sqlite_with_rowid": False}

    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class EvaluationAnswer(db.Model):
    """One participant's answer to a meeting's three questions, kept apart from who gave it: no
    user, no time, and a random key, so that neither a column nor the order of the keys leads
    back to a person."""

    __tablename__ = "evaluation_answers"
    __table_args__ = (
        sa.CheckConstraint("usefulness BETWEEN 1 AND 5", name="usefulness_in_range"),
        # SQLite: kept in the order of the random keys, not the order of answering.
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    usefulness: Mapped[int]
    most_valuable: Mapped[str] = mapped_column(sa.Text, default="")
    to_change: Mapped[str] = mapped_column(sa.Text, default="")


class MeetingMaterial(db.Model):
    """A file for a meeting (agenda, slides, minutes): its metadata here, its bytes on disk under
    MATERIAL_FOLDER by a random key (never the uploaded name)."""

    __tablename__ = "meeting_materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[MaterialKind] = mapped_column(enum_column_type(MaterialKind))
    # The name people see and download it as (the uploaded name, cleaned, with the extension of
    # what the file holds).
    filename: Mapped[str] = mapped_column(sa.String(200))
    file_type: Mapped[str] = mapped_column(sa.String(10))
    size: Mapped[int]
    storage_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting = relationship("Meeting")
