"""Applications by the organisations themselves (issue 15, point 3): the public form, its
refusals, and the confirmation link."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from network_app.auth.models import RateLimitHit
from network_app.extensions import db
from network_app.networks.models import Organisation, Participation, ParticipationStatus
from network_app.notifications.models import OutboxMessage
from network_app.recruitment import applications
from network_app.recruitment.models import Application, ProposedMember
from tests import factories
from tests.recruitment.helpers import close_period, form_data, now, open_period, register_codes


@pytest.fixture
def network(world):
    register_codes("0862", "0861", "1280")
    return open_period(world.network)


def _count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _stored():
    return (
        _count(Application),
        _count(ProposedMember),
        _count(OutboxMessage),
        _count(Participation),
    )


def _link(message):
    return re.search(r"http://localhost(/apply/confirm/\S+)", message.text_body).group(1)


def test_an_organisation_applies_and_confirms(client, network):
    response = client.post(f"/apply/{network.id}", data=form_data())
    assert response.status_code == 302
    assert response.location.endswith(f"/apply/{network.id}/sent")
    application = db.session.scalar(sa.select(Application))
    assert application.confirmed_at is None and application.participation_id is None
    assert [m.name for m in application.members] == ["Per Politiker", "Sara Säker"]
    message = db.session.scalar(sa.select(OutboxMessage))
    assert message.recipient_address == "lina.sokande@example.se"
    assert message.kind == "application_confirmation"
    link = _link(message)
    assert link.split("/")[-1] not in application.token_hash  # only the hash is stored
    # Not counted yet: no organisation, no participation.
    assert (
        db.session.scalar(sa.select(Organisation).where(Organisation.register_code == "0862"))
        is None
    )

    page = client.get(link)
    assert page.status_code == 200 and "Bekräfta ansökan" in page.text
    db.session.expire_all()
    assert db.session.get(Application, application.id).confirmed_at is None  # GET changes nothing
    confirmed = client.post(link)
    assert confirmed.status_code == 200 and "Ansökan är bekräftad" in confirmed.text
    db.session.expire_all()
    application = db.session.get(Application, application.id)
    participation = application.participation
    assert participation.status == ParticipationStatus.APPLIED
    assert participation.organisation.name == "Emmaboda kommun"
    assert participation.organisation.register_code == "0862"
    assert participation.background.startswith("Flera av våra")
    assert participation.has_political_decision


def test_the_confirmation_link_works_once(client, network):
    client.post(f"/apply/{network.id}", data=form_data())
    link = _link(db.session.scalar(sa.select(OutboxMessage)))
    assert client.post(link).status_code == 200
    again = client.post(link)
    assert again.status_code == 410
    assert "redan bekräftad" in again.text
    assert _count(Participation) == 3  # the world's two and this one


def test_an_expired_confirmation_link_is_refused(client, network):
    client.post(f"/apply/{network.id}", data=form_data())
    application = db.session.scalar(sa.select(Application))
    application.token_expires_at = now() - timedelta(minutes=1)
    db.session.commit()
    link = _link(db.session.scalar(sa.select(OutboxMessage)))
    response = client.post(link)
    assert response.status_code == 410 and "har gått ut" in response.text
    assert client.get(link).status_code == 410
    db.session.expire_all()
    assert db.session.get(Application, application.id).confirmed_at is None


def test_an_unknown_link_is_refused(client, network):
    response = client.post("/apply/confirm/not-a-token")
    assert response.status_code == 404 and "inte giltig" in response.text


def test_after_the_deadline_the_form_says_so_and_stores_nothing(client, network):
    close_period(network)
    before = _stored()
    page = client.get(f"/apply/{network.id}")
    assert "Ansökningstiden gick ut" in page.text
    response = client.post(f"/apply/{network.id}", data=form_data())
    assert response.status_code == 410
    assert "Ansökningstiden gick ut" in response.text
    assert _stored() == before


def test_an_application_sent_in_time_may_be_confirmed_after_the_deadline(client, network):
    client.post(f"/apply/{network.id}", data=form_data())
    close_period(network)
    assert client.post(_link(db.session.scalar(sa.select(OutboxMessage)))).status_code == 200


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"register_code": "9999"}, "Välj er kommun eller region i listan."),
        ({"register_code": ""}, "Välj er kommun eller region i listan."),
        ({"decision_reference": ""}, "Ange beslutets diarienummer eller paragraf"),
        ({"decision_state": None}, "Ange om beslutet är planerat eller redan taget."),
        ({"decision_body": ""}, "Ange vilket organ som fattar eller har fattat beslutet"),
        ({"decision_date": ""}, "Ange datum för beslutet."),
        ({"website": "http://spam.example"}, "Lämna det här fältet tomt."),
        ({"members-0-name": "", "members-1-name": ""}, "Föreslå minst en person"),
        ({"members-0-role": ""}, "Ange om personen är förtroendevald eller tjänsteperson."),
        ({"contact_email": "inte-en-adress"}, "Ange en giltig e-postadress"),
        ({"background": ""}, "Skriv en kort bakgrund"),
    ],
)
def test_a_refused_application_says_why_and_stores_nothing(client, network, overrides, message):
    before = _stored()
    response = client.post(f"/apply/{network.id}", data=form_data(**overrides))
    assert response.status_code == 200
    assert message in response.text
    assert _stored() == before


def test_a_planned_decision_needs_no_reference(client, network):
    response = client.post(
        f"/apply/{network.id}",
        data=form_data(decision_state="planned", decision_reference=""),
    )
    assert response.status_code == 302
    client.post(_link(db.session.scalar(sa.select(OutboxMessage))))
    participation = db.session.scalar(sa.select(Application)).participation
    assert participation is not None and not participation.has_political_decision


def test_an_organisation_already_in_the_network_is_refused(client, network, world):
    factories.make_participation(
        network, factories.make_organisation(code="0861"), status=ParticipationStatus.APPLIED
    )
    db.session.commit()
    before = _stored()
    response = client.post(f"/apply/{network.id}", data=form_data(code="0861"))
    assert response.status_code == 200
    assert "har redan ansökt till nätverket" in response.text
    assert _stored() == before


def test_the_second_confirmation_for_one_organisation_is_refused(client, network):
    client.post(f"/apply/{network.id}", data=form_data())
    client.post(f"/apply/{network.id}", data=form_data(contact_email="annan@example.se"))
    first, second = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert client.post(_link(first)).status_code == 200
    response = client.post(_link(second))
    assert response.status_code == 409 and "redan en ansökan" in response.text


@pytest.mark.parametrize("app_config", [{"APPLICATION_RATE_LIMIT": 2}])
def test_the_throttle_refuses_the_third_application_in_an_hour(client, network):
    for _ in range(2):
        client.post(f"/apply/{network.id}", data=form_data(website="robot"))
    before = _stored()
    response = client.post(f"/apply/{network.id}", data=form_data())
    assert response.status_code == 429
    assert _stored() == before
    assert _count(RateLimitHit) == 2


def test_the_service_refuses_outside_the_period(world):
    register_codes("0862")
    close_period(world.network)
    with pytest.raises(applications.PeriodNotOpen):
        applications.submit(
            world.network, factories.register_entry("0862"), None, now=now(), link_hours=1
        )


def test_the_form_lists_every_register_entry(client, network):
    page = client.get(f"/apply/{network.id}")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert "Emmaboda kommun (Kalmar län)" in page.text


def test_an_unlinked_organisation_of_the_same_name_is_not_guessed(client, network):
    """Emmaboda kommun typed in before the register and not linked: the confirmation does not
    take it for the register's entry, nor create a second one."""
    factories.make_organisation("Emmaboda kommun")
    db.session.commit()
    client.post(f"/apply/{network.id}", data=form_data())
    before = _stored()
    response = client.post(_link(db.session.scalar(sa.select(OutboxMessage))))
    assert response.status_code == 409
    assert "kunde inte registreras automatiskt" in response.text
    assert _stored() == before
    assert db.session.scalar(sa.select(Application)).confirmed_at is None
