"""The application period and the invitations to apply (issue 15, point 2)."""

from datetime import date

import pytest
import sqlalchemy as sa

from network_app.extensions import db
from network_app.networks.models import ParticipationStatus
from network_app.notifications.models import OutboxMessage
from network_app.recruitment import period
from network_app.training.models import TrainingStatus
from tests import factories
from tests.recruitment.helpers import close_period, open_period
from tests.training.helpers import make_request


@pytest.fixture
def leader_client(client, world):
    client.post("/login", data={"email": world.leader.email, "password": factories.PASSWORD})
    return client


def test_leader_sets_the_period(leader_client, world):
    response = leader_client.post(
        f"/networks/{world.network.id}/recruitment",
        data={
            "applications_open_on": "2026-10-01",
            "application_deadline": "2026-12-01",
            "decision_on": "2026-12-20",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert world.network.application_deadline == date(2026, 12, 1)
    assert world.network.decision_on == date(2026, 12, 20)


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"applications_open_on": "2026-12-02", "application_deadline": "2026-12-01"},
            "Sista dag för ansökan kan inte vara före öppningsdagen.",
        ),
        (
            {"application_deadline": "2026-12-01", "decision_on": "2026-11-30"},
            "Beslutet kan inte fattas före sista dag för ansökan.",
        ),
        ({"application_deadline": "1/12"}, "Skriv datumet som ÅÅÅÅ-MM-DD."),
    ],
)
def test_a_period_out_of_order_is_refused(leader_client, world, data, message):
    form = {
        "applications_open_on": "2026-10-01",
        "application_deadline": "2026-12-01",
        "decision_on": "2026-12-20",
        **data,
    }
    response = leader_client.post(f"/networks/{world.network.id}/recruitment", data=form)
    assert response.status_code == 200
    assert message in response.text
    db.session.expire_all()
    assert world.network.application_deadline is None


def test_period_state_follows_the_networks_calendar(world):
    network = world.network
    assert period.period_state(network) == period.PeriodState.NOT_SET
    open_period(network)
    assert period.period_state(network) == period.PeriodState.OPEN
    close_period(network)
    assert period.period_state(network) == period.PeriodState.CLOSED


def _organisations():
    malmo = factories.make_organisation(code="1280")
    malmo.contact_email = "kommunstyrelsen@malmo.example"
    skane = factories.make_organisation(code="12")
    skane.contact_email = "registrator@skane.example"
    nacka = factories.make_organisation(code="0182")
    nacka.contact_email = "ks@nacka.example"
    boden = factories.make_organisation(code="2582")  # no contact address
    db.session.commit()
    return malmo, skane, nacka, boden


def test_filters_choose_by_county_kind_and_earlier_networks(world):
    malmo, skane, nacka, boden = _organisations()
    earlier = factories.make_network(name="Nätverk 2020")
    factories.make_participation(earlier, nacka, status=ParticipationStatus.ACCEPTED)
    factories.make_participation(world.network, boden, status=ParticipationStatus.APPLIED)
    db.session.commit()

    def names(**filters):
        return {o.name for o in period.invitation_targets(world.network, period.Filters(**filters))}

    everyone = names()
    assert {"Malmö stad", "Region Skåne", "Nacka kommun"} <= everyone
    assert "Bodens kommun" not in everyone  # already applied to this network
    assert names(county="12") == {"Malmö stad", "Region Skåne"}
    assert names(county="12", kind="region") == {"Region Skåne"}
    assert "Nacka kommun" not in names(never_in_network=True)
    assert "Malmö stad" in names(never_in_network=True)


def test_invitation_goes_through_the_outbox_once_per_organisation(leader_client, world):
    open_period(world.network)
    malmo, skane, nacka, boden = _organisations()
    url = f"/networks/{world.network.id}/recruitment/invite/send"
    page = leader_client.get(url + "?county=12")
    assert page.status_code == 200 and "Skicka inbjudan" in page.text
    response = leader_client.post(url, data={"county": "12"})
    assert response.status_code == 302
    messages = db.session.scalars(sa.select(OutboxMessage)).all()
    assert sorted(m.recipient_address for m in messages) == [
        "kommunstyrelsen@malmo.example",
        "registrator@skane.example",
    ]
    body = messages[0].text_body
    assert f"/apply/{world.network.id}" in body
    assert str(world.network.application_deadline) in body
    # Again: nobody is invited twice.
    leader_client.post(url, data={"county": "12"})
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 2


def test_invitation_without_a_period_is_refused(leader_client, world):
    _organisations()
    response = leader_client.post(f"/networks/{world.network.id}/recruitment/invite/send")
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def test_invitation_list_shows_who_lacks_an_address(leader_client, world):
    _organisations()
    page = leader_client.get(f"/networks/{world.network.id}/recruitment/invite").text
    assert "Bodens kommun" in page and "Saknas: lägg till" in page
    assert "inte har haft SKR:s utbildning" in page  # the training filter is offered


def test_filter_no_training_yet_leaves_out_those_who_had_a_held_training(world):
    malmo, skane, nacka, boden = _organisations()
    make_request(malmo.register_code, status=TrainingStatus.HELD)
    make_request(skane.register_code, status=TrainingStatus.SCHEDULED)  # not held: not trained
    make_request(nacka.register_code, status=TrainingStatus.CANCELLED)
    db.session.commit()

    chosen = {
        o.name for o in period.invitation_targets(world.network, period.Filters(never_trained=True))
    }
    assert malmo.name not in chosen
    assert {skane.name, nacka.name, boden.name} <= chosen


def test_the_invitation_page_filters_by_training_and_keeps_it_to_the_confirmation(
    leader_client, world
):
    open_period(world.network)
    malmo, skane, nacka, boden = _organisations()
    make_request(malmo.register_code, status=TrainingStatus.HELD)
    db.session.commit()
    base = f"/networks/{world.network.id}/recruitment/invite"
    page = leader_client.get(base + "?county=12&never_trained=y")
    assert page.status_code == 200
    assert skane.name in page.text and malmo.name not in page.text
    confirm = leader_client.get(base + "/send?county=12&never_trained=y")
    assert 'name="never_trained" value="y"' in confirm.text
