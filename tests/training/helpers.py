"""Builders for the training tests: the register loaded, requests at any stage."""

from datetime import UTC, date, datetime, timedelta

from network_app.extensions import db
from network_app.register import services as register_services
from network_app.training import services
from network_app.training.models import TrainingRequest, TrainingStatus

NOW = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)
MALMO, BODEN, NACKA, EMMABODA, VGR = "1280", "2582", "0182", "0862", "14"


def load_register():
    register_services.load_register()
    db.session.flush()


def values(**overrides):
    fields = {
        "register_code": MALMO,
        "length": "short",
        "delivery": "on_site",
        "assembly": "council",
        "preferred_on": date(2027, 3, 15),
        "expected_participants": 61,
        "contact_name": "Kim Kontakt",
        "contact_email": "kim.kontakt@kommun.example",
        "contact_phone": "040-123 45 67",
        "wants_test_session": False,
    }
    fields.update(overrides)
    return services.RequestValues(**fields)


def make_request(
    code=MALMO,
    *,
    requested_at=NOW,
    status=TrainingStatus.REQUESTED,
    confirmed=True,
    training_on=None,
    participants=None,
    length="short",
    delivery="on_site",
    email="kim.kontakt@kommun.example",
):
    """A request in any status, written directly (the services are tested on their own)."""
    request = TrainingRequest(
        register_code=code,
        status=status,
        channel="app",
        length=length,
        delivery=delivery,
        assembly="council",
        preferred_on=date(2027, 3, 15),
        expected_participants=30,
        contact_name="Kim Kontakt",
        contact_email=email,
        requested_at=requested_at,
        confirmed_at=requested_at if confirmed else None,
        confirmation_expires_at=None if confirmed else requested_at + timedelta(days=3),
        created_at=requested_at,
        updated_at=requested_at,
    )
    if status in (TrainingStatus.SCHEDULED, TrainingStatus.HELD):
        day = training_on or date(2027, 3, 15)
        request.training_on = day
        request.starts_at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
        request.ends_at = request.starts_at + timedelta(hours=1)
        request.trainer = "Tova Utbildare"
        request.place = "Stadshuset"
    if status == TrainingStatus.HELD:
        request.participants = participants if participants is not None else 25
    db.session.add(request)
    db.session.flush()
    return request


def schedule_values(day=date(2027, 3, 15), test=True):
    starts_at = datetime(day.year, day.month, day.day, 12, 30, tzinfo=UTC)  # 13:30 in Stockholm
    return services.ScheduleValues(
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        trainer="Tova Utbildare",
        place="Stadshuset, sessionssalen",
        test_starts_at=(starts_at - timedelta(days=1)) if test else None,
        test_ends_at=(starts_at - timedelta(days=1, minutes=-30)) if test else None,
    )
