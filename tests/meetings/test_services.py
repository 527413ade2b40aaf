"""Meeting services: numbering, counts in SQL, the standard programme, calendars, registrations."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from network_app.extensions import db
from network_app.meetings import feeds, programme, services
from network_app.meetings.models import MeetingKind, MeetingStatus, RegistrationResponse
from network_app.meetings.timing import NonexistentLocalTime, meeting_days, to_utc
from network_app.networks.models import ParticipationStatus
from tests import factories
from tests.meetings.helpers import STOCKHOLM, make_meeting, meetings_attended

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
LABELS = {
    "first": "Uppstart",
    "digital": "Digital",
    "network": "Träff",
    "last": "Sista",
    "workshop": "Workshop – %(name)s",
}


def test_network_meetings_are_numbered_in_date_order_without_workshops_or_cancelled(world):
    later = make_meeting(world.network, day=date(2026, 9, 1))
    earlier = make_meeting(world.network, day=date(2026, 3, 1), kind=MeetingKind.DIGITAL)
    workshop = make_meeting(
        world.network, day=date(2026, 4, 1), kind=MeetingKind.WORKSHOP, host=world.own
    )
    cancelled = make_meeting(world.network, day=date(2026, 5, 1), status=MeetingStatus.CANCELLED)
    assert services.network_meetings(world.network) == [earlier, later]
    assert [services.meeting_number(m) for m in (earlier, later, workshop, cancelled)] == [
        1,
        2,
        None,
        None,
    ]
    assert services.numbers_from([later, workshop, earlier, cancelled]) == {
        earlier.id: 1,
        later.id: 2,
    }


def test_a_meetings_number_read_with_it_is_the_number_counted_apart(world):
    """meeting_with_network reads the count of earlier numbered meetings in its own statement;
    the number must be the one meeting_number counts by itself, for every kind of meeting,
    two on the same start, an extra one and a cancelled one."""
    same_start = date(2026, 9, 1)
    meetings = [
        make_meeting(world.network, day=same_start),
        make_meeting(world.network, day=same_start, title="Samma tid"),
        make_meeting(world.network, day=date(2026, 3, 1), kind=MeetingKind.DIGITAL),
        make_meeting(
            world.network, day=date(2026, 4, 1), kind=MeetingKind.WORKSHOP, host=world.own
        ),
        make_meeting(world.network, day=date(2026, 5, 1), status=MeetingStatus.CANCELLED),
        make_meeting(world.network, day=date(2026, 2, 1), extra=True),
        make_meeting(factories.make_network(name="Ett annat nätverk"), day=date(2026, 1, 5)),
    ]
    db.session.commit()
    counted = {m.id: services.meeting_number(m) for m in meetings}
    db.session.expunge_all()
    read_with = {}
    for meeting_id in counted:
        meeting = services.meeting_with_network(meeting_id)
        assert meeting.numbered_before is not None
        read_with[meeting_id] = services.meeting_number(meeting)
    assert read_with == counted
    assert sorted(n for n in counted.values() if n) == [1, 1, 2, 3]


def _attend(meeting, member, attended=True):
    services.register(
        meeting,
        member,
        response=RegistrationResponse.ATTENDING,
        overnight_stay=False,
        dietary_needs="",
        by=factories.make_user(),
        now=CREATED_BEFORE,
    )
    services.record_attendance(
        meeting, [member], {member.id} if attended else set(), by=factories.make_user(), now=NOW
    )


CREATED_BEFORE = datetime(2026, 1, 2, tzinfo=UTC)


def test_meetings_attended_counts_meetings_where_any_member_came_in_one_query(world, count_queries):
    first = make_meeting(world.network, day=date(2026, 2, 1))
    second = make_meeting(world.network, day=date(2026, 3, 1))
    workshop = make_meeting(
        world.network, day=date(2026, 4, 1), kind=MeetingKind.WORKSHOP, host=world.own
    )
    olle, stina = world.own.members
    _attend(first, olle)
    _attend(first, stina)  # two members at one meeting still count once
    _attend(second, olle, attended=False)
    _attend(workshop, olle)  # a workshop is not a network meeting
    db.session.commit()
    network = world.network
    expected = {world.own.id: 1, world.other.id: 0}  # ids loaded before counting
    assert network.id
    with count_queries() as counter:
        attended = meetings_attended(network)
    assert counter.count == 1
    assert attended == expected


def test_standard_programme_has_four_network_meetings_and_a_workshop_per_accepted_group(world):
    factories.make_participation(
        world.network,
        factories.make_organisation("Sökande kommun"),
        status=ParticipationStatus.APPLIED,
    )
    created = programme.plan_standard_programme(world.network, labels=LABELS, now=NOW)
    kinds = [m.kind for m in created]
    assert kinds.count(MeetingKind.NETWORK) == 3 and kinds.count(MeetingKind.DIGITAL) == 1
    workshops = [m for m in created if m.kind == MeetingKind.WORKSHOP]
    assert {w.host_participation_id for w in workshops} == {world.own.id, world.other.id}
    first = created[0]
    assert first.has_overnight_stay
    assert len(meeting_days(first.starts_at, first.ends_at, STOCKHOLM)) == 2
    for meeting in created:
        assert meeting.status == MeetingStatus.PLANNED
        local_start = meeting.starts_at.astimezone(STOCKHOLM)
        assert world.network.starts_on <= local_start.date() <= world.network.ends_on
        assert local_start.weekday() < 5
    network_days = [m.starts_at for m in created[:4]]
    assert network_days == sorted(network_days)
    assert programme.plan_standard_programme(world.network, labels=LABELS, now=NOW) == []


def test_standard_programme_refuses_a_period_too_short(app):
    network = factories.make_network(starts_on=date(2026, 1, 1), ends_on=date(2026, 1, 20))
    with pytest.raises(programme.PeriodTooShort):
        programme.plan_standard_programme(network, labels=LABELS, now=NOW)


def test_sequence_rises_on_time_place_or_status_but_not_on_title(world):
    meeting = make_meeting(world.network, day=date(2026, 3, 1))
    services.update_meeting(meeting, title="Ny rubrik", now=NOW)
    assert meeting.sequence == 0 and meeting.updated_at == NOW
    services.update_meeting(meeting, place="Stadshuset", now=NOW)
    services.update_meeting(meeting, starts_at=meeting.starts_at - timedelta(hours=1), now=NOW)
    services.cancel_meeting(meeting, now=NOW)
    assert meeting.sequence == 3
    assert services.update_meeting(meeting, place="Stadshuset", now=NOW) is False


def test_calendar_of_a_participant_holds_network_meetings_and_only_own_workshops(world):
    network_meeting = make_meeting(world.network, day=date(2026, 3, 1))
    own = make_meeting(
        world.network, day=date(2026, 4, 1), kind=MeetingKind.WORKSHOP, host=world.own
    )
    make_meeting(world.network, day=date(2026, 4, 2), kind=MeetingKind.WORKSHOP, host=world.other)
    assert services.calendar_meetings(world.participant) == [network_meeting, own]
    assert len(services.calendar_meetings(world.observer)) == 3
    assert services.calendar_meetings(world.leader) == []  # leads no network
    world.network.leader = world.leader
    assert len(services.calendar_meetings(world.leader)) == 3


def test_next_meetings_are_the_coming_ones_soonest_first_without_cancelled(world):
    make_meeting(world.network, day=date(2026, 3, 1))
    soon = make_meeting(world.network, day=date(2026, 6, 10))
    make_meeting(world.network, day=date(2026, 6, 5), status=MeetingStatus.CANCELLED)
    later = make_meeting(world.network, day=date(2026, 9, 1))
    june = datetime(2026, 6, 1, 10, tzinfo=UTC)
    assert services.next_meetings_for(world.participant, june) == [soon, later]
    assert services.next_meetings_for(world.participant, june, limit=1) == [soon]


def test_next_meetings_start_from_today_where_each_network_is(world):
    """13:00 UTC on 15 June is already 16 June in Auckland: a meeting of a network there that
    ended on the evening of 15 June is yesterday's, while in Stockholm it is still 15 June."""
    auckland = factories.make_network(name="Nätverk i Auckland", time_zone="Pacific/Auckland")
    factories.make_participation(auckland, world.own.organisation)
    now = datetime(2026, 6, 15, 13, tzinfo=UTC)
    evening = datetime(2026, 6, 15, 8, tzinfo=UTC)  # 20:00 in Auckland, 10:00 in Stockholm
    yesterday_there = services.create_meeting(
        auckland,
        now=now,
        kind=MeetingKind.NETWORK,
        title="Igår i Auckland",
        starts_at=evening - timedelta(hours=3),
        ends_at=evening,
    )
    today_here = make_meeting(world.network, day=date(2026, 6, 15), starts=time(8), ends=time(11))
    zones = {"Pacific/Auckland", "Europe/Stockholm"}
    coming = services.next_meetings_for(world.participant, now, zones=zones)
    assert today_here in coming and yesterday_there not in coming


def test_registration_is_refused_when_cancelled_past_or_not_invited(world):
    workshop = make_meeting(
        world.network, day=date(2026, 9, 1), kind=MeetingKind.WORKSHOP, host=world.own
    )
    past = make_meeting(world.network, day=date(2026, 3, 1))
    cancelled = make_meeting(world.network, day=date(2026, 9, 2), status=MeetingStatus.CANCELLED)
    stranger = world.other.members[0]
    answer = dict(
        response=RegistrationResponse.ATTENDING,
        overnight_stay=True,
        dietary_needs="Vegan",
        by=world.leader,
        now=NOW,
    )
    with pytest.raises(services.NotInvited):
        services.register(workshop, stranger, **answer)
    with pytest.raises(services.RegistrationClosed):
        services.register(past, world.own.members[0], **answer)
    with pytest.raises(services.RegistrationClosed):
        services.register(cancelled, world.own.members[0], **answer)
    registration = services.register(workshop, world.own.members[0], **answer)
    assert registration.overnight_stay is False  # the workshop has no overnight stay
    assert registration.dietary_needs == "Vegan"


def test_attendance_cannot_be_recorded_before_the_meeting_starts(world):
    meeting = make_meeting(world.network, day=date(2026, 9, 1))
    with pytest.raises(services.AttendanceNotYet):
        services.record_attendance(meeting, world.own.members, set(), by=world.leader, now=NOW)


def test_a_time_the_clock_skips_is_refused_and_days_keep_their_own_hours():
    with pytest.raises(NonexistentLocalTime):
        to_utc(date(2026, 3, 29), time(2, 30), STOCKHOLM)
    days = meeting_days(
        to_utc(date(2026, 3, 28), time(10), STOCKHOLM),
        to_utc(date(2026, 3, 29), time(15), STOCKHOLM),
        STOCKHOLM,
        day_end=time(17),
        day_start=time(9),
    )
    assert [(d.starts_at.hour, d.ends_at.hour) for d in days] == [(10, 17), (9, 15)]
    assert [d.starts_at.utcoffset() for d in days] == [timedelta(hours=1), timedelta(hours=2)]


def test_a_reset_feed_token_stops_working_and_a_tampered_one_never_works(world):
    key = "secret"
    assert feeds.token_for(world.participant, key) is None
    feeds.reset(world.participant, now=NOW)
    first = feeds.token_for(world.participant, key)
    assert feeds.user_for_token(first, key) == world.participant
    assert feeds.user_for_token(first, "another key") is None
    assert feeds.user_for_token(first[:-1] + ("A" if first[-1] != "A" else "B"), key) is None
    other_id = f"{world.other_participant.id}-{first.split('-', 1)[1]}"
    assert feeds.user_for_token(other_id, key) is None
    feeds.reset(world.participant, now=NOW)
    assert feeds.user_for_token(first, key) is None
    assert feeds.user_for_token(feeds.token_for(world.participant, key), key) == world.participant
    for junk in ("", "x", "99999999999999-" + "a" * 43, "1-" + "a" * 42, "../../etc"):
        assert feeds.user_for_token(junk, key) is None


def test_a_groups_meetings_carry_its_own_answers_and_attendance_in_one_query(world, count_queries):
    meeting = make_meeting(world.network, day=date(2026, 2, 1))
    own_workshop = make_meeting(
        world.network, day=date(2026, 4, 1), kind=MeetingKind.WORKSHOP, host=world.own
    )
    make_meeting(world.network, day=date(2026, 4, 2), kind=MeetingKind.WORKSHOP, host=world.other)
    olle, stina = world.own.members
    _attend(meeting, olle)
    _attend(meeting, world.other.members[0])  # another group's answer is not counted
    services.register(
        meeting,
        stina,
        response=RegistrationResponse.NOT_ATTENDING,
        overnight_stay=False,
        dietary_needs="",
        by=world.leader,
        now=CREATED_BEFORE,
    )
    db.session.commit()
    own = world.own
    assert own.id and own.network_id
    with count_queries() as counter:
        rows = services.meetings_of_group(own)
    assert counter.count == 1
    assert [(r.meeting, r.attending, r.not_attending, r.attended) for r in rows] == [
        (meeting, 1, 1, 1),
        (own_workshop, 0, 0, 0),
    ]
    # The kinds of the network's meetings are written into the statement, not bound, so that
    # PostgreSQL keeps one generic plan for it (db_types.one_of).
    (statement,) = counter.statements
    assert "IN ('network', 'digital')" in statement


def test_the_meeting_pages_counts_equal_a_recount_of_each_groups_answers(world):
    """members_with_answers counts in SQL over each group's rows (a window): the figures must be
    those of counting the answers one by one, group by group, and a member without an answer
    is listed without one."""
    meeting = make_meeting(world.network, day=date(2026, 9, 1), has_overnight_stay=True)
    empty = factories.make_participation(world.network, factories.make_organisation("Tyst kommun"))
    answers = {
        world.own: [("Ann A", True, True), ("Bo B", True, False), ("Cai C", False, False)],
        world.other: [("Dan D", False, False), ("Eva E", True, True)],
    }
    for participation, people in answers.items():
        for name, coming, overnight in people:
            member = factories.add_member(participation, name)
            response = (
                RegistrationResponse.ATTENDING if coming else RegistrationResponse.NOT_ATTENDING
            )
            services.register(
                meeting,
                member,
                response=response,
                overnight_stay=overnight and coming,
                dietary_needs="Vegetarisk" if name == "Ann A" else "",
                by=world.leader,
                now=NOW,
            )
    quiet = factories.add_member(world.other, "Fia F")  # no answer
    ids = [world.own.id, world.other.id, empty.id]
    members, counts = services.members_with_answers(meeting, ids)
    for participation, people in answers.items():
        coming = sum(1 for _name, c, _o in people if c)
        assert counts[participation.id] == services.GroupSummary(
            attending=coming,
            not_attending=len(people) - coming,
            overnight=sum(1 for _name, c, o in people if c and o),
            attended=0,
        )
        listed = {m.name: m.answer for m in members[participation.id]}
        for name, came, overnight in people:
            answer = listed[name]
            assert answer.response == (
                RegistrationResponse.ATTENDING if came else RegistrationResponse.NOT_ATTENDING
            )
            assert answer.overnight_stay == (overnight and came)
    ann = next(m for m in members[world.own.id] if m.name == "Ann A")
    assert ann.answer.dietary_needs == "Vegetarisk"
    assert next(m for m in members[world.other.id] if m.id == quiet.id).answer is None
    assert empty.id not in counts and empty.id not in members
    assert services.members_with_answers(meeting, []) == ({}, {})
    # Only the groups asked for: the other group's members and answers are not there.
    only_own, own_counts = services.members_with_answers(meeting, [world.own.id])
    assert set(own_counts) == set(only_own) == {world.own.id}
    # Another meeting's answers are not this one's.
    other_meeting = make_meeting(world.network, day=date(2026, 10, 1))
    elsewhere, elsewhere_counts = services.members_with_answers(other_meeting, [world.own.id])
    assert all(m.answer is None for m in elsewhere[world.own.id])
    assert elsewhere_counts[world.own.id] == services.GroupSummary()


def test_the_meeting_page_lists_each_groups_members_by_name_whatever_the_case(world):
    meeting = make_meeting(world.network, day=date(2026, 9, 1))
    for name in ("örjan Ö", "Anna A", "bertil B", "Åsa Å"):
        factories.add_member(world.own, name)
    factories.add_member(world.other, "Cecilia C")
    members, _counts = services.members_with_answers(meeting, [world.own.id])
    expected = sorted((m.person.name for m in world.own.members), key=str.lower)
    assert [m.name for m in members[world.own.id]] == expected
    assert [n for n in expected if n in ("Anna A", "bertil B", "Åsa Å", "örjan Ö")] == [
        "Anna A",
        "bertil B",
        "Åsa Å",
        "örjan Ö",
    ]
    assert world.other.id not in members
