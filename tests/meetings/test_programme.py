"""The programme model of a network: which meetings count, their numbers and words, and the
standard programme laid out, completed and extended without duplicates."""

from datetime import UTC, date, datetime

import sqlalchemy as sa

from network_app.extensions import db
from network_app.meetings import programme, services, words
from network_app.meetings.models import Meeting, MeetingKind, MeetingStatus
from network_app.networks.models import Network, ParticipationStatus, ProgrammeModel
from tests import factories
from tests.meetings.helpers import make_meeting, meetings_attended
from tests.meetings.test_services import LABELS

NOW = datetime(2026, 1, 5, 12, tzinfo=UTC)


def _came(meeting, member):
    services.record_attendance(
        meeting,
        [member],
        {member.id},
        by=factories.make_user(),
        now=datetime(2026, 12, 1, tzinfo=UTC),
    )


def _meeting_count(network):
    return db.session.scalar(
        sa.select(sa.func.count(Meeting.id)).where(Meeting.network_id == network.id)
    )


def test_an_extra_check_in_never_changes_the_goal_count(world):
    network = world.network
    programme.plan_standard_programme(network, labels=LABELS, now=NOW)
    assert services.goal_count(network) == 4
    check_in = make_meeting(network, day=date(2026, 8, 20), title="Avstämning", extra=True)
    assert services.goal_count(network) == 4
    assert services.meeting_number(check_in) is None
    _came(check_in, world.own.members[0])
    assert meetings_attended(network)[world.own.id] == 0


def test_a_fifth_counted_meeting_of_a_standard_model_is_refused_until_marked_extra(world):
    network = world.network
    programme.plan_standard_programme(network, labels=LABELS, now=NOW)
    values = {"kind": MeetingKind.NETWORK, "status": MeetingStatus.PLANNED}
    try:
        services.check_goal_room(network, None, extra=False, **values)
    except services.GoalFull as full:
        assert full.args == (4,)
    else:
        raise AssertionError("a fifth counted meeting was allowed")
    services.check_goal_room(network, None, extra=True, **values)
    network.programme_model = ProgrammeModel.CUSTOM_NETWORK
    services.check_goal_room(network, None, extra=False, **values)


def test_laying_out_the_standard_programme_twice_adds_nothing(world):
    network = world.network
    first = programme.plan_standard_programme(network, labels=LABELS, now=NOW)
    assert len(first) == 6  # four nätverksträffar and two workshops
    count = _meeting_count(network)
    assert programme.plan_standard_programme(network, labels=LABELS, now=NOW) == []
    assert _meeting_count(network) == count


def test_completing_adds_only_what_is_missing_and_keeps_a_cancelled_meeting_cancelled(world):
    network = world.network
    make_meeting(network, day=date(2026, 2, 3), title="Egen uppstart")
    make_meeting(network, day=date(2026, 4, 3), status=MeetingStatus.CANCELLED)
    make_meeting(
        network, day=date(2026, 5, 3), kind=MeetingKind.WORKSHOP, host=world.own, title="Egen"
    )
    created = programme.plan_standard_programme(network, labels=LABELS, now=NOW)
    # Two of the four nätverksträffar (one is held, one cancelled) and the other's workshop.
    assert [m.kind for m in created] == [MeetingKind.NETWORK] * 2 + [MeetingKind.WORKSHOP]
    assert created[-1].host_participation_id == world.other.id
    assert services.goal_count(network) == 3


def test_an_organisation_accepted_later_gets_its_workshop(world):
    network = world.network
    programme.plan_standard_programme(network, labels=LABELS, now=NOW)
    late = factories.make_participation(
        network, factories.make_organisation("Emmaboda kommun"), status=ParticipationStatus.ACCEPTED
    )
    later = datetime(2026, 6, 1, 12, tzinfo=UTC)
    [workshop] = programme.plan_standard_programme(network, labels=LABELS, now=later)
    assert workshop.kind == MeetingKind.WORKSHOP and workshop.host_participation_id == late.id
    assert workshop.title == "Workshop – Emmaboda kommun"
    assert workshop.starts_at.date() >= date(2026, 6, 15)  # not in the past: two weeks ahead
    assert programme.plan_standard_programme(network, labels=LABELS, now=later) == []


def test_the_2016_model_numbers_its_arbetsmoten_1_3_4_and_the_workshops_2(app):
    network = factories.make_network(programme_model=ProgrammeModel.SKL_2016)
    own, other = (
        factories.make_participation(network, factories.make_organisation(name))
        for name in ("Borlänge kommun", "Kiruna kommun")
    )
    created = programme.plan_standard_programme(network, labels=LABELS, now=NOW)
    kinds = [m.kind for m in created]
    assert kinds.count(MeetingKind.NETWORK) == 3 and kinds.count(MeetingKind.WORKSHOP) == 2
    assert MeetingKind.DIGITAL not in kinds
    numbers = {m.title: services.meeting_number(m) for m in created}
    assert numbers == {
        "Uppstart": 1,
        "Träff": 3,
        "Sista": 4,
        "Workshop – Borlänge kommun": 2,
        "Workshop – Kiruna kommun": 2,
    }
    assert services.numbers_from(created) == {m.id: numbers[m.title] for m in created}
    assert services.goal_count(network) == 4
    assert [number for number, _meeting in services.programme_meetings(network)] == [1, 2, 3, 4]
    # Each group's own workshop counts as its Arbetsmöte 2.
    workshop = next(m for m in created if m.host_participation_id == own.id)
    first = next(m for m in created if m.title == "Uppstart")
    member = factories.add_member(own, "Olle Egen")
    _came(first, member)
    _came(workshop, member)
    assert meetings_attended(network) == {own.id: 2, other.id: 0}


def test_the_words_follow_the_model(app):
    assert words.numbered(ProgrammeModel.SKR_2020, 2) == "Nätverksträff 2"
    assert words.numbered(ProgrammeModel.SKL_2016, 2) == "Arbetsmöte 2"
    assert words.numbered(ProgrammeModel.CUSTOM_WORKING, 5) == "Arbetsmöte 5"
    assert words.period_labels(ProgrammeModel.SKL_2016, [1, 2]) == [
        "Före arbetsmöte 1",
        "Mellan arbetsmöte 1 och 2",
        "Efter arbetsmöte 2",
    ]


def _meeting_form(**overrides):
    values = {
        "title": "Avstämning",
        "kind": "digital",
        "host_participation_id": "0",
        "start_date": "2026-08-20",
        "start_time": "09:00",
        "end_date": "2026-08-20",
        "end_time": "10:00",
        "place": "",
        "online_url": "",
        "agenda": "",
        "status": "confirmed",
    }
    values.update(overrides)
    return values


def test_leader_is_told_to_mark_a_fifth_meeting_extra_and_nothing_is_stored(client, auth, world):
    programme.plan_standard_programme(world.network, labels=LABELS, now=NOW)
    db.session.commit()
    count = _meeting_count(world.network)
    auth.login(world.leader)
    url = f"/networks/{world.network.id}/meetings/new"
    page = client.post(url, data=_meeting_form()).get_data(as_text=True)
    assert "Programmet har redan 4 möten som räknas in i målet" in page
    assert _meeting_count(world.network) == count
    response = client.post(url, data=_meeting_form(extra="y"))
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "<h1>Avstämning</h1>" in page  # no number
    assert services.goal_count(world.network) == 4


def test_leader_chooses_the_2016_model_and_the_schedule_says_arbetsmote(client, auth, world):
    auth.login(world.leader)
    response = client.post(
        "/networks/new",
        data={
            "name": "Utvecklingsarbete 2016",
            "starts_on": "2026-01-01",
            "ends_on": "2026-06-30",
            "target_hours_min": "30",
            "target_hours_max": "40",
            "group_size_min": "3",
            "group_size_max": "5",
            "time_zone": "Europe/Stockholm",
            "programme_model": "skl2016",
        },
    )
    assert response.status_code == 302
    network = db.session.scalar(sa.select(Network).where(Network.name == "Utvecklingsarbete 2016"))
    assert network.programme_model == ProgrammeModel.SKL_2016
    factories.make_participation(network, factories.make_organisation("Kiruna kommun"))
    db.session.commit()
    response = client.post(f"/networks/{network.id}/meetings/standard")
    assert response.status_code == 302
    page = client.get(f"/networks/{network.id}/meetings").get_data(as_text=True)
    assert "Arbetsmöte 1: Uppstart med övernattning" in page
    assert "Arbetsmöte 2: Lokal workshop – Kiruna kommun" in page
    assert "Arbetsmöte 4: Avslutande arbetsmöte" in page
    assert "Nätverksträff 1" not in page
    calendar = client.get(f"/networks/{network.id}/calendar.ics").get_data(as_text=True)
    assert "SUMMARY:Arbetsmöte 3: Arbetsmöte i Stockholm" in calendar
    again = client.post(f"/networks/{network.id}/meetings/standard", follow_redirects=True)
    assert "Standardprogrammet är redan komplett" in again.get_data(as_text=True)


def test_changing_the_model_renames_the_meetings_in_calendars(client, auth, world):
    make_meeting(world.network, day=date(2026, 3, 1), title="Start")
    db.session.commit()
    auth.login(world.leader)
    url = f"/networks/{world.network.id}/calendar.ics"
    assert "Nätverksträff 1: Start" in client.get(url).get_data(as_text=True)
    form = client.get(f"/networks/{world.network.id}/edit").get_data(as_text=True)
    assert "2020: fyra nätverksträffar" in form
    response = client.post(
        f"/networks/{world.network.id}/edit",
        data={
            "name": world.network.name,
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "target_hours_min": "30",
            "target_hours_max": "40",
            "group_size_min": "3",
            "group_size_max": "5",
            "time_zone": "Europe/Stockholm",
            "programme_model": "custom_working",
        },
    )
    assert response.status_code == 302
    assert "Arbetsmöte 1: Start" in client.get(url).get_data(as_text=True)


def test_the_network_report_says_arbetsmoten_for_the_2016_model(world):
    from network_app.reports import collect

    world.network.programme_model = ProgrammeModel.SKL_2016
    make_meeting(world.network, day=date(2026, 2, 3), title="Uppstart")
    report = collect.network_report_data(
        world.network, anonymised=False, contact_details=False, now=NOW
    )
    assert report.meetings_heading == "Arbetsmöten"
    assert [m.title for m in report.meetings] == ["Arbetsmöte 1: Uppstart"]


def test_the_migration_gives_existing_networks_the_2020_model_unless_their_meetings_say_otherwise(
    backend, empty_database
):
    import flask_migrate

    from network_app import create_app
    from tests.conftest import _test_config

    migrated = create_app(_test_config(empty_database(backend, "programme")))
    with migrated.app_context():
        flask_migrate.upgrade(revision="i13b_coaching")
        with db.engine.begin() as connection:
            for network_id, name in ((1, "Vanligt"), (2, "Många träffar"), (3, "SKL 2016")):
                connection.execute(
                    sa.text(
                        "INSERT INTO networks (id, name, description, goal, starts_on, ends_on, "
                        "target_hours_min, target_hours_max, group_size_min, group_size_max, "
                        "time_zone, created_at) VALUES (:id, :name, '', '', '2026-01-01', "
                        "'2026-12-31', 30, 40, 3, 5, 'Europe/Stockholm', "
                        "'2026-01-01 00:00:00+00:00')"
                    ),
                    {"id": network_id, "name": name},
                )
            meetings = [(1, "network", "Träff")] * 4 + [(1, "workshop", "Workshop")]
            meetings += [(2, "network", "Träff")] * 5
            meetings += [(3, "network", "Arbetsmöte 1")]
            for number, (network_id, kind, title) in enumerate(meetings, start=1):
                connection.execute(
                    sa.text(
                        "INSERT INTO meetings (network_id, kind, title, starts_at, ends_at, "
                        "place, online_url, agenda, status, has_overnight_stay, sequence, "
                        "created_at, updated_at) VALUES (:network, :kind, :title, :starts, "
                        ":ends, '', '', '', 'confirmed', false, 0, :starts, :starts)"
                    ),
                    {
                        "network": network_id,
                        "kind": kind,
                        "title": title,
                        "starts": f"2026-02-{number:02d} 09:00:00+00:00",
                        "ends": f"2026-02-{number:02d} 12:00:00+00:00",
                    },
                )
        flask_migrate.upgrade(revision="i13m_programme_model")
        with db.engine.connect() as connection:
            models = dict(
                connection.execute(sa.text("SELECT id, programme_model FROM networks")).all()
            )
            extra = connection.execute(
                sa.text("SELECT count(*) FROM meetings WHERE extra")
            ).scalar()
        assert models == {1: "skr2020", 2: "custom_network", 3: "custom_working"}
        assert extra == 0  # every goal count stays as it was
        db.engine.dispose()


def test_the_goals_page_counts_x_of_4_with_an_extra_meeting_in_the_models_words(
    client, auth, world
):
    world.network.programme_model = ProgrammeModel.SKL_2016
    programme.plan_standard_programme(world.network, labels=LABELS, now=NOW)
    make_meeting(world.network, day=date(2026, 8, 20), title="Avstämning", extra=True)
    db.session.commit()
    auth.login(world.leader)
    page = client.get(f"/networks/{world.network.id}/goals").get_data(as_text=True)
    assert "Arbetsmöten" in page and "0 / 4" in page and "0 / 5" not in page
