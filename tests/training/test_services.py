"""The training services: requests and their refusals, the confirmation link, the queue's order,
scheduling, holding and cancelling, and the mails these write."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from network_app.extensions import db
from network_app.networks.models import ParticipationStatus
from network_app.notifications.models import MessageKind, OutboxMessage
from network_app.training import queries, services
from network_app.training.ics import Texts
from network_app.training.models import TrainingRequest, TrainingStatus
from tests import factories
from tests.training.helpers import (
    BODEN,
    EMMABODA,
    MALMO,
    NACKA,
    NOW,
    VGR,
    make_request,
    schedule_values,
    values,
)

pytestmark = pytest.mark.usefixtures("register_loaded")
VALID_FOR = timedelta(days=3)


def _count():
    return db.session.scalar(sa.select(sa.func.count()).select_from(TrainingRequest))


def _messages(kind):
    return db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == kind)).all()


def test_public_request_is_stored_unconfirmed_and_mails_a_confirmation_link():
    request, token = services.request_from_public_form(
        values(), now=NOW, valid_for=VALID_FOR, language="sv"
    )
    assert request.status == TrainingStatus.REQUESTED and not request.is_confirmed
    assert request.confirmation_hash != token  # only the hash is kept
    [mail] = _messages(MessageKind.TRAINING_CONFIRM_REQUEST)
    assert mail.recipient_address == "kim.kontakt@kommun.example"
    assert f"/training/confirm/{token}" in mail.text_body
    assert "Malmö stad" in mail.text_body
    assert queries.queue() == []  # not in the queue until confirmed


@pytest.mark.parametrize(
    ("overrides", "refusal"),
    [
        ({"register_code": "9999"}, services.UnknownOrganisation),
        ({"register_code": "Malmö"}, services.UnknownOrganisation),
        ({"preferred_on": date(2027, 1, 31)}, services.DateInPast),
        ({"preferred_on": date(2027, 2, 1)}, services.DateInPast),  # today is not ahead
        ({"preferred_on_2": date(2026, 12, 24)}, services.DateInPast),
        ({"expected_participants": 0}, services.ParticipantsOutOfRange),
        ({"expected_participants": -5}, services.ParticipantsOutOfRange),
        ({"expected_participants": 100_000}, services.ParticipantsOutOfRange),
    ],
)
def test_refused_requests_store_nothing_and_mail_nothing(overrides, refusal):
    with pytest.raises(refusal):
        services.request_from_public_form(
            values(**overrides), now=NOW, valid_for=VALID_FOR, language="sv"
        )
    assert _count() == 0
    assert _messages(MessageKind.TRAINING_CONFIRM_REQUEST) == []


def test_refusals_lists_every_problem_at_once():
    found = services.refusals(
        values(register_code="0000", preferred_on=date(2020, 1, 1), expected_participants=0),
        now=NOW,
    )
    assert {type(p) for p in found} == {
        services.UnknownOrganisation,
        services.DateInPast,
        services.ParticipantsOutOfRange,
    }


def test_the_confirmation_link_confirms_once():
    request, token = services.request_from_public_form(
        values(), now=NOW, valid_for=VALID_FOR, language="sv"
    )
    services.confirm(token, now=NOW + timedelta(hours=1))
    assert request.confirmed_at == NOW + timedelta(hours=1)
    assert [item.request for item in queries.queue()] == [request]
    with pytest.raises(services.LinkUsed):
        services.confirm(token, now=NOW + timedelta(hours=2))


def test_an_expired_or_unknown_link_confirms_nothing():
    request, token = services.request_from_public_form(
        values(), now=NOW, valid_for=VALID_FOR, language="sv"
    )
    with pytest.raises(services.LinkExpired):
        services.confirm(token, now=NOW + VALID_FOR)
    with pytest.raises(services.LinkUnknown):
        services.confirm(token[:-2] + "xx", now=NOW)
    with pytest.raises(services.LinkUnknown):
        services.confirm("", now=NOW)
    assert request.confirmed_at is None


def test_a_request_in_the_app_counts_at_once():
    leader = factories.make_user(factories.Role.LEADER, email="lea@skr.example")
    request = services.request_in_app(values(register_code=VGR), now=NOW, by=leader)
    assert request.is_confirmed and request.requested_by == leader
    assert _messages(MessageKind.TRAINING_CONFIRM_REQUEST) == []


def test_queue_puts_those_never_trained_first_then_by_request_date():
    day = timedelta(days=1)
    # Malmö has had a training (held): it asked first, but comes after those never trained.
    make_request(MALMO, status=TrainingStatus.HELD, requested_at=NOW - 400 * day)
    malmo_again = make_request(MALMO, requested_at=NOW - 30 * day)
    # Boden's only training was cancelled: it has not taken part, so it is not put back.
    make_request(BODEN, status=TrainingStatus.CANCELLED, requested_at=NOW - 200 * day)
    boden = make_request(BODEN, requested_at=NOW - 5 * day)
    # Nacka takes part in a network: that is not the training, so Nacka is not put back.
    network = factories.make_network()
    factories.make_participation(
        network, factories.make_organisation("Nacka kommun"), ParticipationStatus.ACCEPTED
    ).organisation.register_code = NACKA
    nacka = make_request(NACKA, requested_at=NOW - 10 * day)
    vgr = make_request(VGR, requested_at=NOW - 1 * day)
    # Not in the queue: unconfirmed, booked, cancelled.
    make_request(EMMABODA, requested_at=NOW - 50 * day, confirmed=False)
    make_request(EMMABODA, requested_at=NOW - 40 * day, status=TrainingStatus.SCHEDULED)
    make_request(VGR, requested_at=NOW - 60 * day, status=TrainingStatus.CANCELLED)

    items = queries.queue()

    assert [item.request for item in items] == [nacka, boden, vgr, malmo_again]
    assert [item.trained_before for item in items] == [False, False, False, True]
    assert items[-1].last_trained_on == date(2027, 3, 15)


def test_queue_breaks_ties_of_the_same_moment_by_id():
    first = make_request(MALMO)
    second = make_request(BODEN)
    assert [item.request for item in queries.queue()] == [first, second]


def test_scheduling_books_the_training_and_mails_the_calendar_file():
    request = make_request(MALMO)
    services.schedule(request, schedule_values(), now=NOW, texts=Texts())
    assert request.status == TrainingStatus.SCHEDULED
    assert request.training_on == date(2027, 3, 15)
    assert request.sequence == 0
    [mail] = _messages(MessageKind.TRAINING_SCHEDULED)
    assert mail.recipient_address == "kim.kontakt@kommun.example"
    assert "2027-03-15 13:30" in mail.text_body  # Swedish time
    [attachment] = mail.attachments
    assert attachment.mimetype == "text/calendar; method=PUBLISH"
    assert b"UID:training-%d@natverk.skr.se" % request.id in attachment.content


def test_moving_a_booked_training_raises_its_sequence_and_mails_again():
    request = make_request(MALMO)
    services.schedule(request, schedule_values(), now=NOW, texts=Texts())
    services.schedule(
        request, schedule_values(date(2027, 3, 22)), now=NOW + timedelta(hours=1), texts=Texts()
    )
    assert request.sequence == 1
    assert len(_messages(MessageKind.TRAINING_SCHEDULED)) == 2


@pytest.mark.parametrize(
    "status", [TrainingStatus.CANCELLED, TrainingStatus.HELD], ids=["cancelled", "held"]
)
def test_a_cancelled_or_held_training_cannot_be_scheduled(status):
    request = make_request(MALMO, status=status)
    with pytest.raises(services.WrongStatus):
        services.schedule(request, schedule_values(), now=NOW, texts=Texts())
    assert request.status == status
    assert _messages(MessageKind.TRAINING_SCHEDULED) == []


def test_an_unconfirmed_request_cannot_be_scheduled():
    request = make_request(MALMO, confirmed=False)
    with pytest.raises(services.WrongStatus):
        services.schedule(request, schedule_values(), now=NOW, texts=Texts())


def test_a_training_cannot_be_booked_in_the_past():
    request = make_request(MALMO)
    with pytest.raises(services.DateInPast):
        services.schedule(request, schedule_values(date(2027, 1, 20)), now=NOW, texts=Texts())
    assert request.status == TrainingStatus.REQUESTED


def test_holding_records_the_participants():
    request = make_request(MALMO, status=TrainingStatus.SCHEDULED)
    after = request.ends_at + timedelta(hours=1)
    services.mark_held(request, 48, now=after)
    assert (request.status, request.participants) == (TrainingStatus.HELD, 48)


@pytest.mark.parametrize("participants", [0, -1, 501, None])
def test_holding_refuses_absurd_participants(participants):
    request = make_request(MALMO, status=TrainingStatus.SCHEDULED)
    with pytest.raises(services.ParticipantsOutOfRange):
        services.mark_held(request, participants, now=request.ends_at)
    assert request.status == TrainingStatus.SCHEDULED


def test_a_training_is_not_held_before_it_starts_nor_when_only_requested():
    booked = make_request(MALMO, status=TrainingStatus.SCHEDULED)
    with pytest.raises(services.WrongStatus):
        services.mark_held(booked, 20, now=booked.starts_at - timedelta(minutes=1))
    with pytest.raises(services.WrongStatus):
        services.mark_held(make_request(BODEN), 20, now=NOW)


def test_cancelling_a_booked_training_mails_a_cancelled_calendar_file():
    request = make_request(MALMO)
    services.schedule(request, schedule_values(), now=NOW, texts=Texts())
    services.cancel(request, now=NOW + timedelta(days=1), texts=Texts())
    assert request.status == TrainingStatus.CANCELLED and request.sequence == 1
    [mail] = _messages(MessageKind.TRAINING_CANCELLED)
    content = mail.attachments[0].content
    assert b"STATUS:CANCELLED" in content and b"SEQUENCE:1" in content


def test_cancelling_a_request_mails_no_calendar_file_and_a_closed_one_is_refused():
    request = make_request(MALMO)
    services.cancel(request, now=NOW, texts=Texts())
    assert _messages(MessageKind.TRAINING_CANCELLED) == []
    with pytest.raises(services.WrongStatus):
        services.cancel(request, now=NOW, texts=Texts())
    with pytest.raises(services.WrongStatus):
        services.cancel(make_request(BODEN, status=TrainingStatus.HELD), now=NOW, texts=Texts())


def test_trainings_of_an_organisation_follow_its_register_entry():
    organisation = factories.make_organisation("Malmö stad")
    organisation.register_code = MALMO
    unlinked = factories.make_organisation("Okänd kommun")
    held = make_request(MALMO, status=TrainingStatus.HELD, requested_at=NOW - timedelta(days=9))
    asked = make_request(MALMO)
    make_request(MALMO, confirmed=False)  # not confirmed: not part of its history
    make_request(BODEN)
    assert queries.trainings_of_organisation(organisation) == [asked, held]
    assert queries.trainings_of_organisation(unlinked) == []


def test_trained_codes_are_those_with_a_held_training():
    make_request(MALMO, status=TrainingStatus.HELD)
    make_request(BODEN, status=TrainingStatus.CANCELLED)
    make_request(NACKA, status=TrainingStatus.SCHEDULED)
    make_request(VGR)
    assert queries.trained_codes() == {MALMO}


def test_the_mailed_calendar_file_says_method_publish_in_its_mime_type_too():
    """A METHOD in the file that its MIME type does not repeat is what Outlook and Gmail trip on
    (a "not supported calendar message", or a cancellation that is shown but not applied)."""
    import email
    import email.policy

    from network_app.notifications.mime import build_email

    request = make_request(MALMO)
    services.schedule(request, schedule_values(), now=NOW, texts=Texts())
    [mail] = _messages(MessageKind.TRAINING_SCHEDULED)
    built = build_email(mail, mail.attachments, sender="SKR <natverk@skr.example>")
    parsed = email.message_from_bytes(bytes(built), policy=email.policy.default)
    [part] = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "PUBLISH" and part.get_filename().endswith(".ics")
    assert b"METHOD:PUBLISH" in part.get_payload(decode=True)


def test_the_html_mail_escapes_what_the_leader_typed():
    request = make_request(MALMO)
    values = schedule_values()
    values.place = "<b>Stadshuset</b> & salen"
    services.schedule(request, values, now=NOW, texts=Texts())
    [mail] = _messages(MessageKind.TRAINING_SCHEDULED)
    assert "&lt;b&gt;Stadshuset&lt;/b&gt; &amp; salen" in mail.html_body
    assert "<b>Stadshuset</b> & salen" in mail.text_body
