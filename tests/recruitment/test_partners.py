"""Applying together (samverkanslösning, issue 15 point 4, seed 001: "Om några kommuner vill
skapa en samverkanslösning"): the applicant names up to four organisations of the register that
apply with it as one participation; on confirmation each becomes a joint member of it."""

import re

import pytest
import sqlalchemy as sa

from network_app.audit import AuditEvent
from network_app.auth.models import Role
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.networks import services as network_services
from network_app.networks.models import JointMember, Organisation, Participation
from network_app.notifications.models import OutboxMessage
from network_app.recruitment import privacy, selection
from network_app.recruitment.models import Application, ApplicationPartner, Outcome
from tests import factories
from tests.recruitment.helpers import form_data, open_period, register_codes


@pytest.fixture
def network(world):
    register_codes("0862", "0861", "0840", "1280", "12")
    return open_period(world.network)


def _partners(*codes):
    return {f"partners-{i}-register_code": code for i, code in enumerate(codes)}


def _count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _stored():
    return _count(Application), _count(ApplicationPartner), _count(OutboxMessage)


def _link(message):
    return re.search(r"http://localhost(/apply/confirm/\S+)", message.text_body).group(1)


def _apply_and_confirm(client, network, *codes):
    response = client.post(f"/apply/{network.id}", data=form_data(**_partners(*codes)))
    assert response.status_code == 302
    message = db.session.scalar(sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()))
    return client, _link(message), message


def test_the_form_offers_four_partner_rows(client, network):
    page = client.get(f"/apply/{network.id}").text
    assert "Ansöker tillsammans med: organisation 4" in page
    assert 'name="partners-3-register_code"' in page and "partners-4-" not in page


def test_partners_are_stored_with_the_application_and_named_in_the_mail(client, network):
    _, link, message = _apply_and_confirm(client, network, "0861", "", "1280")
    application = db.session.scalar(sa.select(Application))
    assert [p.register_code for p in application.partners] == ["0861", "1280"]
    assert "Ansöker tillsammans med: Mönsterås kommun, Malmö stad." in message.text_body
    assert "Mönsterås kommun" in message.html_body
    assert "Mönsterås kommun" in client.get(link).text  # the confirmation page names them


@pytest.mark.parametrize(
    "codes, row, message",
    [
        (("0862",), 0, "Er egen organisation kan inte ansöka tillsammans med sig själv."),
        (("0861", "0861"), 1, "Organisationen är redan vald på en annan rad."),
        (("9999",), 0, "Välj kommunen eller regionen i listan."),
        (("0840", "Egna"), 1, "Välj kommunen eller regionen i listan."),
    ],
)
def test_refused_partners_store_nothing(client, network, codes, row, message):
    response = client.post(
        f"/apply/{network.id}", data=form_data(contact_name="", **_partners(*codes))
    )
    assert response.status_code == 200
    assert message in response.text
    assert f'id="partners-{row}-register_code-error"' in response.text
    assert "Ange kontaktpersonens namn." in response.text  # every error of the form at once
    assert _stored() == (0, 0, 0)


@pytest.mark.parametrize("jointly", [False, True])
def test_a_partner_already_in_the_network_is_refused(client, network, jointly):
    malmo = factories.make_organisation(code="1280")
    if jointly:
        network_services.add_joint_member(network.participations[0], malmo, now=utcnow())
    else:
        factories.make_participation(network, malmo)
    db.session.commit()
    response = client.post(f"/apply/{network.id}", data=form_data(**_partners("0861", "1280")))
    assert response.status_code == 200
    assert "Organisationen deltar redan i nätverket, ensam eller tillsammans med andra." in (
        response.text
    )
    assert 'id="partners-1-register_code-error"' in response.text
    assert _stored() == (0, 0, 0)


def test_confirmation_makes_the_partners_joint_members_who_see_the_group(app, client, network):
    mora = factories.make_organisation(code="0840")  # already in the app, not in the network
    db.session.commit()
    _, link, _message = _apply_and_confirm(client, network, "0861", "0840")
    assert client.post(link).status_code == 200
    db.session.expire_all()
    application = db.session.scalar(sa.select(Application))
    participation = application.participation
    members = {m.organisation.register_code: m.organisation for m in participation.joint_members}
    assert set(members) == {"0861", "0840"}
    assert members["0840"].id == mora.id  # the existing organisation, not a copy
    added = db.session.scalars(
        sa.select(AuditEvent.detail).where(AuditEvent.action == "joint_member_added")
    ).all()
    assert len(added) == 2
    assert members["0861"].name == "Mönsterås kommun"  # created from its register entry
    assert _count(Participation) == 3  # the world's two and Emmaboda's; none for the partners

    # Each member organisation's participant sees the joint group; the lead's too.
    participation.status = participation.status.ACCEPTED
    db.session.commit()
    for code, email in (("0862", "lead@emmaboda.example"), ("0861", "p@monsteras.example")):
        organisation = db.session.scalar(
            sa.select(Organisation).where(Organisation.register_code == code)
        )
        factories.make_user(Role.PARTICIPANT, email=email, organisation=organisation)
        db.session.commit()
        user_client = app.test_client()
        user_client.post("/login", data={"email": email, "password": factories.PASSWORD})
        page = user_client.get(f"/participations/{participation.id}")
        assert page.status_code == 200, code
        assert "Mönsterås kommun" in page.text


def test_a_partner_that_joined_meanwhile_refuses_the_confirmation(client, network):
    _, link, _message = _apply_and_confirm(client, network, "0861", "1280")
    factories.make_participation(network, factories.make_organisation(code="1280"))
    db.session.commit()
    before = (_count(Participation), _count(JointMember), _count(Organisation))
    response = client.post(link)
    assert response.status_code == 409
    assert "Malmö stad deltar redan i nätverket" in response.text
    db.session.expire_all()
    assert (_count(Participation), _count(JointMember), _count(Organisation)) == before
    assert db.session.scalar(sa.select(Application)).confirmed_at is None


def test_the_leader_sees_the_partners_and_every_member_counts(client, world, network):
    _, link, _message = _apply_and_confirm(client, network, "0861", "12")
    client.post(link)
    participation = db.session.scalar(sa.select(Application)).participation
    client.get("/logout")
    client.post("/login", data={"email": world.leader.email, "password": factories.PASSWORD})
    page = client.get(f"/participations/{participation.id}/application").text
    assert "Ansöker tillsammans med" in page and "Mönsterås kommun" in page
    assert "Region Skåne" in page and "Skåne län" in page and "Kalmar län" in page
    table = client.get(f"/networks/{world.network.id}/recruitment").text
    assert "tillsammans med Mönsterås kommun (Kalmar län), Region Skåne (Skåne län)" in table

    selection.decide(
        participation,
        Outcome.ACCEPTED,
        reason="Välkomna!",
        decision={
            "decision_body": "Kommunstyrelsen",
            "decision_date": participation.applied_on,
            "decision_reference": "KS 1",
        },
        by=world.leader,
        now=utcnow(),
    )
    db.session.commit()
    by_county, by_kind = selection.accepted_counts(world.network)
    counted = dict(by_county)
    assert counted["Kalmar län"] == 2  # Emmaboda and Mönsterås
    assert counted["Skåne län"] == 1  # Region Skåne
    # With the world's Egna kommun and Andra regionen.
    assert by_kind == {"municipality": 3, "region": 2}
    decision = db.session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "application_decision")
    )
    assert "Ansöker tillsammans med: Mönsterås kommun, Region Skåne." in decision.text_body


def test_export_and_erasure_still_work_with_partners(client, network):
    _, link, _message = _apply_and_confirm(client, network, "0861")
    client.post(link)
    application = db.session.scalar(sa.select(Application))
    document = privacy.applicant_data(application, now=utcnow())
    assert document["application"]["partners"] == ["Mönsterås kommun"]
    assert privacy.erase_applicant(application, now=utcnow())
    db.session.commit()
    assert application.contact_name != "Lina Sökande"
    assert [p.register_code for p in application.partners] == ["0861"]  # organisations stay


# The leader's registration by hand (networks.new_application) takes partners too.


def _leader(client, world):
    client.post("/login", data={"email": world.leader.email, "password": factories.PASSWORD})
    return client


def test_the_leader_registers_a_joint_application_by_hand(client, world, network):
    response = _leader(client, world).post(
        f"/networks/{network.id}/applications/new",
        data={
            "organisation_id": "0",
            "register_code": "0862",
            "applied_on": "2026-11-20",
            **_partners("", "0861", "12"),
        },
    )
    assert response.status_code == 302
    participation = db.session.scalar(
        sa.select(Participation).join(Organisation).where(Organisation.register_code == "0862")
    )
    assert sorted(m.organisation.name for m in participation.joint_members) == [
        "Mönsterås kommun",
        "Region Skåne",
    ]


@pytest.mark.parametrize(
    "codes, row, message",
    [
        (("0862",), 0, "Organisationen som ansöker kan inte ansöka tillsammans med sig själv."),
        (("0861", "0861"), 1, "Organisationen är redan vald på en annan rad."),
        (("1280",), 0, "Organisationen deltar redan i nätverket, ensam eller tillsammans"),
        (("9999",), 0, "Välj en kommun eller region ur listan."),
    ],
)
def test_the_leader_is_refused_the_same_partners(client, world, network, codes, row, message):
    factories.make_participation(network, factories.make_organisation(code="1280"))
    db.session.commit()
    before = (_count(Participation), _count(JointMember), _count(Organisation))
    response = _leader(client, world).post(
        f"/networks/{network.id}/applications/new",
        data={
            "organisation_id": "0",
            "register_code": "0862",
            "applied_on": "2026-11-20",
            **_partners(*codes),
        },
    )
    assert response.status_code == 200
    assert message in response.text
    assert f'id="partners-{row}-register_code-error"' in response.text
    assert (_count(Participation), _count(JointMember), _count(Organisation)) == before


def test_the_retention_rule_deletes_an_unconfirmed_application_with_its_partners(client, network):
    from datetime import timedelta

    _apply_and_confirm(client, network, "0861", "1280")
    application = db.session.scalar(sa.select(Application))
    application.token_expires_at = utcnow() - timedelta(days=8)
    db.session.commit()
    deleted, _erased = privacy.purge_applications(
        now=utcnow(), unconfirmed_days=7, declined_days=365, closed_days=730
    )
    db.session.commit()
    assert deleted == 1
    assert _count(ApplicationPartner) == 0
