"""Joint participation (samverkanslösning, issue 15 point 4): several municipalities take part
as one participation with one project group; each member organisation sees and works on it as
its own, nobody else does."""

import pytest
import sqlalchemy as sa

from network_app import access
from network_app.auth.models import Role
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.networks import services
from network_app.networks.models import JointMember, ParticipationStatus
from tests import factories
from tests.test_access import _requests


@pytest.fixture
def joint(world):
    """Grannby kommun joins the own organisation's participation; its participant and a third
    organisation's participant (in another participation of the network)."""
    grannby = factories.make_organisation("Grannby kommun")
    services.add_joint_member(world.own, grannby, now=utcnow())
    world.joint_participant = factories.make_user(
        Role.PARTICIPANT, email="grannby@example.se", organisation=grannby
    )
    db.session.commit()
    return world


def _sign_in(app, user):
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": factories.PASSWORD})
    assert response.status_code == 302
    return client


def _allowed(response):
    if response.status_code in (401, 403, 404):
        return False
    return not (response.status_code == 302 and "/login" in (response.location or ""))


# Pages about an organisation itself (its page, its people and accounts), not about the group.
# A training is asked for by an organisation for its own assembly, not by the joint group.
NOT_THE_GROUP = {"networks.organisation", "networks.edit_organisation", "training.new_request"}


def test_a_joint_member_reaches_every_page_of_the_group_as_the_own_organisation_does(app, joint):
    own = _sign_in(app, joint.participant)
    member = _sign_in(app, joint.joint_participant)
    differences, reached = [], set()
    for endpoint, method, path in _requests(app, joint):
        if method != "GET" or endpoint in NOT_THE_GROUP:
            continue
        expected, got = _allowed(own.get(path)), _allowed(member.get(path))
        if expected != got:
            differences.append(f"{path} ({endpoint}): own {expected}, joint member {got}")
        if got:
            reached.add(endpoint)
    assert not differences, "\n".join(differences)
    # The group, its hours, case, checklist, report and workshop are among them.
    assert {
        "networks.participation",
        "hours.overview",
        "hours.new_entry",
        "cases.overview",
        "reports.learning_example",
        "meetings.meeting",
        "networks.network",
    } <= reached, sorted(reached)


def test_a_joint_member_sees_the_group_and_edits_it(app, joint):
    member = _sign_in(app, joint.joint_participant)
    page = member.get(f"/participations/{joint.own.id}")
    assert page.status_code == 200 and "Olle Egen" in page.text and "070-111 11 11" in page.text
    assert "Grannby kommun" in page.text
    response = member.post(
        f"/participations/{joint.own.id}/members/new",
        data={
            "name": "Greta Granne",
            "title": "Säkerhetssamordnare",
            "kind": "civil_servant",
            "function": "security",
            "email": "greta@grannby.example",
        },
    )
    assert response.status_code == 302
    dashboard = member.get("/").text
    assert joint.network.name in dashboard
    assert (
        "Grannby kommun"
        in member.get(f"/organisations/{joint.joint_participant.organisation_id}").text
    )
    assert (
        f"/participations/{joint.own.id}"
        in member.get(f"/organisations/{joint.joint_participant.organisation_id}").text
    )


def test_no_one_else_sees_the_joint_group(app, joint):
    other = _sign_in(app, joint.other_participant)
    assert other.get(f"/participations/{joint.own.id}").status_code in (403, 404)
    assert other.get(f"/participations/{joint.own.id}/hours").status_code in (403, 404)
    outsider_org = factories.make_organisation("Utanför kommun")
    outsider = factories.make_user(
        Role.PARTICIPANT, email="utanfor@example.se", organisation=outsider_org
    )
    db.session.commit()
    client = _sign_in(app, outsider)
    assert client.get(f"/networks/{joint.network.id}").status_code in (403, 404)
    assert client.get(f"/participations/{joint.own.id}").status_code in (403, 404)
    # The member sees its joint group, not the other organisations' groups.
    member = _sign_in(app, joint.joint_participant)
    assert member.get(f"/participations/{joint.other.id}").status_code in (403, 404)
    assert not access.is_own_group(joint.joint_participant, joint.other)
    assert access.is_own_group(joint.joint_participant, joint.own)


def test_leader_adds_and_removes_a_joint_member(app, world):
    leader = _sign_in(app, world.leader)
    grannby = factories.make_organisation("Grannby kommun")
    db.session.commit()
    page = leader.get(f"/participations/{world.own.id}").text
    assert "Samverkan" in page and f"/participations/{world.own.id}/joint" in page
    assert "Grannby kommun" in leader.get(f"/participations/{world.own.id}/joint").text
    response = leader.post(
        f"/participations/{world.own.id}/joint", data={"organisation_id": str(grannby.id)}
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(JointMember.organisation_id)) == grannby.id
    response = leader.post(f"/participations/{world.own.id}/joint/{grannby.id}/remove")
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(JointMember.id))) == 0


@pytest.mark.parametrize("who", ["lead", "other", "member_elsewhere"])
def test_an_organisation_already_in_the_network_cannot_join(app, joint, who):
    organisation = {
        "lead": joint.own.organisation,
        "other": joint.other.organisation,
        "member_elsewhere": joint.joint_participant.organisation,
    }[who]
    before = db.session.scalar(sa.select(sa.func.count(JointMember.id)))
    leader = _sign_in(app, joint.leader)
    target = joint.other if who == "member_elsewhere" else joint.own
    response = leader.post(
        f"/participations/{target.id}/joint",
        data={"organisation_id": str(organisation.id)},
        follow_redirects=True,
    )
    assert "deltar redan i nätverket" in response.text or "inte redan deltar" in response.text
    assert db.session.scalar(sa.select(sa.func.count(JointMember.id))) == before
    with pytest.raises(services.AlreadyParticipating):
        services.add_joint_member(target, organisation, now=utcnow())


def test_a_joint_member_cannot_apply_on_its_own(joint):
    with pytest.raises(services.AlreadyParticipating):
        services.register_application(
            joint.network,
            joint.joint_participant.organisation,
            background="",
            applied_on=utcnow().date(),
            now=utcnow(),
        )


def test_only_the_leader_adds_joint_members(app, joint):
    grannby2 = factories.make_organisation("Tredje kommun")
    db.session.commit()
    for user in (joint.participant, joint.joint_participant, joint.observer):
        client = _sign_in(app, user)
        response = client.post(
            f"/participations/{joint.own.id}/joint", data={"organisation_id": str(grannby2.id)}
        )
        assert response.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(JointMember.id))) == 1
    assert joint.own.status == ParticipationStatus.ACCEPTED


def test_recruitment_counts_joint_members_and_does_not_invite_them(joint):
    from network_app.recruitment import period, selection

    _by_county, by_kind = selection.accepted_counts(joint.network)
    assert by_kind["municipality"] == 2  # Egna kommun and its joint member Grannby kommun
    targets = period.invitation_targets(joint.network, period.Filters())
    assert "Grannby kommun" not in {o.name for o in targets}
    other_network = factories.make_network(name="Nästa nätverk")
    db.session.commit()
    fresh = period.invitation_targets(other_network, period.Filters(never_in_network=True))
    assert "Grannby kommun" not in {o.name for o in fresh}
