"""The dashboard lists open networks with their groups and closed networks in one line each."""

from datetime import date

from network_app.db_types import utcnow
from network_app.extensions import db
from tests import factories


def _closed_network(world):
    network = factories.make_network(
        name="Förra årets nätverk", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31)
    )
    factories.make_participation(network, world.own.organisation)
    factories.make_participation(network, factories.make_organisation("Tredje kommun"))
    network.closed_at = utcnow()
    world.observer.observed_networks.append(network)
    db.session.commit()
    return network


def test_leader_sees_closed_networks_in_one_line_with_their_count(client, auth, world):
    closed = _closed_network(world)
    auth.login(world.leader)
    page = client.get("/").get_data(as_text=True)
    open_part, _, closed_part = page.partition("Stängda nätverk")
    assert "Testnätverket" in open_part and "Andra regionen" in open_part
    assert f"/networks/{closed.id}" in closed_part and '"Organisationer">2</td>' in closed_part
    assert "Tredje kommun" not in page


def test_observer_sees_the_closed_networks_they_observe(client, auth, world):
    _closed_network(world)
    auth.login(world.observer)
    assert "Förra årets nätverk" in client.get("/").get_data(as_text=True)


def test_participant_still_sees_their_group_in_a_closed_network(client, auth, world):
    closed = _closed_network(world)
    auth.login(world.participant)
    page = client.get("/").get_data(as_text=True)
    assert "Förra årets nätverk" in page and "Nätverket är stängt" in page
    assert f"/participations/{closed.participations[0].id}" in page


def test_dashboard_query_count_does_not_grow_with_closed_networks(
    client, auth, world, count_queries
):
    auth.login(world.leader)
    client.get("/")
    db.session.expunge_all()  # the tests share one session: start each count from nothing
    with count_queries() as before:
        client.get("/")
    for _ in range(3):
        _closed_network_again = factories.make_network(name="Gammalt")
        factories.make_participation(
            _closed_network_again, factories.make_organisation(f"Kommun {_closed_network_again.id}")
        )
        _closed_network_again.closed_at = utcnow()
    db.session.commit()
    db.session.expunge_all()
    with count_queries() as after:
        client.get("/")
    assert after.count == before.count, "\n".join(after.statements[-3:])


def test_open_networks_list_their_groups_by_name_to_whom_may_see_them(client, auth, world):
    unobserved = factories.make_network(name="Nätverket utan coach", starts_on=date(2025, 6, 1))
    factories.make_participation(unobserved, factories.make_organisation("bygdens kommun"))
    factories.make_participation(unobserved, factories.make_organisation("Almby kommun"))
    db.session.commit()
    auth.login(world.leader)
    page = client.get("/").get_data(as_text=True)
    # The newest network first; within each, the organisations by name, whatever their case.
    assert page.index("Testnätverket") < page.index("Nätverket utan coach")
    assert page.index("Andra regionen") < page.index("Egna kommun") < page.index("Almby kommun")
    assert page.index("Almby kommun") < page.index("bygdens kommun")
    assert page.count("Uppfyller inte kraven") == 4  # no group has both kinds of member yet
    auth.logout()
    auth.login(world.observer)
    page = client.get("/").get_data(as_text=True)
    assert "Egna kommun" in page and "Nätverket utan coach" not in page
