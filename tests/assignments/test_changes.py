"""The leader corrects or removes an agreed assignment: the same checks as when it was recorded,
a confirmation before it goes, the group's report kept on a change, nothing stored on a refusal,
and nobody else may do either."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from network_app import audit
from network_app.assignments.models import Assignment, AssignmentStatus
from network_app.audit import AuditEvent
from network_app.extensions import db
from network_app.hours.models import HourEntry
from network_app.networks.services import local_today
from tests import factories
from tests.assignments.test_assignments import _assignment, _form


def _edit_url(assignment):
    return f"/assignments/{assignment.id}/edit"


def _delete_url(assignment):
    return f"/assignments/{assignment.id}/delete"


def _change(first, second, **overrides):
    data = _form(first, second, **overrides)
    del data["participation"]
    return data


def _events(action):
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)).all()


def test_the_form_is_filled_with_what_was_agreed_and_names_the_group(client, auth, world, meetings):
    assignment = _assignment(world, meetings, title="Förankra caset")
    auth.login(world.leader)
    page = client.get(_edit_url(assignment)).get_data(as_text=True)
    assert "Ändra uppdrag" in page and 'value="Förankra caset"' in page
    assert "Gruppen: Egna kommun" in page
    assert 'name="participation"' not in page  # the group is not changed here


def test_the_leader_corrects_an_assignment_and_the_groups_report_stays(
    client, auth, world, meetings
):
    first, second = meetings
    assignment = _assignment(world, meetings)
    assignment.status, assignment.report = AssignmentStatus.IN_PROGRESS, "Påbörjat."
    db.session.commit()
    auth.login(world.leader)
    due_on = services_day(first) + timedelta(days=10)
    response = client.post(
        _edit_url(assignment),
        data=_change(
            first, second, title="Förankra caset i KS", due_meeting="", due_on=due_on.isoformat()
        ),
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/networks/{world.network.id}/assignments")
    db.session.expire_all()
    changed = db.session.get(Assignment, assignment.id)
    assert changed.title == "Förankra caset i KS"
    assert changed.due_meeting_id is None and changed.due_on == due_on
    assert changed.status == AssignmentStatus.IN_PROGRESS and changed.report == "Påbörjat."
    assert [e.target_id for e in _events(audit.ASSIGNMENT_CHANGED)] == [assignment.id]
    page = client.get(response.location).get_data(as_text=True)
    assert "Uppdraget är ändrat." in page and "Förankra caset i KS" in page


def services_day(meeting):
    from network_app.assignments import services
    from network_app.meetings.timing import zone_of

    return services.meeting_day(meeting, zone_of(meeting.network.time_zone))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "  "}, "Skriv vad uppdraget är."),
        ({"title": "x" * 201}, "högst 200 tecken"),
        ({"due_meeting": "", "due_on": ""}, "eller ange ett datum"),
        ({"due_on": "2026-13-40", "due_meeting": ""}, "ÅÅÅÅ-MM-DD"),
        ({"agreed_at_meeting": "999999"}, "Välj ett av nätverkets möten i listan."),
    ],
)
def test_a_refused_change_stores_nothing(client, auth, world, meetings, overrides, message):
    first, second = meetings
    assignment = _assignment(world, meetings, title="Förankra caset")
    auth.login(world.leader)
    response = client.post(_edit_url(assignment), data=_change(first, second, **overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    kept = db.session.get(Assignment, assignment.id)
    assert kept.title == "Förankra caset" and kept.due_meeting_id == second.id
    assert _events(audit.ASSIGNMENT_CHANGED) == []


def test_a_due_meeting_before_the_agreed_one_is_refused_on_a_change(client, auth, world, meetings):
    first, second = meetings
    assignment = _assignment(world, meetings)
    auth.login(world.leader)
    response = client.post(
        _edit_url(assignment),
        data=_change(first, second, agreed_at_meeting=str(second.id), due_meeting=str(first.id)),
    )
    assert "Välj ett senare möte" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Assignment, assignment.id).agreed_at_meeting_id == first.id


def test_removing_asks_first_then_removes_only_that_groups_assignment(
    client, auth, world, meetings
):
    own = _assignment(world, meetings, title="Förankra caset")
    other = _assignment(world, meetings, participation=world.other, title="Förankra caset")
    auth.login(world.leader)
    page = client.get(_delete_url(own)).get_data(as_text=True)
    assert "Ta bort uppdraget ”Förankra caset” för Egna kommun?" in page
    assert "Det går inte att ångra." in page
    assert db.session.get(Assignment, own.id) is not None  # asking removes nothing

    response = client.post(_delete_url(own))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Assignment, own.id) is None
    assert db.session.get(Assignment, other.id) is not None
    (event,) = _events(audit.ASSIGNMENT_DELETED)
    assert event.target_id == own.id and event.detail == f"participation {world.own.id}"
    assert "Uppdraget är borttaget." in client.get(response.location).get_data(as_text=True)
    assert client.get(_delete_url(own)).status_code == 404


def test_hour_entries_naming_it_stay_without_it(client, auth, world, meetings):
    assignment = _assignment(world, meetings)
    entry = HourEntry(
        participation=world.own,
        worked_on=local_today(world.network) - timedelta(days=1),
        minutes=120,
        people_present=1,
        activity="anchoring",
        assignment_id=assignment.id,
        created_at=datetime.now(UTC),
        updated_at=datetime.now(UTC),
    )
    db.session.add(entry)
    db.session.commit()
    auth.login(world.leader)
    page = client.get(_delete_url(assignment)).get_data(as_text=True)
    assert "1 post om arbete på hemmaplan gäller uppdraget" in page
    client.post(_delete_url(assignment))
    db.session.expire_all()
    kept = db.session.get(HourEntry, entry.id)
    assert kept is not None and kept.assignment_id is None and kept.minutes == 120


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_a_change_or_removal_without_the_pages_token_changes_nothing(
    client, world, meetings, app_config
):
    first, second = meetings
    assignment = _assignment(world, meetings, title="Förankra caset")
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/login",
        data={"email": world.leader.email, "csrf_token": token, "password": factories.PASSWORD},
    )
    assert client.post(_delete_url(assignment)).status_code == 400
    changed = client.post(_edit_url(assignment), data=_change(first, second, title="Annat"))
    assert changed.status_code == 400
    db.session.expire_all()
    assert db.session.get(Assignment, assignment.id).title == "Förankra caset"


@pytest.mark.parametrize("who", ["participant", "observer"])
def test_only_the_leader_changes_or_removes(client, auth, world, meetings, who):
    first, second = meetings
    assignment = _assignment(world, meetings, title="Förankra caset")
    auth.login(getattr(world, who))
    assert client.get(_edit_url(assignment)).status_code == 403
    assert client.post(_edit_url(assignment), data=_change(first, second)).status_code == 403
    assert client.get(_delete_url(assignment)).status_code == 403
    assert client.post(_delete_url(assignment)).status_code == 403
    db.session.expire_all()
    assert db.session.get(Assignment, assignment.id).title == "Förankra caset"
    page = client.get(f"/participations/{world.own.id}/assignments").get_data(as_text=True)
    assert _edit_url(assignment) not in page and _delete_url(assignment) not in page


def test_anonymous_visitors_are_sent_to_login(client, world, meetings):
    assignment = _assignment(world, meetings)
    for url in (_edit_url(assignment), _delete_url(assignment)):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.location
        assert client.post(url).status_code == 302
    assert db.session.get(Assignment, assignment.id) is not None


def test_an_unknown_assignment_is_not_found(client, auth, world, meetings):
    auth.login(world.leader)
    assert client.get("/assignments/999999/edit").status_code == 404
    assert client.post("/assignments/999999/delete").status_code == 404


def test_the_network_list_offers_both_to_the_leader_only(client, auth, world, meetings):
    assignment = _assignment(world, meetings, title="Förankra caset")
    auth.login(world.leader)
    page = client.get(f"/networks/{world.network.id}/assignments").get_data(as_text=True)
    assert f'href="{_edit_url(assignment)}"' in page and f'href="{_delete_url(assignment)}"' in page
    assert 'Ändra<span class="visually-hidden"> Förankra caset, Egna kommun</span>' in page
    auth.logout()
    auth.login(world.observer)
    page = client.get(f"/networks/{world.network.id}/assignments").get_data(as_text=True)
    assert _edit_url(assignment) not in page and "Åtgärder" not in page
