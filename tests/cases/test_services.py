"""Goal attainment in SQL, optimistic locking and the withdrawal of approvals."""

from datetime import date

import pytest
from sqlalchemy.orm.exc import StaleDataError

from network_app.cases import checklist as outline
from network_app.cases import services
from network_app.cases.models import Case, CaseStatus, DocumentStatus, ItemState
from network_app.extensions import db
from tests.cases.helpers import (
    attend,
    log_hours,
    make_case,
    make_meeting,
    mark_checklist,
    review,
)


def test_goal_attainment_counts_checklist_case_hours_and_meetings(world, count_queries):
    review(make_case(world.own, status=CaseStatus.CHOSEN))
    make_case(world.other, status=CaseStatus.EVALUATED)  # evaluated, yet nothing documented
    mark_checklist(
        world.own,
        {key: ItemState.DONE for key in outline.ITEM_KEYS},
        level=2,
        document=DocumentStatus.DECIDED,
        decided_by="Kommunfullmäktige",
        decided_on=date(2026, 3, 2),
    )
    mark_checklist(world.other, {"introduction": ItemState.DONE, "validity": ItemState.IN_PROGRESS})
    log_hours(world.own, 600)
    log_hours(world.own, 720)
    log_hours(world.own, 540)
    log_hours(world.other, 120)
    first, second = make_meeting(world.network), make_meeting(world.network, "Andra")
    make_meeting(world.network, "Workshop", kind="workshop")
    attend(first, world.own.members[0])
    attend(first, world.own.members[1])
    attend(second, world.own.members[0], attended=False)
    db.session.commit()

    db.session.refresh(world.network)  # loaded, as a view has it, before counting
    with count_queries() as counter:
        goals = services.network_goals(world.network)
    assert counter.count == 1  # every figure of every organisation in one query
    rows = {row.participation.id: row for row in goals.rows}
    own, other = rows[world.own.id], rows[world.other.id]
    assert (own.checklist_done, own.checklist_total, other.checklist_done) == (22, 22, 1)
    assert (own.document_status, own.responsibility_level) == (DocumentStatus.DECIDED, 2)
    assert (own.decided_by, own.decided_on) == ("Kommunfullmäktige", date(2026, 3, 2))
    assert (other.document_status, other.responsibility_level) == (DocumentStatus.NONE, None)
    assert own.case_reviewed and not other.case_reviewed
    assert (own.minutes, own.hours_reached, other.minutes) == (1860, True, 120)
    assert (own.meetings_attended, other.meetings_attended, own.meetings_total) == (1, 0, 2)
    assert (goals.organisations_reviewed, goals.cases_reviewed, goals.documents_decided) == (
        1,
        1,
        1,
    )


def test_goal_attainment_marks_only_a_current_approval_as_approved(world):
    services.approve_learning_example(world.own, world.participant)
    services.approve_learning_example(world.other, world.participant)
    services.withdraw_approval(world.other.id)
    db.session.commit()
    rows = {row.participation.id: row for row in services.network_goals(world.network).rows}
    assert rows[world.own.id].approved and not rows[world.other.id].approved


def test_goal_attainment_of_given_participations_in_one_query(world, count_queries):
    log_hours(world.other, 120)
    db.session.commit()
    given = [world.other, world.own]
    assert world.network.id and [p.organisation.name for p in given]  # loaded before counting
    with count_queries() as counter:
        goals = services.network_goals(world.network, given)
    assert counter.count == 1
    assert [row.participation for row in goals.rows] == sorted(
        given, key=lambda p: p.organisation.name.lower()
    )
    assert [row.minutes for row in goals.rows if row.participation is world.other] == [120]
    assert goals.meetings_total == 0


def test_a_stale_version_is_refused_and_nothing_changes(world):
    case = make_case(world.own)
    db.session.commit()
    read_version = case.version
    services.update_case(case, {"title": "Första sparningen"}, expected_version=read_version)
    db.session.commit()
    with pytest.raises(services.StaleEdit):
        services.update_case(case, {"title": "Andra sparningen"}, expected_version=read_version)
    db.session.rollback()
    assert db.session.get(Case, case.id).title == "Första sparningen"


def test_a_concurrent_update_of_the_same_row_raises_stale_data(world):
    case = make_case(world.own)
    db.session.commit()
    # Another request saves meanwhile: the row's version moves on behind this session's back.
    db.session.execute(
        db.update(Case).where(Case.id == case.id).values(version=case.version + 1),
        execution_options={"synchronize_session": False},
    )
    case.title = "Skrivs över?"
    with pytest.raises(StaleDataError):
        db.session.flush()
    db.session.rollback()


def test_a_change_to_the_case_withdraws_the_approval_and_keeps_who_and_when(world):
    case = make_case(world.own)
    approval = services.approve_learning_example(world.own, world.participant)
    db.session.commit()
    assert services.current_approval(world.own).id == approval.id
    services.add_risk(case, {"description": "Hot", "likelihood": 2, "consequence": 2})
    db.session.commit()
    assert services.current_approval(world.own) is None
    db.session.refresh(approval)
    assert approval.withdrawn_at is not None and approval.approved_by_id == world.participant.id


def test_a_change_to_the_checklist_withdraws_the_approval(world):
    services.approve_learning_example(world.own, world.participant)
    mark_checklist(world.own, {"introduction": ItemState.DONE})
    db.session.commit()
    assert services.current_approval(world.own) is None
