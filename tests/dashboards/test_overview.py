"""The leader's overview of a network: one row per organisation, figures equal to the goals and
hours pages', sortable by links, those that need attention first, in a constant number of
queries."""

import re
from datetime import date

from network_app.auth.models import Role
from network_app.cases import checklist as outline
from network_app.cases.models import CaseStatus, ItemState
from network_app.dashboards import overview
from network_app.extensions import db
from network_app.networks.models import PersonKind
from tests import factories
from tests.cases import helpers

NOW_TODAY = date(2026, 6, 1)


def _text(page):
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def _url(world, sort=None):
    base = f"/networks/{world.network.id}/overview"
    return f"{base}?sort={sort}" if sort else base


def _order(page, names):
    return sorted(names, key=page.index)


def _fill_group(participation, *names):
    for name in names:
        factories.add_member(participation, name, kind=PersonKind.CIVIL_SERVANT)


def test_overview_figures_equal_the_goals_and_hours_pages(client, auth, world):
    helpers.log_hours(world.own, 150)
    case = helpers.review(helpers.make_case(world.own))
    helpers.make_case(world.other, status=CaseStatus.MEASURES)
    keys = outline.ITEM_KEYS
    helpers.mark_checklist(world.own, {keys[0]: ItemState.DONE}, level=2)
    meeting = helpers.make_meeting(world.network)
    helpers.attend(meeting, world.own.members[0])
    db.session.commit()
    assert case.id
    auth.login(world.leader)
    page = _text(client.get(_url(world, "name")).get_data(as_text=True))
    goals = _text(client.get(f"/networks/{world.network.id}/goals").get_data(as_text=True))
    hours = _text(client.get(f"/participations/{world.own.id}/hours").get_data(as_text=True))
    own_row = page[page.index("Egna kommun") :]
    other_row = page[page.index("Andra regionen") : page.index("Egna kommun")]
    assert "2,5" in goals and "2,5" in own_row and "2,5" in hours
    assert "Genomlyst" in own_row and "Nivå 2" in own_row and "1/22" in own_row
    assert "1 / 1" in own_row and "1 / 1" in goals
    assert "Åtgärder" in other_row or "åtgärder" in other_row.lower()
    assert "inte genomlyst" in other_row and "0/22" in other_row


def test_rows_need_attention_for_the_documented_reasons(world):
    now = factories.utcnow()
    rows = {r.name: r for r in overview.network_overview(world.network, NOW_TODAY, now)}
    # The own group: an elected official and a civil servant but two people of three at least.
    assert overview.Attention.GROUP in rows["Egna kommun"].attention
    assert overview.Attention.BEHIND in rows["Egna kommun"].attention
    assert overview.Attention.QUIET in rows["Egna kommun"].attention
    _fill_group(world.own, "Tredje Person")
    for day in (19, 20):
        helpers.log_hours(world.own, 600, worked_on=date(2026, 5, day))
    db.session.commit()
    rows = {r.name: r for r in overview.network_overview(world.network, NOW_TODAY, now)}
    assert rows["Egna kommun"].attention == ()  # logged just now: not quiet either
    assert rows["Andra regionen"].attention


def test_attention_first_by_default_then_by_name(client, auth, world):
    _fill_group(world.own, "Tredje Person")
    for day in (17, 18, 19, 20):
        helpers.log_hours(world.own, 600, worked_on=date(2026, 5, day))
    third = factories.make_participation(world.network, factories.make_organisation("Bästa kommun"))
    db.session.commit()
    assert third.id
    auth.login(world.leader)
    page = client.get(_url(world)).get_data(as_text=True)
    names = ["Egna kommun", "Andra regionen", "Bästa kommun"]
    assert _order(page, names) == ["Andra regionen", "Bästa kommun", "Egna kommun"]
    assert 'aria-sort="ascending"' in page and page.count("aria-sort") == 1


def test_sort_links_order_the_rows_both_ways(client, auth, world):
    helpers.log_hours(world.own, 600)
    helpers.log_hours(world.other, 60)
    db.session.commit()
    auth.login(world.leader)
    names = ["Egna kommun", "Andra regionen"]
    page = client.get(_url(world, "hours")).get_data(as_text=True)
    assert _order(page, names) == ["Andra regionen", "Egna kommun"]
    assert "sort=-hours" in page  # the sorted column's link turns the order round
    page = client.get(_url(world, "-hours")).get_data(as_text=True)
    assert _order(page, names) == ["Egna kommun", "Andra regionen"]
    assert 'aria-sort="descending"' in page
    page = client.get(_url(world, "name")).get_data(as_text=True)
    assert _order(page, names) == ["Andra regionen", "Egna kommun"]


def test_unknown_sort_falls_back_to_attention():
    assert overview.parse_sort("drop table") == ("attention", False)
    assert overview.parse_sort("-checklist") == ("checklist", True)


def test_overview_only_for_leader_and_observers(client, auth, world):
    auth.login(world.participant)
    assert client.get(_url(world)).status_code == 403
    auth.logout()
    auth.login(world.observer)
    assert client.get(_url(world)).status_code == 200
    stranger = factories.make_user(Role.OBSERVER, email="annan.coach@example.se")
    db.session.commit()
    auth.logout()
    auth.login(stranger)
    assert client.get(_url(world)).status_code == 403


def test_overview_query_count_is_the_same_for_one_and_many_organisations(
    client, auth, count_queries
):
    network = factories.make_network()
    first = factories.make_participation(network, factories.make_organisation("Första kommun"))
    leader = factories.make_user(Role.LEADER, email="ledare2@example.se")
    helpers.log_hours(first, 60)
    db.session.commit()
    auth.login(leader)
    url = f"/networks/{network.id}/overview"
    client.get(url)
    db.session.expunge_all()
    with count_queries() as one:
        assert client.get(url).status_code == 200
    network = db.session.get(type(network), network.id)
    for i in range(12):
        p = factories.make_participation(network, factories.make_organisation(f"Kommun {i}"))
        factories.add_member(p, f"Person {i}")
        helpers.log_hours(p, 30 + 15 * i)
        helpers.make_case(p, title=f"Case {i}")
    db.session.commit()
    db.session.expunge_all()
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert many.count == one.count, "\n".join(many.statements)
