"""The contact person of a training request as personal data: the access request, erasure and
the retention rule (README, Personal data)."""

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.notifications.models import OutboxMessage
from network_app.training import privacy, services
from network_app.training.ics import Texts
from network_app.training.models import TrainingRequest, TrainingStatus
from tests.training.helpers import BODEN, MALMO, NOW, make_request, schedule_values, values

pytestmark = pytest.mark.usefixtures("register_loaded")


def test_the_leader_downloads_everything_stored_about_the_contact(client, auth, world):
    request = make_request(MALMO, email="Kim.Kontakt@kommun.example")
    services.schedule(request, schedule_values(), now=NOW, texts=Texts())
    other = make_request(BODEN, email="kim.kontakt@kommun.example")
    make_request(BODEN, email="someone.else@kommun.example")
    db.session.commit()
    auth.login(world.leader)
    response = client.get(f"/training/{request.id}/personal-data.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"].startswith("no-store")
    document = json.loads(response.data)
    assert [r["id"] for r in document["training_requests"]] == [request.id, other.id]
    assert document["training_requests"][0]["contact_name"] == "Kim Kontakt"
    assert "confirmation_hash" not in document["training_requests"][0]
    assert [m["kind"] for m in document["outbox_messages"]] == ["training_scheduled"]
    assert "someone.else" not in response.get_data(as_text=True)


def test_erasure_removes_the_contact_and_keeps_the_training(client, auth, world):
    request = make_request(MALMO, status=TrainingStatus.HELD, participants=30)
    other = make_request(BODEN)
    services.schedule(other, schedule_values(), now=NOW, texts=Texts())
    kept = make_request(BODEN, email="someone.else@kommun.example")
    db.session.commit()
    auth.login(world.leader)
    page = client.get(f"/training/{request.id}/erase").get_data(as_text=True)
    assert "1 annan önskan med samma e-postadress" in page
    assert request.contact_name == "Kim Kontakt"  # GET changes nothing
    client.post(f"/training/{request.id}/erase")
    for erased in (request, other):
        db.session.refresh(erased)
        assert (erased.contact_name, erased.contact_email, erased.contact_phone) == (None,) * 3
        assert erased.contact_erased_at is not None
    assert (request.status, request.participants) == (TrainingStatus.HELD, 30)
    db.session.refresh(kept)
    assert kept.contact_email == "someone.else@kommun.example"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
    page = client.get(f"/training/{request.id}").get_data(as_text=True)
    assert "Kim Kontakt" not in page and "Raderad" in page


def test_retention_deletes_expired_unconfirmed_requests_and_erases_old_contacts():
    now = utcnow()
    unconfirmed, _token = services.request_from_public_form(
        values(), now=now - timedelta(days=10), valid_for=timedelta(days=3), language="sv"
    )
    waiting, _token = services.request_from_public_form(
        values(), now=now, valid_for=timedelta(days=3), language="sv"
    )
    old = make_request(MALMO, status=TrainingStatus.HELD, requested_at=now - timedelta(days=800))
    recent = make_request(MALMO, status=TrainingStatus.HELD, requested_at=now)
    booked = make_request(
        BODEN, status=TrainingStatus.SCHEDULED, requested_at=now - timedelta(days=800)
    )
    db.session.commit()
    unconfirmed_id = unconfirmed.id

    assert privacy.apply_retention(now=now, older_than_days=730) == (1, 1)
    db.session.commit()

    assert db.session.get(TrainingRequest, unconfirmed_id) is None
    assert waiting.contact_email is not None
    assert old.contact_email is None and old.participants == 25
    assert recent.contact_email is not None and booked.contact_email is not None
    assert privacy.apply_retention(now=now, older_than_days=730) == (0, 0)


def test_the_retention_command_runs(runner):
    result = runner.invoke(args=["forget-training-contacts", "--older-than-days", "30"])
    assert result.exit_code == 0
    assert "Deleted 0 unconfirmed training requests" in result.output


def test_a_persons_access_request_and_erasure_cover_their_training_requests(world):
    """A group member who is a training's contact person: the person's own access request lists
    the request, and erasing the person replaces their name, address and phone in it."""
    from network_app.privacy import services as person_privacy

    world.own.organisation.register_code = BODEN
    olle = next(m.person for m in world.own.members if m.person.name == "Olle Egen")
    own = make_request(BODEN, status=TrainingStatus.HELD, email=olle.email)
    phone, email = olle.phone, olle.email
    own.contact_name, own.contact_phone = "Olle Egen", phone
    others = make_request(MALMO, email=olle.email)  # another organisation's request: not his
    db.session.commit()

    data = person_privacy.collect_personal_data(olle)
    assert [row["id"] for row in data.mentioning.get("training_requests", [])] == [own.id]

    person_privacy.erase_person(olle)
    db.session.commit()
    db.session.refresh(own)
    assert "Olle" not in own.contact_name and phone not in (own.contact_phone or "")
    assert own.contact_email != email and others.contact_email == email
    assert own.participants == 25
