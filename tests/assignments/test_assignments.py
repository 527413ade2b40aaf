"""Agreed assignments: the leader records them, the group reports, refusals store nothing, other
organisations see none, the lists mark overdue ones and hour entries link to the own ones."""

from datetime import UTC, datetime, timedelta

import pytest

from network_app.assignments import services
from network_app.assignments.models import Assignment, AssignmentStatus
from network_app.extensions import db
from network_app.hours.models import HourEntry
from network_app.networks.services import local_today


def _form(first, second, **overrides):
    data = {
        "participation": "all",
        "title": "Gör riskanalysen av caset",
        "description": "Använd mallen från arbetsmöte 1.",
        "agreed_at_meeting": str(first.id),
        "due_meeting": str(second.id),
        "due_on": "",
    }
    data.update(overrides)
    return data


def _new_url(world):
    return f"/networks/{world.network.id}/assignments/new"


def test_the_leader_records_an_assignment_for_every_group(client, auth, world, meetings):
    first, second = meetings
    auth.login(world.leader)
    response = client.post(_new_url(world), data=_form(first, second))
    assert response.status_code == 302
    stored = db.session.scalars(db.select(Assignment).order_by(Assignment.participation_id)).all()
    assert [a.participation_id for a in stored] == sorted([world.own.id, world.other.id])
    assert {a.due_meeting_id for a in stored} == {second.id}
    page = client.get(f"/networks/{world.network.id}/assignments").get_data(as_text=True)
    assert "Egna kommun" in page and "Andra regionen" in page
    assert "Gör riskanalysen av caset" in page


def test_one_group_only(client, auth, world, meetings):
    first, second = meetings
    auth.login(world.leader)
    client.post(_new_url(world), data=_form(first, second, participation=str(world.own.id)))
    assert db.session.scalars(db.select(Assignment.participation_id)).all() == [world.own.id]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "  "}, "Skriv vad uppdraget är."),
        ({"title": "x" * 201}, "högst 200 tecken"),
        ({"participation": "999999"}, "Välj en av nätverkets grupper"),
        ({"due_meeting": "", "due_on": ""}, "eller ange ett datum"),
    ],
)
def test_refusals_store_nothing(client, auth, world, meetings, overrides, message):
    first, second = meetings
    auth.login(world.leader)
    response = client.post(_new_url(world), data=_form(first, second, **overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Assignment.id))) == 0


def test_a_due_date_or_meeting_before_the_meeting_is_refused(client, auth, world, meetings):
    first, second = meetings
    auth.login(world.leader)
    day_before = services.meeting_day(first, datetime.now(UTC).tzinfo) - timedelta(days=2)
    response = client.post(
        _new_url(world), data=_form(first, second, due_meeting="", due_on=day_before.isoformat())
    )
    assert "före mötet där uppdraget bestämdes" in response.get_data(as_text=True)
    response = client.post(
        _new_url(world),
        data=_form(second, first, due_meeting=str(first.id)),
    )
    assert "Välj ett senare möte" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Assignment.id))) == 0


def _assignment(world, meetings, participation=None, **values):
    first, second = meetings
    added = services.record_assignments(
        world.network,
        [participation or world.own],
        services.AssignmentValues(
            title=values.get("title", "Förankra caset"),
            description="",
            agreed_at_meeting=first,
            due_meeting=values.get("due_meeting", second),
            due_on=values.get("due_on"),
        ),
        by=world.leader,
    )
    db.session.commit()
    return added[0]


def _report_url(assignment):
    return f"/participations/{assignment.participation_id}/assignments/{assignment.id}"


def test_the_group_reports_an_assignment_done(client, auth, world, meetings):
    assignment = _assignment(world, meetings)
    auth.login(world.participant)
    page = client.get(f"/participations/{world.own.id}/assignments").get_data(as_text=True)
    assert "Förankra caset" in page and "Inte påbörjat" in page
    response = client.post(
        _report_url(assignment), data={"status": "done", "report": "Kommunstyrelsen informerad."}
    )
    assert response.status_code == 302
    db.session.refresh(assignment)
    assert assignment.status == AssignmentStatus.DONE
    assert assignment.report == "Kommunstyrelsen informerad."


def test_a_report_too_long_is_refused(client, auth, world, meetings):
    assignment = _assignment(world, meetings)
    auth.login(world.participant)
    response = client.post(_report_url(assignment), data={"status": "done", "report": "x" * 1001})
    assert "högst 1 000 tecken" in response.get_data(as_text=True)
    db.session.refresh(assignment)
    assert assignment.status == AssignmentStatus.NOT_STARTED and assignment.report == ""


def test_another_groups_assignment_is_denied(client, auth, world, meetings):
    assignment = _assignment(world, meetings, participation=world.other)
    auth.login(world.participant)
    assert client.get(_report_url(assignment)).status_code == 403
    assert client.post(_report_url(assignment), data={"status": "done"}).status_code == 403
    # Through the own group's address: not found, and nothing changed.
    url = f"/participations/{world.own.id}/assignments/{assignment.id}"
    assert client.post(url, data={"status": "done"}).status_code == 404
    assert client.get(f"/participations/{world.other.id}/assignments").status_code == 403
    page = client.get(f"/participations/{world.own.id}/assignments").get_data(as_text=True)
    assert "Förankra caset" not in page
    db.session.refresh(assignment)
    assert assignment.status == AssignmentStatus.NOT_STARTED


def test_overdue_by_the_networks_local_date(world, meetings):
    today = local_today(world.network)
    late = _assignment(world, meetings, title="Sent", due_meeting=None, due_on=today - timedelta(1))
    due_today = _assignment(world, meetings, title="I dag", due_meeting=None, due_on=today)
    rows = {row["assignment"].id: row for row in services.network_assignments(world.network, today)}
    assert rows[late.id]["overdue"] and not rows[due_today.id]["overdue"]
    late.status = AssignmentStatus.DONE
    db.session.commit()
    due = services.assignments_due(world.own, today)
    assert [row["assignment"].title for row in due] == ["I dag"]


def test_the_network_list_marks_overdue_ones(client, auth, world, meetings):
    today = local_today(world.network)
    _assignment(world, meetings, title="Sent", due_meeting=None, due_on=today - timedelta(1))
    auth.login(world.observer)
    page = client.get(f"/networks/{world.network.id}/assignments").get_data(as_text=True)
    assert "Försenat" in page and "Lägg till uppdrag" not in page


def test_status_counts_in_sql(world, meetings):
    a = _assignment(world, meetings)
    _assignment(world, meetings)
    a.status = AssignmentStatus.DONE
    db.session.commit()
    assert services.status_counts(world.network) == {
        world.own.id: {AssignmentStatus.DONE: 1, AssignmentStatus.NOT_STARTED: 1}
    }


def test_the_network_list_makes_a_constant_number_of_queries(
    client, auth, world, meetings, count_queries
):
    auth.login(world.leader)
    url = f"/networks/{world.network.id}/assignments"
    _assignment(world, meetings)
    with count_queries() as few:
        client.get(url)
    for _ in range(5):
        _assignment(world, meetings)
        _assignment(world, meetings, participation=world.other)
    with count_queries() as many:
        client.get(url)
    assert many.count == few.count


def test_an_hour_entry_links_to_an_own_assignment_only(client, auth, world, meetings):
    own = _assignment(world, meetings)
    others = _assignment(world, meetings, participation=world.other, title="Andras uppdrag")
    auth.login(world.participant)
    form = client.get(f"/participations/{world.own.id}/hours/new").get_data(as_text=True)
    assert "Förankra caset" in form and "Andras uppdrag" not in form
    data = {
        "worked_on": (local_today(world.network) - timedelta(days=1)).isoformat(),
        "hours": "2",
        "activity": "anchoring",
        "members": [world.own.members[0].id],
    }
    refused = client.post(
        f"/participations/{world.own.id}/hours/new", data={**data, "assignment": others.id}
    )
    assert "gruppens egna uppdrag" in refused.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(HourEntry.id))) == 0
    response = client.post(
        f"/participations/{world.own.id}/hours/new", data={**data, "assignment": own.id}
    )
    assert response.status_code == 302
    assert db.session.scalars(db.select(HourEntry)).one().assignment_id == own.id


def test_the_meeting_page_follows_up_the_assignments_due_at_it(client, auth, world, meetings):
    first, second = meetings
    _assignment(world, meetings, title="Eget uppdrag")
    _assignment(world, meetings, participation=world.other, title="Andras uppdrag")
    auth.login(world.leader)
    page = client.get(f"/meetings/{second.id}").get_data(as_text=True)
    assert "Uppföljning av uppdragen" in page
    assert "Eget uppdrag" in page and "Andras uppdrag" in page
    auth.logout()
    auth.login(world.participant)
    page = client.get(f"/meetings/{second.id}").get_data(as_text=True)
    assert "Eget uppdrag" in page and "Andras uppdrag" not in page


def test_the_word_reports_list_each_groups_assignments_and_what_came_of_them(world, meetings):
    import zipfile
    from io import BytesIO

    from network_app.reports import collect
    from network_app.reports.builder import build_learning_example, build_network_report

    done = _assignment(world, meetings, title="Förankra caset i nämnden")
    done.status = AssignmentStatus.DONE
    done.report = "Nämnden fick en dragning i mars."
    _assignment(world, meetings, participation=world.other, title="Andras uppdrag")
    db.session.commit()
    now = datetime.now(UTC)

    def xml(content):
        with zipfile.ZipFile(BytesIO(content)) as package:
            return package.read("word/document.xml").decode("utf-8")

    own = xml(
        build_learning_example(
            collect.learning_example_data(
                world.own, anonymised=False, contact_details=True, now=now
            )
        )
    )
    assert "Uppdrag mellan mötena" in own
    assert "Förankra caset i nämnden" in own and "Nämnden fick en dragning i mars." in own
    assert "Klart" in own and "Andras uppdrag" not in own
    network = xml(
        build_network_report(
            collect.network_report_data(
                world.network, anonymised=False, contact_details=True, now=now
            )
        )
    )
    assert "Förankra caset i nämnden" in network and "Andras uppdrag" in network


def test_every_group_without_any_accepted_group_is_refused(client, auth, world, meetings):
    from network_app.networks.models import ParticipationStatus

    first, second = meetings
    world.own.status = world.other.status = ParticipationStatus.DECLINED
    db.session.commit()
    auth.login(world.leader)
    response = client.post(_new_url(world), data=_form(first, second))
    assert "Välj en av nätverkets grupper" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Assignment.id))) == 0
