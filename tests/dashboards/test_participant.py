"""The participant's dashboard: hours against pace, the case's next step, the checklist, the next
meeting with the group's answers, and what waits for the person signed in."""

import re
from datetime import UTC, date, datetime, timedelta

from network_app.assignments import services as assignment_services
from network_app.assignments.models import Assignment, AssignmentStatus
from network_app.auth.models import Role
from network_app.cases import checklist as outline
from network_app.cases.models import ItemState
from network_app.coaching import services as coaching_services
from network_app.coaching.models import Comment, CommentTarget
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
    found = progress.participations_hours(
        [world.own, world.other], {world.own.id: today, world.other.id: today}
    )
    rows = {r.participation_id: r for r in progress.network_progress(world.network, today)}
    one, series = found[world.own.id]
    assert one == rows[world.own.id] and found[world.other.id][0] == rows[world.other.id]
    assert series.points == ((date(2026, 2, 2), one.hours),)
    assert progress.participations_hours([], {}) == {}


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


def test_nothing_waits_and_nothing_is_due_without_assignments_or_comments(world):
    statuses = group_statuses([world.own])
    (board,) = participant.group_dashboards(
        [world.own], statuses=statuses, coming=[], may_approve=lambda p: False
    )
    assert board.assignments_due == [] and board.comments_waiting == []
    assert not board.waiting


def _assignment(participation, title, due_on=None, status=AssignmentStatus.NOT_STARTED):
    assignment = Assignment(
        network_id=participation.network_id,
        participation_id=participation.id,
        title=title,
        due_on=due_on,
        status=status,
    )
    db.session.add(assignment)
    db.session.flush()
    return assignment


def _comment(participation, author, at, target=CommentTarget.CASE, case=None, body="Hej"):
    comment = Comment(
        participation_id=participation.id,
        target=target,
        case_id=case.id if case is not None else None,
        body=body,
        author_id=author.id,
        created_at=at,
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def _at(hours):
    return datetime(2026, 4, 1, 8, tzinfo=UTC) + timedelta(hours=hours)


def test_open_assignments_soonest_first_overdue_marked_done_ones_left_out(client, auth, world):
    today = local_today(world.network)
    _assignment(world.own, "Utan datum")
    _assignment(world.own, "Nästa vecka", due_on=today + timedelta(days=7))
    late = _assignment(world.own, "Förra veckan", due_on=today - timedelta(days=7))
    _assignment(world.own, "Klart sedan länge", due_on=today, status=AssignmentStatus.DONE)
    _assignment(world.other, "Andras uppdrag", due_on=today)
    db.session.commit()
    (board,) = participant.group_dashboards(
        [world.own], statuses=group_statuses([world.own]), coming=[], may_approve=lambda p: False
    )
    titles = [row["assignment"].title for row in board.assignments_due]
    assert titles == ["Förra veckan", "Nästa vecka", "Utan datum"]
    assert [row["overdue"] for row in board.assignments_due] == [True, False, False]
    auth.login(world.participant)
    raw = client.get("/").get_data(as_text=True)
    page = _text(raw)
    assert "Uppdrag att göra" in page and "Förra veckan" in page and "Försenat" in page
    assert f"klart till {today - timedelta(days=7)}" in page
    assert "Klart sedan länge" not in page and "Andras uppdrag" not in page
    assert f"/participations/{world.own.id}/assignments#assignment-{late.id}" in raw
    group_page = client.get(f"/participations/{world.own.id}/assignments").get_data(as_text=True)
    assert f'id="assignment-{late.id}"' in group_page


def test_the_dashboard_shows_a_handful_of_assignments_and_links_to_all(client, auth, world):
    today = local_today(world.network)
    for i in range(7):
        _assignment(world.own, f"Uppdrag nummer {i}", due_on=today + timedelta(days=i))
    db.session.commit()
    auth.login(world.participant)
    page = _text(client.get("/").get_data(as_text=True))
    assert "Uppdrag nummer 4" in page and "Uppdrag nummer 5" not in page
    assert "Visar 5 av 7 öppna uppdrag." in page and "Alla gruppens uppdrag" in page


def test_the_single_group_list_is_the_batched_one(world):
    today = local_today(world.network)
    _assignment(world.own, "Ett", due_on=today)
    _assignment(world.other, "Annat", due_on=today)
    db.session.commit()
    one = assignment_services.assignments_due(world.own, today)
    both = assignment_services.due_by_group(
        [world.own, world.other],
        {
            world.own.id: today,
            world.other.id: today,
        },
    )
    assert one == both[world.own.id] and [r["assignment"].title for r in one] == ["Ett"]
    assert [r["assignment"].title for r in both[world.other.id]] == ["Annat"]


def _waiting(participation):
    return coaching_services.waiting_threads([participation.id]).get(participation.id, [])


def test_a_comment_waits_when_skr_wrote_last_and_not_once_the_group_answers(world):
    case = helpers.make_case(world.own, title="Budgetbeslutet")
    _comment(world.own, world.participant, _at(0), case=case)
    _comment(world.own, world.observer, _at(1), case=case)
    db.session.commit()
    (thread,) = _waiting(world.own)
    assert (thread.target, thread.case_id, thread.case_title) == (
        CommentTarget.CASE,
        case.id,
        "Budgetbeslutet",
    )
    assert thread.author_role == Role.OBSERVER and thread.written_at == _at(1)
    _comment(world.own, world.participant, _at(2), case=case)
    db.session.commit()
    assert _waiting(world.own) == []


def test_each_thread_waits_on_its_own(world):
    case = helpers.make_case(world.own, title="Budgetbeslutet")
    _comment(world.own, world.leader, _at(0), target=CommentTarget.RISKS, case=case)
    _comment(world.own, world.observer, _at(1), target=CommentTarget.CHECKLIST)
    _comment(world.own, world.observer, _at(2), case=case)
    _comment(world.own, world.participant, _at(3), case=case)
    db.session.commit()
    waiting = _waiting(world.own)
    assert [(t.target, t.author_role) for t in waiting] == [
        (CommentTarget.CHECKLIST, Role.OBSERVER),
        (CommentTarget.RISKS, Role.LEADER),
    ]


def test_a_comment_by_another_member_of_the_group_answers_the_thread(world):
    colleague = factories.make_user(
        Role.PARTICIPANT, email="stina@example.se", organisation=world.own.organisation
    )
    _comment(world.own, world.observer, _at(0), target=CommentTarget.CHECKLIST)
    _comment(world.own, colleague, _at(1), target=CommentTarget.CHECKLIST)
    db.session.commit()
    assert _waiting(world.own) == []


def test_the_dashboard_shows_waiting_comments_of_the_own_group_only(client, auth, world):
    case = helpers.make_case(world.own, title="Budgetbeslutet")
    other_case = helpers.make_case(world.other, title="Hemliga caset")
    _comment(world.own, world.participant, _at(0), case=case)
    _comment(world.own, world.observer, _at(1), case=case, body="Hur går det?")
    _comment(world.own, world.leader, _at(2), target=CommentTarget.CHECKLIST)
    _comment(world.other, world.observer, _at(3), case=other_case)
    db.session.commit()
    auth.login(world.participant)
    raw = client.get("/").get_data(as_text=True)
    page = _text(raw)
    assert "Väntar på dig" in page
    assert "Kommentar om caset Budgetbeslutet" in page
    assert f"/cases/{case.id}/comments" in raw
    assert "Kommentar om checklistan för systemet" in page
    assert f"/participations/{world.own.id}/checklist/comments" in raw
    assert "från projektledaren Lea Ledare" in page and "från coachen" in page
    assert "Hemliga caset" not in page and f"/cases/{other_case.id}/comments" not in raw
    auth.logout()
    auth.login(world.other_participant)
    page = _text(client.get("/").get_data(as_text=True))
    assert "Budgetbeslutet" not in page and "Hemliga caset" in page


def _many_assignments_and_comments(group, leader, observer):
    group_case = helpers.make_case(group, title="Fler case")
    for i in range(4):
        _assignment(group, f"Uppdrag {i}", due_on=date(2026, 5, i + 1))
        target = (CommentTarget.CASE, CommentTarget.RISKS)[i % 2]
        _comment(group, leader, _at(i), target=target, case=group_case)
    _comment(group, observer, _at(9), target=CommentTarget.CHECKLIST)


def _own_statements(counter):
    """The statements that read the assignments and the comment threads."""
    return [s for s in counter.statements if "FROM assignments" in s or "FROM comments" in s]


def test_assignments_and_comments_cost_the_same_queries_for_one_and_many(
    client, auth, world, count_queries
):
    auth.login(world.participant)
    case = helpers.make_case(world.own, title="Ett case")
    _assignment(world.own, "Ett uppdrag", due_on=date(2026, 5, 1))
    _comment(world.own, world.observer, _at(0), case=case)
    db.session.commit()
    client.get("/")
    leader, observer = world.leader, world.observer
    db.session.expunge_all()
    with count_queries() as before:
        client.get("/")
    own = db.session.get(type(world.own), world.own.id)
    leader, observer = db.session.merge(leader), db.session.merge(observer)
    _many_assignments_and_comments(own, leader, observer)
    db.session.commit()
    db.session.expunge_all()
    with count_queries() as many:
        page = client.get("/").get_data(as_text=True)
    assert "Uppdrag 3" in page and "Kommentar om checklistan för systemet" in page
    assert many.count == before.count, "\n".join(many.statements[-3:])
    # A second group (the organisation in another network): still one statement each for the
    # assignments and the threads of every group.
    own = db.session.get(type(world.own), world.own.id)
    leader, observer = db.session.merge(leader), db.session.merge(observer)
    second = factories.make_participation(
        factories.make_network(name="Andra nätverket"), own.organisation
    )
    _many_assignments_and_comments(second, leader, observer)
    db.session.commit()
    db.session.expunge_all()
    with count_queries() as groups:
        page = client.get("/").get_data(as_text=True)
    assert page.count("Kommentar om checklistan för systemet") == 2
    assert len(_own_statements(groups)) == len(_own_statements(before)) == 2
    # And every other figure too (hours, cases, checklist, members): a group more, no query more.
    assert groups.count == before.count, "\n".join(groups.statements)


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


def test_own_groups_count_members_and_system_as_the_networks_and_goals_count_them(world):
    """own_groups reads the groups, their members counted and their checklist in one statement:
    the same figures as networks.services.group_statuses and system_figures, for an own and a
    joint group, with elected officials, civil servants and a contact among the members."""
    from network_app.networks import services as network_services
    from network_app.networks.models import PersonKind

    factories.add_member(world.own, "Vald Ledamot", kind=PersonKind.ELECTED_OFFICIAL)
    factories.add_member(world.own, "Kontakt Person", is_contact=True)
    joint = factories.make_participation(
        factories.make_network(name="Gemensamt nätverk"), factories.make_organisation("Värd kommun")
    )
    network_services.add_joint_member(joint, world.own.organisation, now=datetime.now(UTC))
    factories.add_member(joint, "Delad Tjänsteperson")
    db.session.commit()
    found = participant.own_groups(world.own.organisation_id)
    assert {p.id for p in found.participations} == {world.own.id, joint.id}
    assert found.statuses == network_services.group_statuses(found.participations)
    ids = [p.id for p in found.participations]
    assert found.system == participant.system_figures(ids)
    assert found.statuses[world.own.id].composition.elected_officials >= 1
