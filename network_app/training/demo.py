"""Demo trainings: a year of the training offer at every status (requested, unconfirmed, booked,
held, cancelled), and a few held trainings each year since 2017 for the report. The
organisations are real register entries; the contact people are invented."""

import random
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from network_app.extensions import db
from network_app.register import services as register_services
from network_app.training.models import (
    Assembly,
    Delivery,
    RequestChannel,
    SeminarLength,
    TrainingRequest,
    TrainingStatus,
)
from network_app.training.services import ZONE

TRAINERS = ("Tova Utbildare", "Sam Seminarieledare")
CONTACTS = (
    "Alva Andersson",
    "Bo Berg",
    "Cilla Carlsson",
    "Dan Dahl",
    "Eva Ek",
    "Filip Fors",
    "Greta Gran",
    "Hugo Holm",
)
# This year's story, days relative to today: (code, status, days, participants, length, delivery)
# Negative days are in the past. Malmö and Boden ask again after a held training, so the queue
# shows them after those never trained.
THIS_YEAR = (
    ("1280", TrainingStatus.HELD, -320, 54, SeminarLength.SHORT, Delivery.ON_SITE),
    ("2582", TrainingStatus.HELD, -260, 31, SeminarLength.LONG, Delivery.ON_SITE),
    ("0862", TrainingStatus.HELD, -200, 27, SeminarLength.SHORT, Delivery.REMOTE),
    ("14", TrainingStatus.HELD, -150, 118, SeminarLength.SHORT, Delivery.ON_SITE),
    ("0182", TrainingStatus.HELD, -90, 44, SeminarLength.LONG, Delivery.REMOTE),
    ("2480", TrainingStatus.HELD, -40, 61, SeminarLength.LONG, Delivery.ON_SITE),
    ("0380", TrainingStatus.CANCELLED, -60, None, SeminarLength.SHORT, Delivery.ON_SITE),
    ("1880", TrainingStatus.CANCELLED, 20, None, SeminarLength.LONG, Delivery.REMOTE),
    ("0580", TrainingStatus.SCHEDULED, 12, None, SeminarLength.SHORT, Delivery.ON_SITE),
    ("2280", TrainingStatus.SCHEDULED, 33, None, SeminarLength.LONG, Delivery.REMOTE),
    ("10", TrainingStatus.SCHEDULED, 55, None, SeminarLength.SHORT, Delivery.REMOTE),
    ("1280", TrainingStatus.REQUESTED, -25, None, SeminarLength.LONG, Delivery.ON_SITE),
    ("1480", TrainingStatus.REQUESTED, -14, None, SeminarLength.SHORT, Delivery.ON_SITE),
    ("2582", TrainingStatus.REQUESTED, -9, None, SeminarLength.SHORT, Delivery.REMOTE),
    ("0680", TrainingStatus.REQUESTED, -4, None, SeminarLength.LONG, Delivery.REMOTE),
    ("13", TrainingStatus.REQUESTED, -2, None, SeminarLength.SHORT, Delivery.ON_SITE),
)
UNCONFIRMED = ("2084", -1)  # a public request waiting for its contact's confirmation


def _moment(day, clock):
    return datetime.combine(day, clock, tzinfo=ZONE).astimezone(UTC)


def _request(code, *, index, requested_at, length, delivery, preferred_on):
    name = CONTACTS[index % len(CONTACTS)]
    return TrainingRequest(
        register_code=code,
        status=TrainingStatus.REQUESTED,
        channel=RequestChannel.PUBLIC_FORM if index % 2 else RequestChannel.APP,
        length=length,
        delivery=delivery,
        assembly=(Assembly.COUNCIL, Assembly.BOARD, Assembly.BOTH)[index % 3],
        preferred_on=preferred_on,
        preferred_on_2=preferred_on + timedelta(days=7) if index % 2 else None,
        expected_participants=25 + (index * 13) % 90,
        wants_test_session=delivery == Delivery.REMOTE,
        contact_name=name,
        contact_email=f"{name.split()[0].lower()}.kontakt{index}@demo.example",
        requested_at=requested_at,
        confirmed_at=requested_at,
        created_at=requested_at,
        updated_at=requested_at,
    )


def _book(training, day, index):
    start = time(13, 0) if training.length == SeminarLength.SHORT else time(9, 0)
    hours = 1 if training.length == SeminarLength.SHORT else 3
    training.starts_at = _moment(day, start)
    training.ends_at = training.starts_at + timedelta(hours=hours)
    training.training_on = day
    training.trainer = TRAINERS[index % 2]
    if training.delivery == Delivery.REMOTE:
        training.online_url = "https://mote.demo.example/utbildning"
        if training.wants_test_session:
            training.test_starts_at = _moment(day - timedelta(days=1), time(15, 0))
            training.test_ends_at = training.test_starts_at + timedelta(minutes=30)
    else:
        training.place = "Sessionssalen i stadshuset"
    training.status = TrainingStatus.SCHEDULED
    training.scheduled_at = training.starts_at - timedelta(days=30)


def seed_trainings(today):
    """Load the demo trainings once; a database that has trainings is left alone."""
    if db.session.scalar(sa.select(sa.func.count(TrainingRequest.id))):
        return
    register_services.load_register()
    now = _moment(today, time(8, 0))
    for index, (code, status, days, participants, length, delivery) in enumerate(THIS_YEAR):
        day = today + timedelta(days=days)
        asked = now + timedelta(days=min(days, 0) - 35)
        if status == TrainingStatus.REQUESTED:
            asked = now + timedelta(days=days)
            preferred = today + timedelta(days=30 + index * 3)
        else:
            preferred = day
        training = _request(
            code,
            index=index,
            requested_at=asked,
            length=length,
            delivery=delivery,
            preferred_on=preferred,
        )
        if status != TrainingStatus.REQUESTED:
            _book(training, day, index)
        if status == TrainingStatus.HELD:
            training.status, training.participants = TrainingStatus.HELD, participants
            training.held_at = training.ends_at + timedelta(hours=2)
        if status == TrainingStatus.CANCELLED:
            training.status, training.sequence = TrainingStatus.CANCELLED, 1
            training.cancelled_at = min(training.starts_at - timedelta(days=3), now)
        training.updated_at = max(training.held_at or training.cancelled_at or asked, asked)
        db.session.add(training)
    code, days = UNCONFIRMED
    pending = _request(
        code,
        index=len(THIS_YEAR),
        requested_at=now + timedelta(days=days),
        length=SeminarLength.SHORT,
        delivery=Delivery.ON_SITE,
        preferred_on=today + timedelta(days=45),
    )
    pending.confirmed_at = None
    pending.confirmation_expires_at = pending.requested_at + timedelta(days=3)
    db.session.add(pending)
    _seed_earlier_years(today, now)
    db.session.flush()


def _seed_earlier_years(today, now):
    """Held trainings since 2017 (the offer's first year) up to last year, a few each year; the
    contact people of those older than the retention period are erased, as the rule leaves them."""
    rng = random.Random(2017)
    codes = [e.code for e in register_services.entries()]
    for year in range(2017, today.year):
        for number in range(rng.randint(3, 9)):
            day = date(year, rng.randint(1, 11), rng.randint(1, 28))
            length = rng.choice(list(SeminarLength))
            delivery = Delivery.REMOTE if year >= 2020 and rng.random() < 0.6 else Delivery.ON_SITE
            asked = _moment(day - timedelta(days=60), time(10, 0))
            training = _request(
                rng.choice(codes),
                index=number,
                requested_at=asked,
                length=length,
                delivery=delivery,
                preferred_on=day,
            )
            _book(training, day, number)
            training.status = TrainingStatus.HELD
            training.participants = rng.randint(12, 110)
            training.held_at = training.ends_at
            training.updated_at = training.held_at
            if training.held_at + timedelta(days=730) < now:
                training.contact_name = training.contact_email = training.contact_phone = None
                training.contact_erased_at = training.held_at + timedelta(days=730)
            db.session.add(training)
