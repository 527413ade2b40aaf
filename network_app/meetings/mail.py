"""Mail about meetings, written to the outbox in the transaction of what causes it.

- registration received: to the member whose answer was saved (services.register), with the
  meeting's .ics when they come;
- moved or cancelled: to the members registered as coming, with the updated .ics (SEQUENCE
  raised; METHOD:CANCEL and STATUS:CANCELLED for a cancellation), from services.update_meeting;
- reminders 7 days and 1 day before: `flask send-reminders` (due_reminders), by the network's
  local date;
- the registration deadline 3 days and 1 day away: `flask send-reminders`
  (deadline_approaching), to the contact persons of each invited group that has not answered.

Each message has a dedupe key, so an event or a run repeated writes it once. A message holds
the meeting (time, place, link) and the recipient's own name, answer or group: nobody else's.
"""

from datetime import UTC, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from network_app.extensions import db
from network_app.i18n import recipient_language
from network_app.meetings import ics
from network_app.meetings.models import (
    Meeting,
    MeetingKind,
    MeetingStatus,
    Registration,
    RegistrationResponse,
)
from network_app.meetings.timing import zone_of
from network_app.networks.models import (
    GroupMember,
    Network,
    Organisation,
    Participation,
    ParticipationStatus,
    Person,
)
from network_app.notifications import links
from network_app.notifications import services as outbox
from network_app.notifications.mime import sender_address
from network_app.notifications.models import MessageKind

REMINDER_DAYS = {7: MessageKind.REMINDER_7_DAYS, 1: MessageKind.REMINDER_1_DAY}
# Days before a meeting's last day of registration (the network's local date) on which the
# contact persons of a group that has not answered are told.
DEADLINE_DAYS = (3, 1)


def _ics_texts(language):
    with recipient_language(language):
        return ics.Texts(
            numbered=_("Arbetsmöte %(number)d: %(title)s"),
            day_of=_("%(title)s (dag %(day)d av %(days)d)"),
            cancelled=_("INSTÄLLT: %(title)s"),
            cancelled_note=_("Mötet är inställt."),
            online=_("Digitalt möte: %(url)s"),
            more=_("Mer information: %(url)s"),
        )


def _number(meeting):
    from network_app.meetings.services import meeting_number

    return meeting_number(meeting)


def _send(kind, meeting, person, *, now, dedupe_key, method=None, template=None, extra=None):
    """One message about `meeting` to `person`, with the .ics when `method` is given."""
    if not person.email:
        return None
    language = outbox.language_for(person=person)
    zone_name = meeting.network.time_zone
    url = links.absolute_url("meetings.meeting", meeting_id=meeting.id)
    number = _number(meeting)
    attachments = []
    if method is not None:
        organizer = sender_address(current_app.config["MAIL_SENDER"]).addr_spec
        data = ics.meeting_mail_ics(
            meeting,
            method=method,
            organizer=organizer,
            attendee=person.email,
            zone_name=zone_name,
            url=url,
            number=number,
            texts=_ics_texts(language),
        )
        attachments.append(
            outbox.Attachment(f"mote-{meeting.id}.ics", ics.mail_mimetype(method), data)
        )
    return outbox.enqueue(
        kind,
        to=person.email,
        now=now,
        person=person,
        language=language,
        template=template,
        context={
            "name": person.name,
            "meeting": meeting,
            "number": number,
            "zone": zone_name,
            "url": url,
            **(extra or {}),
        },
        attachments=attachments,
        dedupe_key=dedupe_key,
    )


def registration_received(meeting, registration, member, *, now):
    """The member's answer is saved: told once per answer (a changed answer is told again)."""
    attending = registration.response == RegistrationResponse.ATTENDING
    return _send(
        MessageKind.REGISTRATION_RECEIVED,
        meeting,
        member.person,
        now=now,
        method="REQUEST" if attending else None,
        extra={"attending": attending},
        dedupe_key=(
            f"registration:{meeting.id}:{member.id}:{registration.response.value}"
            f":{meeting.sequence or 0}"
        ),
    )


def _coming(meeting):
    """The people registered as coming to the meeting."""
    return db.session.scalars(
        sa.select(Person)
        .join(GroupMember, GroupMember.person_id == Person.id)
        .join(Registration, Registration.group_member_id == GroupMember.id)
        .where(
            Registration.meeting_id == meeting.id,
            Registration.response == RegistrationResponse.ATTENDING,
        )
        .order_by(Person.id)
    ).all()


def meeting_changed(meeting, *, moved, cancelled, now):
    """After update_meeting: tell those coming that the meeting moved (its time, place or link;
    or a cancelled meeting taken up again) or was cancelled. Nothing for a meeting already
    over. The key holds the SEQUENCE the change raised: each change is told once."""
    if meeting.ends_at <= now or not (moved or cancelled):
        return []
    sent = []
    for person in _coming(meeting):
        if cancelled:
            message = _send(
                MessageKind.MEETING_CANCELLED,
                meeting,
                person,
                now=now,
                method="CANCEL",
                dedupe_key=f"meeting-cancelled:{meeting.id}:{meeting.sequence}:{person.id}",
            )
        else:
            message = _send(
                MessageKind.MEETING_MOVED,
                meeting,
                person,
                now=now,
                method="REQUEST",
                dedupe_key=f"meeting-moved:{meeting.id}:{meeting.sequence}:{person.id}",
            )
        sent.append(message)
    return [message for message in sent if message is not None]


def due_reminders(now):
    """Reminders for meetings 7 days and 1 day ahead by each network's local date, to those
    registered as coming; returns how many were written (a second run the same day writes
    none). Meetings starting within 8 days are read in one query."""
    rows = db.session.execute(
        sa.select(Meeting, Person, Network.time_zone)
        .join(Network, Network.id == Meeting.network_id)
        .join(Registration, Registration.meeting_id == Meeting.id)
        .join(GroupMember, GroupMember.id == Registration.group_member_id)
        .join(Person, Person.id == GroupMember.person_id)
        .where(
            Meeting.status != MeetingStatus.CANCELLED,
            Meeting.starts_at > now,
            Meeting.starts_at < now + timedelta(days=9),
            Registration.response == RegistrationResponse.ATTENDING,
        )
        .order_by(Meeting.starts_at, Meeting.id, Person.id)
    ).all()
    written = 0
    for meeting, person, zone_name in rows:
        zone = zone_of(zone_name)
        days = (meeting.starts_at.astimezone(zone).date() - now.astimezone(zone).date()).days
        kind = REMINDER_DAYS.get(days)
        if kind is None:
            continue
        message = _send(
            kind,
            meeting,
            person,
            now=now,
            template="meeting_reminder",
            extra={"days": days},
            dedupe_key=f"reminder-{days}:{meeting.id}:{person.id}",
        )
        written += message is not None
    return written


def _meetings_near_deadline(now):
    """meeting id -> (meeting, days until its registration deadline) for the meetings still
    ahead, not cancelled, in an open network, whose deadline is one of DEADLINE_DAYS away by
    the network's local date; in one query."""
    # Every zone's date is within a day of UTC's: SQL narrows, the local date decides below.
    utc_today = now.astimezone(UTC).date()
    rows = db.session.execute(
        sa.select(Meeting, Network.time_zone)
        .join(Network, Network.id == Meeting.network_id)
        .where(
            Network.closed_at.is_(None),
            Meeting.status != MeetingStatus.CANCELLED,
            Meeting.starts_at > now,
            Meeting.registration_closes_on.between(
                utc_today + timedelta(days=min(DEADLINE_DAYS) - 1),
                utc_today + timedelta(days=max(DEADLINE_DAYS) + 1),
            ),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    due = {}
    for meeting, zone_name in rows:
        today = now.astimezone(zone_of(zone_name)).date()
        days = (meeting.registration_closes_on - today).days
        if days in DEADLINE_DAYS:
            due[meeting.id] = (meeting, days)
    return due


def _unanswered_contacts(meeting_ids):
    """(meeting id, participation id, organisation name, contact person) for each accepted group
    invited to one of the meetings (services.is_invited) of which no member has answered,
    coming or not; in one query whatever the number of groups. A joint participation is one
    group: its contact persons, whichever organisation they belong to."""
    invited = sa.and_(
        Participation.status == ParticipationStatus.ACCEPTED,
        sa.or_(
            sa.and_(
                Meeting.kind != MeetingKind.WORKSHOP,
                Participation.network_id == Meeting.network_id,
            ),
            sa.and_(
                Meeting.kind == MeetingKind.WORKSHOP,
                Participation.id == Meeting.host_participation_id,
            ),
        ),
    )
    answered = (
        sa.select(Registration.id)
        .join(GroupMember, GroupMember.id == Registration.group_member_id)
        .where(
            Registration.meeting_id == Meeting.id,
            GroupMember.participation_id == Participation.id,
        )
        .exists()
    )
    return db.session.execute(
        sa.select(Meeting.id, Participation.id, Organisation.name, Person)
        .select_from(Meeting)
        .join(Participation, invited)
        .join(Organisation, Organisation.id == Participation.organisation_id)
        .join(
            GroupMember,
            sa.and_(GroupMember.participation_id == Participation.id, GroupMember.is_contact),
        )
        .join(Person, Person.id == GroupMember.person_id)
        .where(Meeting.id.in_(meeting_ids), ~answered)
        .order_by(Meeting.id, Participation.id, Person.id)
    ).all()


def deadline_approaching(now):
    """The registration deadline of a meeting is 3 days or 1 day away (the network's local
    date) and a group invited to it has not answered: its contact persons are told, with a link
    to the group's registration. Returns how many messages were written; the key holds the
    meeting, group, person, step and deadline, so a second run writes none (a deadline moved
    later is told again). The candidates are read in two queries."""
    due = _meetings_near_deadline(now)
    if not due:
        return 0
    written = 0
    for meeting_id, participation_id, organisation, person in _unanswered_contacts(list(due)):
        meeting, days = due[meeting_id]
        message = _send(
            MessageKind.DEADLINE_APPROACHING,
            meeting,
            person,
            now=now,
            extra={
                "days": days,
                "deadline": meeting.registration_closes_on.isoformat(),
                "organisation": organisation,
                "registration_url": links.absolute_url(
                    "registrations.register_group",
                    meeting_id=meeting.id,
                    participation_id=participation_id,
                ),
            },
            dedupe_key=(
                f"deadline-{days}:{meeting.id}:{participation_id}:{person.id}"
                f":{meeting.registration_closes_on.isoformat()}"
            ),
        )
        written += message is not None
    return written
