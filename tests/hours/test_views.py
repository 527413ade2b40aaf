"""Logging, changing and deleting entries through the pages, every refusal, and the history."""

import threading
from datetime import timedelta

import pytest

from network_app.auth.models import Role
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.hours.models import HourEntry, HourEntryChange
from network_app.networks.services import local_today
from tests import factories
from tests.hours.builders import add_entry


@pytest.fixture
def today(world):
    """The network runs from 100 days ago to 200 days ahead, wherever the calendar is."""
    local = local_today(world.network)
    world.network.starts_on = local - timedelta(days=100)
    world.network.ends_on = local + timedelta(days=200)
    db.session.commit()
    return local


def _form(world, today, **overrides):
    data = {
        "worked_on": (today - timedelta(days=3)).isoformat(),
        "hours": "1,5",
        "activity": "risk_analysis",
        "members": [world.own.members[0].id],
        "note": "Riskanalys av budgetbeslutet",
    }
    data.update(overrides)
    return data


def _new_url(participation):
    return f"/participations/{participation.id}/hours/new"


def test_participant_logs_an_entry_and_sees_it(client, auth, world, today):
    olle, stina = world.own.members
    auth.login(world.participant)
    response = client.post(
        _new_url(world.own), data={**_form(world, today), "members": [olle.id, stina.id]}
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/participations/{world.own.id}/hours")
    entry = db.session.scalars(db.select(HourEntry)).one()
    assert (entry.minutes, entry.people_present, entry.created_by_id) == (
        90,
        2,
        world.participant.id,
    )
    page = client.get(response.location).get_data(as_text=True)
    assert "Timmarna är sparade." in page
    assert "Riskanalys av budgetbeslutet" in page
    assert "1,5 av målet 30–40 timmar" in page
    assert db.session.query(HourEntryChange).count() == 1


@pytest.mark.parametrize(
    ("hours", "accepted_minutes"),
    [("2", 120), ("0,25", 15), ("1.75", 105), ("1:45", 105), ("12", 720), ("12,00", 720)],
)
def test_durations_people_write(client, auth, world, today, hours, accepted_minutes):
    auth.login(world.participant)
    assert (
        client.post(_new_url(world.own), data=_form(world, today, hours=hours)).status_code == 302
    )
    assert db.session.scalars(db.select(HourEntry.minutes)).one() == accepted_minutes


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"hours": "0"}, "Tiden måste vara mer än 0 timmar."),
        ({"hours": "-1"}, "Tiden måste vara mer än 0 timmar."),
        ({"hours": "1,1"}, "Ange tiden i hela kvartar"),
        ({"hours": "1:10"}, "Ange tiden i hela kvartar"),
        ({"hours": "12,25"}, "Ange högst 12 timmar per post."),
        ({"hours": "mycket"}, "Skriv tiden i timmar, till exempel 1,5 eller 1:30."),
        ({"hours": ""}, "Ange hur många timmar gruppen arbetade"),
        ({"worked_on": ""}, "Ange vilket datum arbetet gjordes."),
        ({"worked_on": "18/3"}, "Ange datumet som ÅÅÅÅ-MM-DD"),
        ({"activity": "party"}, "Välj en av aktiviteterna i listan."),
        ({"activity": ""}, "Välj vilken sorts arbete det var."),
        ({"note": "x" * 2001}, "Anteckningen får vara högst 2 000 tecken."),
    ],
)
def test_form_refusals_store_nothing(client, auth, world, today, overrides, message):
    auth.login(world.participant)
    response = client.post(_new_url(world.own), data=_form(world, today, **overrides))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Formuläret behöver rättas" in page
    assert message in page
    assert db.session.query(HourEntry).count() == 0


def test_date_before_the_network_starts_is_refused(client, auth, world, today):
    auth.login(world.participant)
    before = world.network.starts_on - timedelta(days=1)
    response = client.post(
        _new_url(world.own), data=_form(world, today, worked_on=before.isoformat())
    )
    assert "Datumet är före nätverkets start" in response.get_data(as_text=True)
    assert db.session.query(HourEntry).count() == 0


def test_date_in_the_future_is_refused(client, auth, world, today):
    auth.login(world.participant)
    tomorrow = (today + timedelta(days=1)).isoformat()
    response = client.post(_new_url(world.own), data=_form(world, today, worked_on=tomorrow))
    assert "Datumet har inte varit ännu." in response.get_data(as_text=True)
    assert db.session.query(HourEntry).count() == 0


def test_member_of_another_group_is_refused(client, auth, world, today):
    auth.login(world.participant)
    stranger = world.other.members[0]
    response = client.post(
        _new_url(world.own), data={**_form(world, today), "members": [stranger.id]}
    )
    assert "Välj bara personer som finns i projektgruppen." in response.get_data(as_text=True)
    assert db.session.query(HourEntry).count() == 0


def test_malformed_member_value_is_refused(client, auth, world, today):
    auth.login(world.participant)
    response = client.post(_new_url(world.own), data={**_form(world, today), "members": ["x"]})
    assert response.status_code == 200
    assert "Välj bara personer som finns i projektgruppen." in response.get_data(as_text=True)
    assert db.session.query(HourEntry).count() == 0


def test_participant_cannot_log_for_another_organisation(client, auth, world, today):
    auth.login(world.participant)
    assert client.post(_new_url(world.other), data=_form(world, today)).status_code == 403
    assert client.get(f"/participations/{world.other.id}/hours").status_code == 403
    assert db.session.query(HourEntry).count() == 0


def test_participant_cannot_touch_another_organisations_entry(client, auth, world, today):
    entry = add_entry(world.other, today, 60, today=today)
    db.session.commit()
    auth.login(world.participant)
    for path in (
        f"/participations/{world.other.id}/hours/{entry.id}/edit",
        f"/participations/{world.other.id}/hours/{entry.id}/delete",
    ):
        assert client.post(path, data=_form(world, today, hours="3")).status_code == 403
    # Its id under the own organisation's address is not found.
    path = f"/participations/{world.own.id}/hours/{entry.id}/edit"
    assert client.post(path, data=_form(world, today, hours="3")).status_code == 404
    assert db.session.get(HourEntry, entry.id).minutes == 60


def test_observer_reads_but_cannot_log(client, auth, world, today):
    add_entry(world.own, today, 60, today=today)
    db.session.commit()
    auth.login(world.observer)
    assert client.get(f"/participations/{world.own.id}/hours").status_code == 200
    assert client.post(_new_url(world.own), data=_form(world, today)).status_code == 403
    assert db.session.query(HourEntry).count() == 1


def test_closed_network_makes_entries_read_only(client, auth, world, today):
    entry = add_entry(world.own, today, 60, today=today)
    world.network.closed_at = utcnow()
    db.session.commit()
    for user in (world.participant, world.leader):
        auth.login(user)
        response = client.post(_new_url(world.own), data=_form(world, today), follow_redirects=True)
        assert "Nätverket är stängt, så timmarna kan inte längre ändras." in response.get_data(
            as_text=True
        )
        base = f"/participations/{world.own.id}/hours/{entry.id}"
        client.post(f"{base}/edit", data=_form(world, today, hours="5"))
        client.post(f"{base}/delete")
        page = client.get(f"/participations/{world.own.id}/hours").get_data(as_text=True)
        assert "Logga arbete" not in page
        auth.logout()
    assert db.session.query(HourEntry).count() == 1
    assert db.session.get(HourEntry, entry.id).minutes == 60


def test_leader_edits_and_participant_deletes_and_leader_reads_history(client, auth, world, today):
    entry = add_entry(world.own, today - timedelta(days=1), 60, by=world.participant, today=today)
    db.session.commit()
    base = f"/participations/{world.own.id}/hours/{entry.id}"
    auth.login(world.leader)
    form = client.get(f"{base}/edit").get_data(as_text=True)
    assert 'value="1"' in form
    response = client.post(f"{base}/edit", data=_form(world, today, hours="2,75", note="Rättad"))
    assert response.status_code == 302
    auth.logout()
    auth.login(world.participant)
    assert client.get(f"/participations/{world.own.id}/hours/history").status_code == 403
    assert client.get(f"{base}/delete").status_code == 200
    assert client.post(f"{base}/delete").status_code == 302
    assert db.session.query(HourEntry).count() == 0
    auth.logout()
    auth.login(world.leader)
    page = client.get(f"/participations/{world.own.id}/hours/history").get_data(as_text=True)
    assert "Tog bort" in page and "Ändrade" in page and "Lade till" in page
    assert "1 → 2,75" in page
    assert "Lea Ledare" in page


def test_two_members_logging_at_the_same_moment_both_keep_their_entry(app, world, today):
    second = factories.make_user(
        Role.PARTICIPANT, email="egen2@example.se", organisation=world.own.organisation
    )
    db.session.commit()
    barrier = threading.Barrier(2)
    statuses = []
    url = _new_url(world.own)
    form = _form(world, today)

    def log(email, note):
        client = app.test_client()
        client.post("/login", data={"email": email, "password": factories.PASSWORD})
        barrier.wait()
        statuses.append(client.post(url, data={**form, "note": note}).status_code)

    threads = [
        threading.Thread(target=log, args=(world.participant.email, "Från Olle")),
        threading.Thread(target=log, args=(second.email, "Från Stina")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert statuses == [302, 302]
    db.session.expire_all()
    notes = sorted(db.session.scalars(db.select(HourEntry.note)))
    assert notes == ["Från Olle", "Från Stina"]
    assert db.session.query(HourEntryChange).count() == 2


def test_network_overview_flags_organisations_behind(client, auth, world, today):
    add_entry(world.own, today, 12 * 60, today=today)
    add_entry(world.own, today, 12 * 60, today=today)
    db.session.commit()
    auth.login(world.leader)
    page = client.get(f"/networks/{world.network.id}/hours").get_data(as_text=True)
    assert "1 organisation ligger efter takten" in page
    assert "<svg" in page and "style=" not in page.split("<svg", 1)[1].split("</svg>")[0]
    assert "Diagrammets värden i en tabell" in page


def test_participants_do_not_see_the_network_side_by_side(client, auth, world, today):
    auth.login(world.participant)
    assert client.get(f"/networks/{world.network.id}/hours").status_code == 403
    assert client.get(f"/networks/{world.network.id}/hours/export.csv").status_code == 403


def _network_with(organisations):
    network = factories.make_network(
        name=f"Nätverk {organisations}",
        starts_on=utcnow().date() - timedelta(days=100),
        ends_on=utcnow().date() + timedelta(days=200),
    )
    for n in range(organisations):
        participation = factories.make_participation(
            network, factories.make_organisation(f"Kommun {organisations}-{n}")
        )
        member = factories.add_member(participation, f"Person {organisations} {n}")
        for day in range(3):
            add_entry(
                participation,
                network.starts_on + timedelta(days=day),
                60,
                [member],
                today=utcnow().date(),
            )
    db.session.commit()
    return network


def test_progress_page_makes_the_same_number_of_queries_for_6_and_60_organisations(
    app, client, auth, world, count_queries
):
    small, large = _network_with(6), _network_with(60)
    auth.login(world.leader)
    counts = []
    for network in (small, large):
        with count_queries() as counter:
            response = client.get(f"/networks/{network.id}/hours")
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
    assert counts[0] <= 10
    assert "Kommun 60-59" in response.get_data(as_text=True)


def test_organisation_page_queries_do_not_grow_with_its_entries(
    client, auth, world, today, count_queries
):
    olle, stina = world.own.members
    auth.login(world.participant)
    counts = []
    for extra in (3, 30):
        for n in range(extra):
            add_entry(world.own, today - timedelta(days=n % 90), 30, [olle, stina], today=today)
        db.session.commit()
        with count_queries() as counter:
            assert client.get(f"/participations/{world.own.id}/hours").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_every_error_of_the_form_at_once(client, auth, world, today):
    """13 hours (the form's refusal), a future date and nobody present (the service's): all
    three in the first round, in the summary and beside their fields; nothing stored."""
    auth.login(world.participant)
    tomorrow = (today + timedelta(days=1)).isoformat()
    response = client.post(
        _new_url(world.own), data=_form(world, today, hours="13", worked_on=tomorrow, members=[])
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    for message in (
        "Ange högst 12 timmar per post.",
        "Datumet har inte varit ännu.",
        "Kryssa i minst en person som var med.",
    ):
        assert message in summary
    assert 'href="#hours"' in summary and 'href="#worked_on"' in summary
    assert db.session.query(HourEntry).count() == 0


def test_an_entry_needs_someone_present(client, auth, world, today):
    auth.login(world.participant)
    response = client.post(_new_url(world.own), data=_form(world, today, members=[]))
    assert response.status_code == 200
    assert "Kryssa i minst en person som var med." in response.get_data(as_text=True)
    assert db.session.query(HourEntry).count() == 0


def test_an_old_entry_with_nobody_present_is_marked_as_not_counted(client, auth, world, today):
    from tests.hours.builders import add_entry_with_nobody

    add_entry_with_nobody(world.own, today - timedelta(days=2), 120)
    db.session.commit()
    auth.login(world.participant)
    page = client.get(f"/participations/{world.own.id}/hours").get_data(as_text=True)
    assert "Ingen närvarande: räknas inte" in page
    assert "0 av målet 30–40 timmar" in page
