"""The participant's dashboard: hours against pace, the case's next step, the checklist, the next
meeting with the group's answers, and what waits for the person signed in."""

import re
from datetime import date

from network_app.auth.models import Role
from network_app.cases import checklist as outline
from network_app.cases.models import ItemState
from network_app.dashboards import participant
from network_app.extensions import db
from network_app.hours import progress
from network_app.networks.services import group_statuses, local_today
from tests import factories
from tests.cases import helpers


def _next_meeting(world, day=date(2026, 12, 10)):
    return helpers.make_meeting(world.network, title="Sista nätverksträffen", day=day)


def _text(page):
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_dashboard_shows_the_hours_as_the_hours_page_does(client, auth, world):
    helpers.log_hours(world.own, 600, worked_on=date(2026, 3, 10))
    db.session.commit()
    auth.login(world.participant)
    raw = client.get("/").get_data(as_text=True)
    page = _text(raw)
    hours_page = _text(client.get(f"/participations/{world.own.id}/hours").get_data(as_text=True))
    figures = progress.participation_progress(world.own, local_today(world.network))
    line = f"10 av målet {figures.target_low}–{figures.target_high} timmar"
    assert line in page and line in hours_page
    assert figures.status == progress.ProgressStatus.BEHIND and "Efter takten" in page
    assert 'class="burnup"' in raw and f'id="burnup-{world.own.id}-title"' in raw


def test_participation_hours_equal_the_network_progress_rows(world):
    helpers.log_hours(world.own, 90, worked_on=date(2026, 2, 1))
    helpers.log_hours(world.own, 60, worked_on=date(2026, 2, 2))
    helpers.log_hours(world.other, 30)
    today = date(2026, 6, 1)
    one, series = progress.participation_hours(world.own, today)
    row = next(
        r
        for r in progress.network_progress(world.network, today)
        if r.participation_id == world.own.id
    )
    assert one == row
    assert series.points == ((date(2026, 2, 2), one.hours),)


def test_case_next_step_says_what_is_missing(client, auth, world):
    auth.login(world.participant)
    assert "Nästa steg: välj en framtida politisk process" in client.get("/").get_data(as_text=True)
    case = helpers.make_case(world.own, title="Byskolan")
    db.session.commit()
    page = _text(client.get("/").get_data(as_text=True))
    assert "Byskolan" in page and "Inte genomlyst ännu" in page
    assert "en risk med åtgärder i riskanalysen" in page
    assert "ett väntat beslutsdatum och proaktiv kommunikation planerad före det" in page
    helpers.review(case)
    db.session.commit()
    page = _text(client.get("/").get_data(as_text=True))
    assert "Genomlyst" in page and "Nästa steg" not in page


def test_checklist_points_equal_the_goals_page(client, auth, world):
    keys = outline.ITEM_KEYS[:3]
    helpers.mark_checklist(
        world.own,
        {keys[0]: ItemState.DONE, keys[1]: ItemState.DONE, keys[2]: ItemState.IN_PROGRESS},
    )
    db.session.commit()
    auth.login(world.participant)
    page = _text(client.get("/").get_data(as_text=True))
    assert f"2 av {outline.ITEM_COUNT} punkter klara" in page
    auth.logout()
    auth.login(world.leader)
    goals = _text(client.get(f"/networks/{world.network.id}/goals").get_data(as_text=True))
    assert f"2 av {outline.ITEM_COUNT} punkter klara" in goals


def test_next_meeting_shows_the_groups_answers(client, auth, world):
    meeting = _next_meeting(world)
    olle, stina = world.own.members
    helpers.attend(meeting, olle, attended=None)
    db.session.commit()
    auth.login(world.participant)
    page = _text(client.get("/").get_data(as_text=True))
    assert "Sista nätverksträffen" in page
    assert "1 kommer, 0 kommer inte, 1 har inte svarat" in page


def test_approval_waits_for_the_contact_person_only(client, auth, world):
    helpers.make_case(world.own)
    olle = next(m for m in world.own.members if m.is_contact)
    contact = factories.make_user(
        Role.PARTICIPANT, email="olle@example.se", organisation=world.own.organisation
    )
    contact.person_id = olle.person_id
    db.session.commit()
    auth.login(world.participant)
    assert "Väntar på dig" not in client.get("/").get_data(as_text=True)
    auth.logout()
    auth.login(contact)
    page = client.get("/").get_data(as_text=True)
    assert "Väntar på dig" in page and f"/participations/{world.own.id}/approval" in page
    helpers.approve(world.own, contact)
    db.session.commit()
    assert "Väntar på dig" not in client.get("/").get_data(as_text=True)


def test_group_dashboards_room_for_assignments_and_comments_is_empty(world):
    statuses = group_statuses([world.own])
    (board,) = participant.group_dashboards(
        [world.own], statuses=statuses, coming=[], may_approve=lambda p: False
    )
    assert board.assignments_due == [] and board.comments_waiting == []
    assert not board.waiting


def test_dashboard_query_count_does_not_grow_with_data(client, auth, world, count_queries):
    auth.login(world.participant)
    _next_meeting(world)
    db.session.commit()
    client.get("/")
    db.session.expunge_all()
    with count_queries() as before:
        client.get("/")
    own = db.session.get(type(world.own), world.own.id)
    for i in range(5):
        case = helpers.make_case(own, title=f"Case {i}")
        helpers.review(case)
        helpers.log_hours(own, 60, worked_on=date(2026, 3, i + 1))
    _next_meeting(world, day=date(2026, 12, 20))
    db.session.commit()
    db.session.expunge_all()
    with count_queries() as after:
        client.get("/")
    assert after.count == before.count, "\n".join(after.statements[-3:])
