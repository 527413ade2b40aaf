"""After each meeting, a short evaluation: once per person, from the meeting's start, kept apart
from who answered, and shown to the leader only from three answers."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from network_app.auth.models import Role
from network_app.extensions import db
from network_app.meetings import evaluations
from network_app.meetings.models import (
    EvaluationAnswer,
    EvaluationMark,
    MeetingKind,
    MeetingStatus,
)
from network_app.privacy.services import collect_personal_data, erase_person
from tests import factories
from tests.meetings.helpers import make_meeting

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)


def _past_meeting(world, **values):
    return make_meeting(world.network, day=date(2026, 3, 1), **values)


def _participants(world, count):
    return [
        factories.make_user(
            Role.PARTICIPANT, email=f"deltagare{n}@example.se", organisation=world.own.organisation
        )
        for n in range(count)
    ]


def _answer(meeting, user, score=4, valuable="Riskanalysen", change=""):
    evaluations.answer(
        meeting, user, usefulness=score, most_valuable=valuable, to_change=change, now=NOW
    )


def test_an_answer_is_stored_apart_from_the_mark_of_who_answered(world):
    meeting = _past_meeting(world)
    _answer(meeting, world.participant)
    answer_columns = {c.name for c in EvaluationAnswer.__table__.columns}
    assert answer_columns == {"id", "meeting_id", "usefulness", "most_valuable", "to_change"}
    mark_columns = {c.name for c in EvaluationMark.__table__.columns}
    assert mark_columns == {"meeting_id", "user_id"}
    [answer] = db.session.scalars(sa.select(EvaluationAnswer)).all()
    assert len(answer.id) == 32 and not answer.id.isdigit()  # a random key, not an order
    assert evaluations.has_answered(meeting, world.participant)


def test_a_person_answers_once_per_meeting(world):
    meeting = _past_meeting(world)
    _answer(meeting, world.participant)
    with pytest.raises(evaluations.AlreadyAnswered):
        _answer(meeting, world.participant, score=1)
    assert db.session.scalar(sa.select(sa.func.count(EvaluationAnswer.id))) == 1
    other = _past_meeting(world, title="Nästa")
    _answer(other, world.participant)  # another meeting: another answer


@pytest.mark.parametrize("status", [MeetingStatus.CONFIRMED, MeetingStatus.CANCELLED])
def test_no_answer_before_the_meeting_has_started_or_to_a_cancelled_meeting(world, status):
    meeting = make_meeting(world.network, day=date(2026, 3, 3), status=status)
    with pytest.raises(evaluations.EvaluationNotOpen):
        _answer(meeting, world.participant)
    assert db.session.scalar(sa.select(sa.func.count(EvaluationMark.user_id))) == 0


def test_the_answers_read_with_the_meeting_are_the_answers_counted_apart(world):
    """The meeting page reads the count with the meeting (meeting_with_network); it must be
    answer_counts', for a meeting with answers, one without, and not another meeting's."""
    from network_app.meetings import services

    answered, silent = _past_meeting(world), _past_meeting(world, title="Tyst träff")
    for user in _participants(world, 2):
        _answer(answered, user)
    db.session.commit()
    answered_id, silent_id = answered.id, silent.id
    db.session.expunge_all()
    assert evaluations.answer_counts([answered_id, silent_id]) == {answered_id: 2}
    assert services.meeting_with_network(answered_id).evaluation_answers == 2
    assert services.meeting_with_network(silent_id).evaluation_answers == 0


def test_results_are_withheld_until_three_have_answered(world):
    meeting = _past_meeting(world)
    first, second, third = _participants(world, 3)
    _answer(meeting, first, 5, "Att höra Malmö", "Längre pauser")
    _answer(meeting, second, 3, "", "")
    assert evaluations.results(meeting) == evaluations.Results(answers=2, shown=False)
    _answer(meeting, third, 4, "Riskanalysen", "")
    results = evaluations.results(meeting)
    assert results.shown and results.answers == 3 and results.mean == 4
    assert results.by_score == {1: 0, 2: 0, 3: 1, 4: 1, 5: 1}
    assert sorted(results.most_valuable) == ["Att höra Malmö", "Riskanalysen"]
    assert results.to_change == ["Längre pauser"]
    [row] = evaluations.network_results(world.network)
    assert (row.meeting, row.answers, row.mean) == (meeting, 3, 4.0)


def test_the_network_report_has_no_mean_below_three_answers(world):
    meeting = _past_meeting(world)
    _answer(meeting, world.participant, 1)
    [row] = evaluations.network_results(world.network)
    assert row.answers == 1 and row.mean is None


def test_a_name_in_an_evaluation_text_is_found_and_erased_with_the_person(world):
    meeting = _past_meeting(world)
    olle = next(m for m in world.own.members if m.person.name == "Olle Egen")
    _answer(meeting, world.participant, 4, "Olle Egen berättade om deras rutin")
    data = collect_personal_data(olle.person)
    assert len(data.mentioning["evaluation_answers"]) == 1
    erase_person(olle.person)
    text = db.session.scalar(sa.select(EvaluationAnswer.most_valuable))
    assert "Olle" not in text and "berättade om deras rutin" in text


def _network_now(world):
    world.network.starts_on = date.today() - timedelta(days=100)
    world.network.ends_on = date.today() + timedelta(days=100)


def test_participant_answers_through_the_form_and_sees_it_answered(client, auth, world):
    _network_now(world)
    meeting = make_meeting(world.network, day=date.today() - timedelta(days=1))
    db.session.commit()
    auth.login(world.participant)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Svara på utvärderingen" in page
    url = f"/meetings/{meeting.id}/evaluation"
    refused = client.post(url, data={"most_valuable": "x" * 2001}).get_data(as_text=True)
    assert "Välj hur användbart mötet var, från 1 till 5." in refused
    assert "Svaret får vara högst 2 000 tecken." in refused
    assert db.session.scalar(sa.select(sa.func.count(EvaluationAnswer.id))) == 0
    response = client.post(url, data={"usefulness": "5", "most_valuable": "Allt"})
    assert response.status_code == 302
    assert "Du har redan svarat" in client.get(url).get_data(as_text=True)
    client.post(url, data={"usefulness": "1"})
    assert db.session.scalar(sa.select(sa.func.count(EvaluationAnswer.id))) == 1


def test_the_form_is_closed_before_the_meeting_starts(client, auth, world):
    _network_now(world)
    meeting = make_meeting(world.network, day=date.today() + timedelta(days=3))
    db.session.commit()
    auth.login(world.participant)
    url = f"/meetings/{meeting.id}/evaluation"
    assert "öppnar när mötet har börjat" in client.get(url).get_data(as_text=True)
    page = client.post(url, data={"usefulness": "4"}).get_data(as_text=True)
    assert "öppnar när mötet har börjat" in page
    assert db.session.scalar(sa.select(sa.func.count(EvaluationAnswer.id))) == 0


def test_leader_sees_results_only_from_three_answers_and_cannot_answer(client, auth, world):
    meeting = _past_meeting(world)
    first, second = _participants(world, 2)
    _answer(meeting, first, 2, "Hemlig text")
    _answer(meeting, second, 4)
    db.session.commit()
    auth.login(world.leader)
    url = f"/meetings/{meeting.id}/evaluation/results"
    page = client.get(url).get_data(as_text=True)
    assert "när minst 3 har svarat" in page and "Hemlig text" not in page
    assert client.get(f"/meetings/{meeting.id}/evaluation").status_code == 403
    _answer(meeting, world.participant, 3)
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Hemlig text" in page and "Medel: 3 av 5" in page


def test_another_networks_participant_and_the_observer_cannot_answer(client, auth, world):
    meeting = _past_meeting(world)
    workshop = _past_meeting(world, kind=MeetingKind.WORKSHOP, host=world.own, title="Workshop")
    stranger_network = factories.make_network(name="Annat nätverk")
    stranger_org = factories.make_organisation("Främmande kommun")
    factories.make_participation(stranger_network, stranger_org)
    stranger = factories.make_user(
        Role.PARTICIPANT, email="frammande@example.se", organisation=stranger_org
    )
    db.session.commit()
    for user, path, status in (
        (stranger, f"/meetings/{meeting.id}/evaluation", 403),
        (world.observer, f"/meetings/{meeting.id}/evaluation", 403),
        (world.other_participant, f"/meetings/{workshop.id}/evaluation", 404),
    ):
        auth.login(user)
        assert client.post(path, data={"usefulness": "5"}).status_code == status
        auth.logout()
    auth.login(world.participant)
    assert client.get(f"/meetings/{meeting.id}/evaluation/results").status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(EvaluationAnswer.id))) == 0


def test_on_sqlite_neither_table_keeps_the_order_of_answering(app, world):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("a storage detail of SQLite")
    with db.engine.connect() as connection:
        for table in ("evaluation_marks", "evaluation_answers"):
            sql = connection.execute(
                sa.text("SELECT sql FROM sqlite_master WHERE name = :name"), {"name": table}
            ).scalar()
            assert sql.rstrip().upper().endswith("WITHOUT ROWID"), table
