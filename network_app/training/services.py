"""Training requests from the public form and the app, their confirmation, the leader's queue,
scheduling, holding and cancelling a training, and the mails these send through the outbox.

Plain functions of model objects and values: they flush, raise the errors below and leave the
commit to the view. Every mail goes through notifications.enqueue in the caller's transaction.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from network_app.extensions import db
from network_app.meetings.timing import zone_of
from network_app.notifications import links
from network_app.notifications import services as outbox
from network_app.notifications.models import MessageKind
from network_app.register import services as register_services
from network_app.training import ics
from network_app.training.models import (
    MAX_PARTICIPANTS,
    RequestChannel,
    TrainingRequest,
    TrainingStatus,
)

ZONE = zone_of("Europe/Stockholm")


class TrainingError(ValueError):
    """A refusal the view shows on the form; `field` names the field it belongs to, if any."""

    field = None

    def __init__(self, message, field=None):
        super().__init__(message)
        if field is not None:
            self.field = field


class UnknownOrganisation(TrainingError):
    field = "register_code"


class DateInPast(TrainingError):
    pass


class ParticipantsOutOfRange(TrainingError):
    pass


class WrongStatus(TrainingError):
    """The training is not in a status that allows this (e.g. scheduling a cancelled one)."""


class LinkUnknown(TrainingError):
    pass


class LinkUsed(TrainingError):
    pass


class LinkExpired(TrainingError):
    pass


# Register entries


def register_entry(code):
    """The register's entry for the code, or UnknownOrganisation."""
    entry = register_services.get_entry((code or "").strip())
    if entry is None:
        raise UnknownOrganisation("unknown register code")
    return entry


def entry_of_organisation(organisation):
    """The register entry of an organisation of the app, or None where it has none yet."""
    return organisation.register_entry


def entry_choices():
    """Every municipality and region, by name (the form's choices)."""
    return register_services.entries()


# Requests


@dataclass
class RequestValues:
    register_code: str
    length: str
    delivery: str
    assembly: str
    preferred_on: date
    expected_participants: int
    contact_name: str
    contact_email: str
    contact_phone: str = ""
    wants_test_session: bool = False
    preferred_on_2: date | None = None
    preferred_on_3: date | None = None


def local_today(now):
    return now.astimezone(ZONE).date()


def refusals(values, *, now):
    """Every refusal of the values at once, as TrainingErrors (empty when they may be stored)."""
    found = []
    if register_services.get_entry(values.register_code or "") is None:
        found.append(UnknownOrganisation("unknown"))
    today = local_today(now)
    for name in ("preferred_on", "preferred_on_2", "preferred_on_3"):
        day = getattr(values, name)
        if day is not None and day <= today:
            found.append(DateInPast("past", field=name))
    count = values.expected_participants
    if count is None or not 1 <= count <= MAX_PARTICIPANTS:
        found.append(ParticipantsOutOfRange("range", field="expected_participants"))
    return found


def _new_request(values, *, channel, now, language, by=None):
    problems = refusals(values, now=now)
    if problems:
        raise problems[0]
    request = TrainingRequest(
        register_code=values.register_code,
        status=TrainingStatus.REQUESTED,
        channel=channel,
        length=values.length,
        delivery=values.delivery,
        assembly=values.assembly,
        preferred_on=values.preferred_on,
        preferred_on_2=values.preferred_on_2,
        preferred_on_3=values.preferred_on_3,
        expected_participants=values.expected_participants,
        wants_test_session=bool(values.wants_test_session),
        contact_name=values.contact_name,
        contact_email=values.contact_email,
        contact_phone=values.contact_phone or None,
        requested_by=by,
        language=language,
        requested_at=now,
        created_at=now,
        updated_at=now,
    )
    db.session.add(request)
    db.session.flush()
    return request


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def request_from_public_form(values, *, now, valid_for, language):
    """A request from the public form: stored unconfirmed, with a one-time link mailed to the
    contact person. It enters the leader's queue only once confirmed."""
    request = _new_request(values, channel=RequestChannel.PUBLIC_FORM, now=now, language=language)
    token = secrets.token_urlsafe(32)
    request.confirmation_hash = _hash(token)
    request.confirmation_expires_at = now + valid_for
    entry = register_entry(request.register_code)
    outbox.enqueue(
        MessageKind.TRAINING_CONFIRM_REQUEST,
        to=request.contact_email,
        now=now,
        language=language,
        context={
            "name": request.contact_name,
            "organisation": entry.long_name,
            "link": links.absolute_url("training.confirm", token=token),
            "expires_at": request.confirmation_expires_at,
        },
        dedupe_key=f"training-confirm:{request.id}",
    )
    db.session.flush()
    return request, token


def request_in_app(values, *, now, by, language="sv"):
    """A request by a signed-in participant for their organisation, or by the leader: it counts
    at once (the account is the confirmation)."""
    request = _new_request(values, channel=RequestChannel.APP, now=now, by=by, language=language)
    request.confirmed_at = now
    db.session.flush()
    return request


def find_by_confirmation(token, *, now):
    """The request the link confirms; LinkUnknown, LinkUsed or LinkExpired otherwise."""
    request = db.session.scalar(
        sa.select(TrainingRequest).where(TrainingRequest.confirmation_hash == _hash(token or ""))
    )
    if request is None:
        raise LinkUnknown("unknown")
    if request.confirmed_at is not None:
        raise LinkUsed("used")
    if request.confirmation_expires_at <= now:
        raise LinkExpired("expired")
    return request


def confirm(token, *, now):
    request = find_by_confirmation(token, now=now)
    request.confirmed_at = now
    request.updated_at = now
    db.session.flush()
    return request


# Scheduling, holding, cancelling


@dataclass
class ScheduleValues:
    starts_at: datetime
    ends_at: datetime
    trainer: str
    place: str = ""
    online_url: str = ""
    test_starts_at: datetime | None = None
    test_ends_at: datetime | None = None


def schedule_refusals(request, values, *, now):
    found = []
    if request.status not in (TrainingStatus.REQUESTED, TrainingStatus.SCHEDULED):
        found.append(WrongStatus("status"))
    elif not request.is_confirmed:
        found.append(WrongStatus("unconfirmed"))
    if values.starts_at is not None and values.starts_at <= now:
        found.append(DateInPast("past", field="start_date"))
    if values.test_starts_at is not None and values.test_starts_at <= now:
        found.append(DateInPast("past", field="test_date"))
    return found


def schedule(request, values, *, now, texts):
    """Book the training (or move a booked one) and mail the contact person the confirmation
    with the .ics; a move raises SEQUENCE so that the calendar updates its event."""
    problems = schedule_refusals(request, values, now=now)
    if problems:
        raise problems[0]
    moving = request.status == TrainingStatus.SCHEDULED
    request.starts_at, request.ends_at = values.starts_at, values.ends_at
    request.training_on = values.starts_at.astimezone(ZONE).date()
    request.trainer = values.trainer
    request.place = values.place or None
    request.online_url = values.online_url or None
    request.test_starts_at, request.test_ends_at = values.test_starts_at, values.test_ends_at
    request.status = TrainingStatus.SCHEDULED
    request.scheduled_at = request.scheduled_at or now
    if moving:
        request.sequence += 1
    request.updated_at = now
    db.session.flush()
    _mail(request, MessageKind.TRAINING_SCHEDULED, now=now, texts=texts)
    return request


def mark_held(request, participants, *, now):
    if request.status != TrainingStatus.SCHEDULED:
        raise WrongStatus("status")
    if request.starts_at > now:
        raise WrongStatus("not yet", field="participants")
    if participants is None or not 1 <= participants <= MAX_PARTICIPANTS:
        raise ParticipantsOutOfRange("range", field="participants")
    request.status = TrainingStatus.HELD
    request.participants = participants
    request.held_at = now
    request.updated_at = now
    db.session.flush()
    return request


def cancel(request, *, now, texts):
    """Cancel a request or a booked training. A booked one mails the contact person an updated
    .ics (STATUS:CANCELLED, SEQUENCE raised) so that their calendar drops the event."""
    if not request.is_open:
        raise WrongStatus("status")
    was_scheduled = request.status == TrainingStatus.SCHEDULED
    request.status = TrainingStatus.CANCELLED
    request.cancelled_at = now
    request.sequence += 1
    request.updated_at = now
    db.session.flush()
    if was_scheduled:
        _mail(request, MessageKind.TRAINING_CANCELLED, now=now, texts=texts)
    return request


def _mail(request, kind, *, now, texts):
    """The mail to the contact person in the language they asked in; `texts` are the calendar
    file's words in that language (the caller translates them)."""
    if not request.contact_email:
        return None
    entry = register_entry(request.register_code)
    data = ics.training_to_ics(request, organisation=entry.long_name, texts=texts)
    return outbox.enqueue(
        kind,
        to=request.contact_email,
        now=now,
        language=request.language,
        context={
            "name": request.contact_name,
            "organisation": entry.long_name,
            "training": request,
        },
        attachments=[
            outbox.Attachment(f"utbildning-{request.id}.ics", "text/calendar; method=PUBLISH", data)
        ],
        dedupe_key=f"training:{request.id}:{kind.value}:{request.sequence}",
    )
