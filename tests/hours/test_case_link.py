"""Hours logged against a case: the select offers only the organisation's own cases."""

from datetime import timedelta

import pytest

from network_app.extensions import db
from network_app.hours import entries
from network_app.hours.models import HourEntry, HourEntryChange
from network_app.networks.services import local_today
from tests.cases.helpers import make_case
from tests.hours.builders import add_entry


@pytest.fixture
def today(world):
    local = local_today(world.network)
    world.network.starts_on = local - timedelta(days=100)
    world.network.ends_on = local + timedelta(days=200)
    db.session.commit()
    return local


@pytest.fixture
def cases(world):
    own = make_case(world.own, title="Byskolan")
    other = make_case(world.other, title="Annan kommuns badhus")
    db.session.commit()
    return own, other


def _form(world, today, **overrides):
    data = {
        "worked_on": (today - timedelta(days=3)).isoformat(),
        "hours": "2",
        "activity": "risk_analysis",
        "members": [world.own.members[0].id],
        "note": "",
    }
    data.update(overrides)
    return data


def _new_url(participation):
    return f"/participations/{participation.id}/hours/new"


def test_form_offers_only_the_organisations_own_cases(client, auth, world, today, cases):
    auth.login(world.participant)
    page = client.get(_new_url(world.own)).get_data(as_text=True)
    assert "Vilket case arbetet gällde" in page
    assert "Byskolan" in page
    assert "Inget särskilt case" in page
    assert "Annan kommuns badhus" not in page


def test_entry_logged_against_a_case_is_listed_and_summed_on_the_case(
    client, auth, world, today, cases
):
    own_case, _ = cases
    auth.login(world.participant)
    olle, stina = world.own.members
    response = client.post(
        _new_url(world.own),
        data={**_form(world, today, case=own_case.id), "members": [olle.id, stina.id]},
    )
    assert response.status_code == 302
    entry = db.session.scalars(db.select(HourEntry)).one()
    assert entry.case_id == own_case.id
    overview = client.get(response.location).get_data(as_text=True)
    assert f'href="/cases/{own_case.id}"' in overview
    case_page = client.get(f"/cases/{own_case.id}").get_data(as_text=True)
    assert "1 post: 2 timmar, 4 persontimmar" in case_page


def test_no_case_is_the_default_and_stores_none(client, auth, world, today, cases):
    auth.login(world.participant)
    assert client.post(_new_url(world.own), data=_form(world, today, case="")).status_code == 302
    assert db.session.scalars(db.select(HourEntry.case_id)).one() is None


@pytest.mark.parametrize("value", ["other", "abc", "999999"])
def test_another_organisations_or_unknown_case_is_refused(client, auth, world, today, cases, value):
    own_case, other_case = cases
    case_id = other_case.id if value == "other" else value
    auth.login(world.participant)
    response = client.post(_new_url(world.own), data=_form(world, today, case=case_id))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Välj ett av organisationens egna case i listan" in page
    assert "Annan kommuns badhus" not in page
    assert db.session.query(HourEntry).count() == 0


def test_service_refuses_another_organisations_case(world, today, cases):
    _, other_case = cases
    with pytest.raises(entries.CaseNotOwn):
        add_entry(world.own, today, 60, today=today, case=other_case)
    assert db.session.query(HourEntry).count() == 0


def test_changing_the_case_is_in_the_history_and_the_edit_form(client, auth, world, today, cases):
    own_case, _ = cases
    entry = add_entry(world.own, today, 60, today=today)
    db.session.commit()
    auth.login(world.leader)
    edit_url = f"/participations/{world.own.id}/hours/{entry.id}/edit"
    response = client.post(edit_url, data=_form(world, today, hours="1", case=own_case.id))
    assert response.status_code == 302
    change = db.session.scalars(
        db.select(HourEntryChange).where(HourEntryChange.action == "updated")
    ).one()
    assert change.changes["case"] == [None, "Byskolan"]
    form = client.get(edit_url).get_data(as_text=True)
    assert f'<option selected value="{own_case.id}">Byskolan</option>' in form
    history = client.get(f"/participations/{world.own.id}/hours/history").get_data(as_text=True)
    assert "<strong>Case:</strong>" in history
    assert "– → Byskolan" in history
