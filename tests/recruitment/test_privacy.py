"""The applicants' personal data (issue 15, point 3): export on an access request, erasure,
and the retention rule (purge-applications)."""

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.networks.models import ParticipationStatus
from network_app.notifications.models import OutboxMessage
from network_app.privacy.names import ANONYMISED_NAME
from network_app.recruitment import privacy
from network_app.recruitment.models import Application, FollowUpCall
from tests import factories
from tests.recruitment.helpers import form_data, open_period, register_codes


@pytest.fixture
def leader_client(client, world):
    client.post("/login", data={"email": world.leader.email, "password": factories.PASSWORD})
    return client


def _apply(client, world, confirm=True, **overrides):
    register_codes("0862", "0861")
    open_period(world.network)
    client.post(f"/apply/{world.network.id}", data=form_data(**overrides))
    message = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    if confirm:
        client.post(message.text_body.split("http://localhost", 1)[1].split()[0])
    return db.session.scalars(sa.select(Application).order_by(Application.id.desc())).first()


def test_access_request_finds_and_exports_everything_about_the_applicant(client, world):
    application = _apply(client, world)
    db.session.add(
        FollowUpCall(
            participation_id=application.participation_id,
            held_on=utcnow().date(),
            with_whom="Lina Sökande",
            notes="Lina berättade om hoten.",
        )
    )
    db.session.commit()
    client.post("/login", data={"email": world.leader.email, "password": factories.PASSWORD})
    found = client.get("/applications/personal-data?q=LINA.SOKANDE@example.se").text
    assert "Emmaboda kommun" in found
    assert "Emmaboda kommun" in client.get("/applications/personal-data?q=per politiker").text
    response = client.get(f"/applications/{application.id}/personal-data.json")
    assert response.headers["Cache-Control"].startswith("no-store")
    document = json.loads(response.data)
    assert document["application"]["contact_person"]["email"] == "lina.sokande@example.se"
    assert [m["name"] for m in document["application"]["proposed_group"]] == [
        "Per Politiker",
        "Sara Säker",
    ]
    assert document["follow_up_calls"][0]["with_whom"] == "Lina Sökande"
    assert "token_hash" not in response.text


def test_erasure_removes_the_applicants_and_keeps_the_application(leader_client, world):
    application = _apply(leader_client, world)
    db.session.add(
        FollowUpCall(
            participation_id=application.participation_id,
            held_on=utcnow().date(),
            with_whom="Lina Sökande",
            notes="Lina Sökande och Per Politiker ringde.",
        )
    )
    db.session.commit()
    page = leader_client.get(f"/applications/{application.id}/erase")
    assert page.status_code == 200 and "Det går inte att ångra" in page.text
    assert leader_client.post(f"/applications/{application.id}/erase").status_code == 302
    db.session.expire_all()
    application = db.session.get(Application, application.id)
    assert application.contact_name == ANONYMISED_NAME
    assert application.contact_email.endswith("@anonymised.invalid")
    assert application.contact_phone is None
    assert {m.name for m in application.members} == {ANONYMISED_NAME}
    call = db.session.scalar(sa.select(FollowUpCall))
    assert call.with_whom == ANONYMISED_NAME
    assert "Lina Sökande" not in call.notes and "Per Politiker" not in call.notes
    assert application.participation is not None  # the organisation's application stays
    assert not privacy.erase_applicant(application, now=utcnow())  # twice: nothing


def test_retention_deletes_unconfirmed_and_erases_declined_and_closed(client, runner, world):
    unconfirmed = _apply(client, world, confirm=False)
    unconfirmed.token_expires_at = utcnow() - timedelta(days=8)
    declined = _apply(client, world, code="0861", contact_email="kalle@example.se")
    declined.participation.status = ParticipationStatus.DECLINED
    declined.participation.status_changed_at = utcnow() - timedelta(days=400)
    db.session.commit()
    unconfirmed_id, declined_id = unconfirmed.id, declined.id
    result = runner.invoke(args=["purge-applications"])
    assert "Deleted 1 unconfirmed applications; erased the people of 1." in result.output
    db.session.expire_all()
    assert db.session.get(Application, unconfirmed_id) is None
    assert db.session.get(Application, declined_id).contact_name == ANONYMISED_NAME
    assert (
        "Deleted 0 unconfirmed applications; erased the people of 0."
        in runner.invoke(args=["purge-applications"]).output
    )


def test_retention_erases_applications_of_long_closed_networks(client, world):
    application = _apply(client, world)
    world.network.closed_at = utcnow() - timedelta(days=800)
    db.session.commit()
    deleted, erased = privacy.purge_applications(
        now=utcnow(), unconfirmed_days=7, declined_days=365, closed_days=730
    )
    assert (deleted, erased) == (0, 1)
    db.session.expire_all()
    assert db.session.get(Application, application.id).erased_at is not None


def test_applicants_personal_data_never_reaches_the_log(client, world, caplog):
    caplog.set_level("DEBUG")
    _apply(client, world)
    logged = caplog.text
    for secret in ("Lina Sökande", "lina.sokande@example.se", "070-123 45 67", "Per Politiker"):
        assert secret not in logged
