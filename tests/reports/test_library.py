"""The "Lärande exempel" library (issue 13 point 4): the leader puts an approved example of an
earlier (closed) network there; every signed-in user reads it, found by decision type, method and
risk level (filtered in SQL, paged); it goes when its approval no longer holds."""

from datetime import UTC, datetime

from network_app.audit import AuditEvent
from network_app.auth.models import Role
from network_app.cases import services
from network_app.cases.models import DecisionKind, LibraryExample
from network_app.extensions import db
from tests import factories
from tests.cases.helpers import approve, make_case


def _closed_approved(world):
    case = make_case(
        world.own,
        decision_kind=DecisionKind.VALUES,
        methods="proactive_debate_tone follow_up_report_back",
        description="Olle Egen fick hot inför beslutet.",
    )
    services.add_risk(
        case, {"description": "Hot i sociala medier", "likelihood": 3, "consequence": 4}
    )
    approve(world.own, world.participant)
    world.network.closed_at = datetime.now(UTC)
    db.session.commit()
    return case


def _stranger():
    elsewhere = factories.make_participation(
        factories.make_network(name="Nästa nätverk"), factories.make_organisation("Tredje kommun")
    )
    user = factories.make_user(
        Role.PARTICIPANT, email="tredje@example.se", organisation=elsewhere.organisation
    )
    db.session.commit()
    return user


def _publish(client, world, published="1"):
    return client.post(f"/participations/{world.own.id}/library", data={"published": published})


def test_the_leader_puts_an_approved_example_in_the_library_for_everyone(client, auth, world):
    _closed_approved(world)
    stranger = _stranger()
    auth.login(stranger)
    assert client.get(f"/participations/{world.own.id}/shared").status_code == 404
    auth.logout()

    auth.login(world.leader)
    page = client.get(f"/participations/{world.own.id}/shared").get_data(as_text=True)
    assert "Lägg i biblioteket" in page
    assert _publish(client, world).status_code == 302
    entry = db.session.scalars(db.select(LibraryExample)).one()
    assert entry.published_by_id == world.leader.id and entry.published_at is not None
    event = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.action == "library_example_published")
    ).one()
    assert event.actor_id == world.leader.id and event.target_id == world.own.id
    auth.logout()

    auth.login(stranger)
    library = client.get("/library").get_data(as_text=True)
    assert f"/participations/{world.own.id}/shared" in library
    assert "Värdegrundsfråga" in library or "värdegrund" in library.lower()
    page = client.get(f"/participations/{world.own.id}/shared")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Olle" not in html and "Lägg i biblioteket" not in html
    assert "Biblioteket Lärande exempel" in html  # the crumbs lead to the library
    assert client.get(f"/participations/{world.own.id}/shared.docx").status_code == 200
    assert client.get(f"/networks/{world.network.id}/learning-examples").status_code == 404
    auth.logout()
    assert client.get("/library").status_code == 302  # anonymous: to the login page


def test_filters_find_it_by_decision_type_method_and_risk(client, auth, world):
    _closed_approved(world)
    services.publish_in_library(world.own, world.leader)
    db.session.commit()
    auth.login(world.other_participant)
    path = f"/participations/{world.own.id}/shared"

    def found(**query):
        response = client.get("/library", query_string=query)
        assert response.status_code == 200
        return path in response.get_data(as_text=True)

    assert found()
    assert found(decision_kind="values") and not found(decision_kind="authority")
    assert found(method="proactive_debate_tone") and not found(method="reactive_media_contacts")
    assert found(risk="very_high") and not found(risk="low")  # 3 x 4 = 12
    assert found(decision_kind="values", method="follow_up_report_back", risk="very_high")
    page = client.get("/library", query_string={"method": "not-a-method"}).get_data(as_text=True)
    assert path in page and "error-summary" in page  # refused filter: said, not applied
    assert client.get("/library?page=0").status_code == 404


def test_only_an_approved_example_of_a_closed_network_goes_in_and_only_by_the_leader(
    client, auth, world
):
    make_case(world.own, description="Inte godkänt.")
    world.network.closed_at = datetime.now(UTC)
    db.session.commit()
    auth.login(world.leader)
    assert _publish(client, world).status_code == 404  # not approved
    assert db.session.scalar(db.select(db.func.count()).select_from(LibraryExample)) == 0

    world.network.closed_at = None
    approve(world.own, world.participant)
    db.session.commit()
    response = _publish(client, world)
    assert response.status_code == 400
    assert "Stäng nätverket först" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(LibraryExample)) == 0
    auth.logout()

    world.network.closed_at = datetime.now(UTC)
    db.session.commit()
    for user in (world.participant, world.other_participant, world.observer):
        auth.login(user)
        assert _publish(client, world).status_code == 403
        auth.logout()
    assert db.session.scalar(db.select(db.func.count()).select_from(LibraryExample)) == 0


def test_the_library_loses_an_example_whose_approval_no_longer_holds(client, auth, world):
    case = _closed_approved(world)
    services.publish_in_library(world.own, world.leader)
    db.session.commit()
    stranger = _stranger()
    auth.login(stranger)
    assert client.get(f"/participations/{world.own.id}/shared").status_code == 200

    # The digest no longer matches (a new person recognised now): not shown, not listed.
    case.description = "Frågor till Provsson."
    approve(world.own, world.participant)
    services.publish_in_library(world.own, world.leader)
    db.session.commit()
    assert client.get(f"/participations/{world.own.id}/shared").status_code == 200
    factories.add_member(world.other, "Vera Provsson")
    db.session.commit()
    assert client.get(f"/participations/{world.own.id}/shared").status_code == 404

    # A change withdraws the approval, and the library entry with it.
    services.update_case(case, {"lessons": "Nytt."}, expected_version=case.version)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(LibraryExample)) == 0
    assert f"/participations/{world.own.id}/shared" not in client.get("/library").get_data(
        as_text=True
    )


def test_the_leader_takes_an_example_out(client, auth, world):
    _closed_approved(world)
    services.publish_in_library(world.own, world.leader)
    db.session.commit()
    auth.login(world.leader)
    assert _publish(client, world, "0").status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(LibraryExample)) == 0
    assert db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "library_example_removed")
    )


def test_the_library_page_makes_the_same_number_of_queries_for_1_and_25_examples(
    app, client, auth, world, count_queries
):
    _closed_approved(world)
    services.publish_in_library(world.own, world.leader)
    db.session.commit()
    auth.login(world.other_participant)
    client.get("/library")
    with count_queries() as few:
        assert client.get("/library").status_code == 200
    for n in range(24):
        participation = factories.make_participation(
            world.network, factories.make_organisation(f"Kommun {n}")
        )
        make_case(participation, decision_kind=DecisionKind.VALUES)
        services.approve_learning_example(participation, world.leader, "0" * 64)
        services.publish_in_library(participation, world.leader)
    db.session.commit()
    with count_queries() as many:
        page = client.get("/library").get_data(as_text=True)
    assert many.count == few.count
    assert "25 lärande exempel" in page and 'rel="next"' in page
    second = client.get("/library?page=2").get_data(as_text=True)
    assert 'rel="prev"' in second and second.count('data-label="Nätverk"') == 5
    past_the_last = client.get("/library?page=3").get_data(as_text=True)
    assert "25 lärande exempel" in past_the_last and 'rel="prev"' not in past_the_last
