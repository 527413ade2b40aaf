"""Meetings: planning, numbering, who is invited, registrations and attendance.

Other packages use programme_meetings, meeting_number, numbers_from and, inside their own
queries, network_meeting_count and meetings_attended_by: the hours work measures periods between
the programme's meetings, goal attainment counts the meetings attended that the network's
programme model counts. The Word reports read meeting_timeline and
meetings_attended.
"""

import functools
from dataclasses import dataclass
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import aliased, contains_eager, joinedload, selectinload, with_expression

from network_app.auth.models import Role, network_observers
from network_app.db_types import UTCDateTime, one_of
from network_app.extensions import db
from network_app.meetings import mail
from network_app.meetings.models import (
    EvaluationAnswer,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Registration,
    RegistrationResponse,
)
from network_app.meetings.timing import DEFAULT_ZONE, start_of_day_utc, zone_of
from network_app.networks.models import (
    GroupMember,
    JointMember,
    Network,
    Organisation,
    Participation,
    ParticipationStatus,
    Person,
    ProgrammeModel,
)
from network_app.plain_rows import plain_rows

NETWORK_KINDS = (MeetingKind.NETWORK, MeetingKind.DIGITAL)

# A change to one of these is a new version of the event: calendar clients see SEQUENCE rise.
VERSIONED_FIELDS = frozenset(
    {"starts_at", "ends_at", "place", "online_url", "status", "day_end_time", "day_start_time"}
)

# A change to one of these is told to those coming (mail.meeting_changed).
MOVING_FIELDS = VERSIONED_FIELDS - {"status"}


class MeetingRuleError(Exception):
    """A change the meeting's rules refuse; the view shows it next to the form."""


class RegistrationClosed(MeetingRuleError):
    pass


class NotInvited(MeetingRuleError):
    pass


class AttendanceNotYet(MeetingRuleError):
    pass


# Planning


def _normalised(values):
    values = dict(values)
    if values.get("kind", MeetingKind.WORKSHOP) != MeetingKind.WORKSHOP:
        values["host_participation"] = None
    return values


def create_meeting(network, *, now, **values):
    meeting = Meeting(network=network, created_at=now, updated_at=now, sequence=0)
    for name, value in _normalised(values).items():
        setattr(meeting, name, value)
    db.session.add(meeting)
    db.session.flush()
    return meeting


def update_meeting(meeting, *, now, **values):
    """Apply the changes; a change of time, place, link or status raises SEQUENCE by one."""
    values = _normalised(values)
    changed = [name for name, value in values.items() if getattr(meeting, name) != value]
    if not changed:
        return False
    if VERSIONED_FIELDS.intersection(changed):
        meeting.sequence = (meeting.sequence or 0) + 1
    was_cancelled = meeting.status == MeetingStatus.CANCELLED
    for name in changed:
        setattr(meeting, name, values[name])
    meeting.updated_at = now
    db.session.flush()
    # Those coming hear of a move, a cancellation, and a cancelled meeting taken up again.
    cancelled = meeting.status == MeetingStatus.CANCELLED
    mail.meeting_changed(
        meeting,
        moved=not cancelled and (was_cancelled or bool(MOVING_FIELDS.intersection(changed))),
        cancelled=cancelled and not was_cancelled,
        now=now,
    )
    return True


def cancel_meeting(meeting, *, now):
    return update_meeting(meeting, status=MeetingStatus.CANCELLED, now=now)


# The programme's meetings and their numbers (Nätverksträff 1, 2, … or Arbetsmöte 1, 2, …)
#
# A meeting counts toward the goal when it is not extra, not cancelled, and a network meeting (on
# site or digital) or, in a model where they count (2016: Arbetsmöte 2), a local workshop. All of
# a network's workshops are one meeting of the programme: they share a number and count once.


def _workshops_count():
    return Meeting.network_id.in_(
        sa.select(Network.id).where(Network.programme_model == ProgrammeModel.SKL_2016)
    )


def _counted(network_id):
    return (
        Meeting.network_id == network_id,
        Meeting.status != MeetingStatus.CANCELLED,
        Meeting.extra.is_(False),
        sa.or_(
            one_of(Meeting.kind, NETWORK_KINDS),
            sa.and_(Meeting.kind == MeetingKind.WORKSHOP, _workshops_count()),
        ),
    )


def _numbered(network_id):
    """The counted meetings that are not workshops: their order gives their numbers."""
    return (
        Meeting.network_id == network_id,
        one_of(Meeting.kind, NETWORK_KINDS),
        Meeting.status != MeetingStatus.CANCELLED,
        Meeting.extra.is_(False),
    )


# One key per meeting of the programme: every workshop has the same one.
_PROGRAMME_KEY = sa.case((Meeting.kind == MeetingKind.WORKSHOP, -1), else_=Meeting.id)


def _counts(kind, status, extra, model):
    if extra or status == MeetingStatus.CANCELLED:
        return False
    return kind in NETWORK_KINDS or (kind == MeetingKind.WORKSHOP and model.workshops_count)


def counts_toward_goal(meeting, model):
    return _counts(meeting.kind, meeting.status, meeting.extra, model)


def _number_from_rank(rank, model):
    """The rank among a network's numbered meetings -> its number; 2016 keeps 2 for the
    workshops, so its network meetings are 1, 3, 4."""
    if model.workshops_count and rank > 1:
        return rank + 1
    return rank


WORKSHOP_NUMBER = 2


def network_meetings(network):
    """The network's counted meetings in date order, workshops included where they count."""
    return db.session.scalars(
        sa.select(Meeting).where(*_counted(network.id)).order_by(Meeting.starts_at, Meeting.id)
    ).all()


def programme_meetings(network):
    """[(number, first day's meeting)] of the programme in number order: one entry for all the
    workshops (the earliest), so that the hours' periods run between the programme's meetings."""
    model = network.programme_model
    first_of = {}
    rank = 0
    for meeting in network_meetings(network):
        if meeting.kind == MeetingKind.WORKSHOP:
            first_of.setdefault(WORKSHOP_NUMBER, meeting)
        else:
            rank += 1
            first_of[_number_from_rank(rank, model)] = meeting
    return sorted(first_of.items(), key=lambda item: item[0])


def meeting_number(meeting):
    """The meeting's number in the programme; None for extra, cancelled and (but in the 2016
    model) workshop meetings."""
    model = meeting.network.programme_model
    if not counts_toward_goal(meeting, model):
        return None
    if meeting.kind == MeetingKind.WORKSHOP:
        return WORKSHOP_NUMBER
    earlier = meeting.numbered_before  # read with the meeting by meeting_with_network
    if earlier is None:
        earlier = db.session.scalar(_earlier_meetings_query(), {"id": meeting.id})
    return _number_from_rank(earlier + 1, model)


def _numbered_before(meeting):
    """The numbered meetings of the meeting's network that come before it (a correlated count):
    its number, read in the statement that loads it."""
    other = aliased(Meeting)
    return (
        sa.select(sa.func.count(other.id))
        .where(
            other.network_id == meeting.network_id,
            one_of(other.kind, NETWORK_KINDS),
            other.status != MeetingStatus.CANCELLED,
            other.extra.is_(False),
            sa.or_(
                other.starts_at < meeting.starts_at,
                sa.and_(other.starts_at == meeting.starts_at, other.id < meeting.id),
            ),
        )
        .correlate(meeting)
        .scalar_subquery()
    )


@functools.cache
def _earlier_meetings_query():
    # Built once (every meeting page numbers its meeting): building it cost more than running it.
    return sa.select(_numbered_before(Meeting)).where(Meeting.id == sa.bindparam("id"))


def network_meeting_count(network_id):
    """How many meetings of the programme count toward the goal (all workshops as one), as a
    scalar subquery for a larger query."""
    return (
        sa.select(sa.func.count(sa.distinct(_PROGRAMME_KEY)))
        .where(*_counted(network_id))
        .scalar_subquery()
    )


def goal_count(network):
    return db.session.scalar(sa.select(network_meeting_count(network.id)))


def meetings_attended_by(participation_id, network_id):
    """How many of the network's counted meetings at least one of the participation's members
    attended, as a scalar subquery: correlated when participation_id is Participation.id.

    The members as an IN list rather than a join, so that SQLite looks each (meeting, member)
    up in the registrations' unique index instead of reading every registration of the
    network's meetings (a third of the goals query's time at SKR's scale)."""
    members = (
        sa.select(GroupMember.id)
        .where(GroupMember.participation_id == participation_id)
        .correlate_except(GroupMember)
    )
    return (
        sa.select(sa.func.count(sa.distinct(_PROGRAMME_KEY)))
        .select_from(Registration)
        .join(Meeting, Meeting.id == Registration.meeting_id)
        .where(
            Registration.group_member_id.in_(members),
            Registration.attended.is_(True),
            *_counted(network_id),
        )
        .scalar_subquery()
    )


class GoalFull(MeetingRuleError):
    """The model's goal already has all its meetings: another must be extra."""


def check_goal_room(network, meeting, *, kind, status, extra):
    """Refuse a change that would give a standard model's goal more meetings than its four."""
    model = network.programme_model
    if model.goal_meetings is None or not _counts(kind, status, extra, model):
        return
    workshop = kind == MeetingKind.WORKSHOP
    if meeting is not None and counts_toward_goal(meeting, model):
        if (meeting.kind == MeetingKind.WORKSHOP) == workshop:
            return  # the same meeting of the programme
    if workshop and db.session.scalar(
        sa.select(sa.func.count(Meeting.id)).where(
            *_counted(network.id), Meeting.kind == MeetingKind.WORKSHOP
        )
    ):
        return  # one more of the workshops, which count once
    if goal_count(network) >= model.goal_meetings:
        raise GoalFull(model.goal_meetings)


def touch_meetings(network, *, now):
    """Move every meeting's updated_at, so that calendars holding the network's meetings are
    written again (after its words changed with its programme model)."""
    db.session.execute(
        sa.update(Meeting).where(Meeting.network_id == network.id).values(updated_at=now)
    )


def meetings_attended(participation_ids):
    """{participation id: {meeting id}} of the meetings at least one of the group's members
    attended, workshops included, in one query."""
    rows = db.session.execute(
        sa.select(GroupMember.participation_id, Registration.meeting_id)
        .join(Registration, Registration.group_member_id == GroupMember.id)
        .where(GroupMember.participation_id.in_(participation_ids), Registration.attended.is_(True))
        .distinct()
    )
    found = {}
    for participation_id, meeting_id in rows:
        found.setdefault(participation_id, set()).add(meeting_id)
    return found


def meeting_timeline(network):
    """Every meeting of the network that was not cancelled, workshops included, in time order."""
    return db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.network_id == network.id, Meeting.status != MeetingStatus.CANCELLED)
        .order_by(Meeting.starts_at)
    ).all()


# Which meetings a user sees and gets in calendars


def _accepted_participations_of(organisation_id):
    """The organisation's accepted participations, its own and the joint ones it is in."""
    joint = sa.select(JointMember.participation_id).where(
        JointMember.organisation_id == organisation_id
    )
    return sa.select(Participation).where(
        sa.or_(Participation.organisation_id == organisation_id, Participation.id.in_(joint)),
        Participation.status == ParticipationStatus.ACCEPTED,
    )


def calendar_meetings_query(user):
    """The meetings in the user's calendar: a participant's networks' network meetings and the
    own organisation's workshops; an observer's observed networks; a leader's led networks."""
    return _calendar_meetings_query(user.role, user.id, user.organisation_id)


def _calendar_meetings_query(role, user_id, organisation_id):
    """calendar_meetings_query of a role, the user and organisation given as values or as
    bind parameters (a statement built once)."""
    query = sa.select(Meeting)
    if role == Role.LEADER:
        return query.where(
            Meeting.network_id.in_(sa.select(Network.id).where(Network.leader_id == user_id))
        )
    if role == Role.OBSERVER:
        observed = sa.select(network_observers.c.network_id).where(
            network_observers.c.user_id == user_id
        )
        return query.where(Meeting.network_id.in_(observed))
    accepted = _accepted_participations_of(organisation_id).subquery()
    return query.where(
        sa.or_(
            sa.and_(
                one_of(Meeting.kind, NETWORK_KINDS),
                Meeting.network_id.in_(sa.select(accepted.c.network_id)),
            ),
            sa.and_(
                Meeting.kind == MeetingKind.WORKSHOP,
                Meeting.host_participation_id.in_(sa.select(accepted.c.id)),
            ),
        )
    )


@dataclass(frozen=True)
class CalendarState:
    """What a calendar's meetings look like, in one row: any change to them changes it.

    Every change of a meeting moves its updated_at (the model sets it on each UPDATE), so the
    latest one moves; the count and the sums of ids catch a meeting entering or leaving the
    calendar; the least and greatest time zone decide the zone the calendar is written in."""

    meetings: int
    id_sum: int
    id_square_sum: int
    sequence_sum: int
    last_updated: object  # datetime, or None without meetings
    first_zone: str | None
    last_zone: str | None


def calendar_state(meetings_query):
    """The CalendarState of the meetings a query selects, computed in SQL."""
    return CalendarState(*db.session.execute(_calendar_state_query(meetings_query)).one())


def network_calendar_state(user, network):
    """calendar_state of the network's meetings as the user may see them
    (network_meetings_query_for), its statement built once."""
    statement = _network_calendar_state_query(user.role == Role.PARTICIPANT)
    parameters = network_meetings_parameters(user, network)
    return CalendarState(*db.session.execute(statement, parameters).one())


@functools.cache
def _network_calendar_state_query(participant):
    return _calendar_state_query(network_meetings_select(participant))


def _calendar_state_query(meetings_query):
    selected = meetings_query.with_only_columns(
        Meeting.id, Meeting.sequence, Meeting.updated_at, Network.time_zone
    ).join_from(Meeting, Network, Meeting.network_id == Network.id)
    rows = selected.subquery()
    ids = sa.cast(rows.c.id, sa.BigInteger)
    return sa.select(
        sa.func.count(),
        sa.func.coalesce(sa.func.sum(ids), 0),
        sa.func.coalesce(sa.func.sum(ids * ids), 0),
        sa.func.coalesce(sa.func.sum(rows.c.sequence), 0),
        sa.func.max(rows.c.updated_at).label("last_updated"),
        sa.func.min(rows.c.time_zone),
        sa.func.max(rows.c.time_zone),
    )


def calendar_meetings(user):
    return db.session.scalars(
        calendar_meetings_query(user)
        .options(selectinload(Meeting.network))
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()


def _start_of_local_today(zone_name, now):
    zone = zone_of(zone_name)
    return start_of_day_utc(now.astimezone(zone).date(), zone)


# Built once for each role and set of other time zones, with the user, the days and the limit
# as parameters: building it cost as much as the rest of the dashboard's statements together.
@functools.cache
def _next_meetings_query(role, other_zones):
    since = sa.bindparam("since", type_=UTCDateTime)
    if other_zones:
        zone = sa.select(Network.time_zone).where(Network.id == Meeting.network_id)
        since = sa.case(
            {
                name: sa.bindparam(f"since_{index}", type_=UTCDateTime)
                for index, name in enumerate(other_zones)
            },
            value=zone.scalar_subquery(),
            else_=since,
        )
    return (
        _calendar_meetings_query(role, sa.bindparam("user_id"), sa.bindparam("organisation_id"))
        .where(Meeting.ends_at >= since, Meeting.status != MeetingStatus.CANCELLED)
        .options(selectinload(Meeting.network), selectinload(Meeting.host_participation))
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(sa.bindparam("limit"))
    )


def next_meetings_for(user, now, *, zones=(), limit=5):
    """The user's coming meetings, cancelled ones left out, soonest first: those that end today
    or later, today being the date where each meeting's network is. zones: the time zones of
    the networks the meetings may belong to (a network in another zone counts from the start
    of today in Stockholm)."""
    others = tuple(sorted(set(zones) - {DEFAULT_ZONE}))
    parameters = {
        "since": _start_of_local_today(DEFAULT_ZONE, now),
        "user_id": user.id,
        "organisation_id": user.organisation_id,
        "limit": limit,
    }
    for index, name in enumerate(others):
        parameters[f"since_{index}"] = _start_of_local_today(name, now)
    return db.session.scalars(_next_meetings_query(user.role, others), parameters).all()


def network_meetings_query_for(user, network):
    """A network's schedule as the user may see it: participants see only their own workshops."""
    select = network_meetings_select(user.role == Role.PARTICIPANT)
    return select.params(network_meetings_parameters(user, network))


def network_meetings_parameters(user, network):
    return {"network_id": network.id, "organisation_id": user.organisation_id}


@functools.cache
def network_meetings_select(participant):
    """network_meetings_query_for built once, for a participant or anyone else, with the
    parameters of network_meetings_parameters."""
    query = sa.select(Meeting).where(Meeting.network_id == sa.bindparam("network_id"))
    if participant:
        organisation_id = sa.bindparam("organisation_id")
        own = sa.select(Participation.id).where(Participation.organisation_id == organisation_id)
        joint = sa.select(JointMember.participation_id).where(
            JointMember.organisation_id == organisation_id
        )
        query = query.where(
            sa.or_(
                Meeting.kind != MeetingKind.WORKSHOP,
                Meeting.host_participation_id.in_(own),
                Meeting.host_participation_id.in_(joint),
            )
        )
    return query


def meetings_of_network_for(user, network):
    return db.session.scalars(
        network_meetings_query_for(user, network)
        .options(selectinload(Meeting.host_participation).selectinload(Participation.organisation))
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()


# Who is invited, registrations and attendance


def is_invited(meeting, participation):
    if meeting.kind == MeetingKind.WORKSHOP:
        return participation.id == meeting.host_participation_id
    return (
        participation.network_id == meeting.network_id
        and participation.status == ParticipationStatus.ACCEPTED
    )


@functools.cache
def _meeting_query(with_materials):
    query = (
        sa.select(Meeting)
        .options(
            joinedload(Meeting.network),
            with_expression(Meeting.numbered_before, _numbered_before(Meeting)),
            with_expression(Meeting.evaluation_answers, _evaluation_answers(Meeting)),
        )
        .where(Meeting.id == sa.bindparam("id"))
    )
    if with_materials:
        query = query.options(joinedload(Meeting.materials))
    return query


def _evaluation_answers(meeting):
    return (
        sa.select(sa.func.count())
        .select_from(EvaluationAnswer)
        .where(EvaluationAnswer.meeting_id == meeting.id)
        .correlate(meeting)
        .scalar_subquery()
    )


def meeting_with_network(meeting_id, *, with_materials=False):
    """The meeting, or None, with its network (every meeting page reads it: access, time zone)
    and what its number needs (meeting_number then runs no query of its own); with its
    materials too for the meeting page (a meeting has a few: the rows they multiply stay few)."""
    found = db.session.scalars(_meeting_query(with_materials), {"id": meeting_id})
    return found.unique().first()


@functools.cache
def _invited_query(workshop, with_members=True):
    query = (
        sa.select(Participation)
        .join(Participation.organisation)
        .options(contains_eager(Participation.organisation))
    )
    if with_members:
        # The people joined to their memberships: one query for every group's members, where
        # a second IN over the people would split into two past 500 (a network of 200 groups).
        query = query.options(selectinload(Participation.members).joinedload(GroupMember.person))
    if workshop:
        return query.where(Participation.id == sa.bindparam("host"))
    return query.where(
        Participation.network_id == sa.bindparam("network"),
        Participation.status == ParticipationStatus.ACCEPTED,
    )


def invited_participations(meeting, *, with_members=True):
    """The groups asked to the meeting, by name, with their organisations, and unless told
    otherwise their members and people loaded."""
    workshop = meeting.kind == MeetingKind.WORKSHOP
    rows = db.session.scalars(
        _invited_query(workshop, with_members),
        {"host": meeting.host_participation_id} if workshop else {"network": meeting.network_id},
    ).all()
    return sorted(rows, key=lambda p: p.organisation.name.lower())


@functools.cache
def _registrations_query():
    return (
        sa.select(Registration)
        .join(GroupMember, GroupMember.id == Registration.group_member_id)
        .where(
            Registration.meeting_id == sa.bindparam("meeting"),
            GroupMember.participation_id.in_(sa.bindparam("ids", expanding=True)),
        )
    )


def registrations_by_member(meeting, participation_ids):
    if not participation_ids:
        return {}
    rows = db.session.scalars(
        _registrations_query(), {"meeting": meeting.id, "ids": list(participation_ids)}
    ).all()
    return {r.group_member_id: r for r in rows}


def asks_for_dietary_needs(meeting):
    return meeting.kind != MeetingKind.DIGITAL


class DeadlinePassed(MeetingRuleError):
    """After the registration deadline only the leader changes answers."""


def open_to_groups(meeting, now):
    """Whether the groups may still answer: not after the deadline (its whole day counts, in the
    network's zone)."""
    if meeting.registration_closes_on is None:
        return True
    return now.astimezone(zone_of(meeting.network.time_zone)).date() <= (
        meeting.registration_closes_on
    )


def _check_open(meeting, *, by_leader, now):
    if meeting.status == MeetingStatus.CANCELLED:
        raise RegistrationClosed("cancelled")
    if meeting.ends_at <= now:
        raise RegistrationClosed("past")
    if not by_leader and not open_to_groups(meeting, now):
        raise DeadlinePassed(meeting.registration_closes_on)


def _answer(meeting, member, existing, *, response, overnight_stay, dietary_needs, by, now):
    registration = existing
    if registration is None:
        registration = Registration(meeting=meeting, group_member_id=member.id)
        db.session.add(registration)
    attending = response == RegistrationResponse.ATTENDING
    registration.response = response
    registration.overnight_stay = bool(attending and meeting.has_overnight_stay and overnight_stay)
    registration.dietary_needs = (
        dietary_needs if attending and asks_for_dietary_needs(meeting) else ""
    )
    registration.registered_by_id = by.id
    registration.updated_at = now
    return registration


def register(meeting, member, *, response, overnight_stay, dietary_needs, by, now, by_leader=False):
    """A group member's answer, given by someone of the group or the leader (by_leader: also
    after the deadline)."""
    _check_open(meeting, by_leader=by_leader, now=now)
    if not is_invited(meeting, member.participation):
        raise NotInvited(member.id)
    existing = db.session.scalar(
        sa.select(Registration).where(
            Registration.meeting_id == meeting.id, Registration.group_member_id == member.id
        )
    )
    registration = _answer(
        meeting,
        member,
        existing,
        response=response,
        overnight_stay=overnight_stay,
        dietary_needs=dietary_needs,
        by=by,
        now=now,
    )
    db.session.flush()
    mail.registration_received(meeting, registration, member, now=now)
    return registration


@dataclass(frozen=True)
class GroupAnswer:
    member: GroupMember
    response: RegistrationResponse
    overnight_stay: bool
    dietary_needs: str


def register_group(meeting, participation, answers, *, by, by_leader, now):
    """The whole group's answers in one step: every member of the participation coming or not,
    with overnight stay and diet. Refused as a whole (nothing stored) when the meeting is
    closed to the group or a member is not of the group."""
    _check_open(meeting, by_leader=by_leader, now=now)
    if not is_invited(meeting, participation):
        raise NotInvited(participation.id)
    if any(answer.member.participation_id != participation.id for answer in answers):
        raise NotInvited(participation.id)
    existing = registrations_by_member(meeting, [participation.id])
    saved = [
        (
            answer.member,
            _answer(
                meeting,
                answer.member,
                existing.get(answer.member.id),
                response=answer.response,
                overnight_stay=answer.overnight_stay,
                dietary_needs=answer.dietary_needs,
                by=by,
                now=now,
            ),
        )
        for answer in answers
    ]
    db.session.flush()
    # Each member is told of their own answer, as when answering alone (an unchanged answer is
    # not told again: the dedupe key holds the answer).
    for member, registration in saved:
        mail.registration_received(meeting, registration, member, now=now)
    return len(answers)


def record_attendance(meeting, members, attended_ids, *, by, now):
    """After (or during) the meeting: who of the invited members actually came."""
    if meeting.status == MeetingStatus.CANCELLED or meeting.starts_at > now:
        raise AttendanceNotYet(meeting.id)
    existing = registrations_by_member(meeting, {m.participation_id for m in members})
    for member in members:
        came = member.id in attended_ids
        registration = existing.get(member.id)
        if registration is None:
            if not came:
                continue
            registration = Registration(
                meeting=meeting,
                group_member_id=member.id,
                response=RegistrationResponse.ATTENDING,
                registered_by_id=by.id,
            )
            db.session.add(registration)
        registration.attended = came
        registration.updated_at = now
    db.session.flush()


@dataclass(frozen=True)
class GroupSummary:
    attending: int = 0
    not_attending: int = 0
    overnight: int = 0
    attended: int = 0


class Answer(NamedTuple):
    """A member's registration as the meeting page shows it."""

    response: RegistrationResponse
    overnight_stay: bool
    dietary_needs: str | None
    attended: bool | None


class MemberAnswer(NamedTuple):
    id: int  # the group member's
    name: str
    answer: Answer | None  # None: no answer yet


@functools.cache
def _members_with_answers_query():
    def count_where(condition):
        return sa.func.sum(sa.case((condition, 1), else_=0)).over(
            partition_by=GroupMember.participation_id
        )

    return (
        sa.select(
            GroupMember.participation_id,
            GroupMember.id,
            Person.name,
            Registration.id,
            Registration.response,
            Registration.overnight_stay,
            Registration.dietary_needs,
            Registration.attended,
            count_where(Registration.response == RegistrationResponse.ATTENDING),
            count_where(Registration.response == RegistrationResponse.NOT_ATTENDING),
            count_where(Registration.overnight_stay.is_(True)),
            count_where(Registration.attended.is_(True)),
        )
        .join(Person, Person.id == GroupMember.person_id)
        .outerjoin(
            Registration,
            sa.and_(
                Registration.group_member_id == GroupMember.id,
                Registration.meeting_id == sa.bindparam("meeting"),
            ),
        )
        .where(GroupMember.participation_id.in_(sa.bindparam("ids", expanding=True)))
    )


def members_with_answers(meeting, participation_ids):
    """({participation id: [MemberAnswer]} by name, as people read a list: case-insensitive;
    {participation id: GroupSummary}): each group's members with their answers to the meeting,
    and the counts of answers, overnight stays and attendance, counted in SQL over each group's
    rows (a window). One query for the meeting page, as plain rows."""
    if not participation_ids:
        return {}, {}
    members, counts = {}, {}
    for (
        participation_id,
        member_id,
        name,
        registration_id,
        response,
        overnight_stay,
        dietary_needs,
        attended,
        *figures,
    ) in plain_rows(
        _members_with_answers_query(), {"meeting": meeting.id, "ids": list(participation_ids)}
    ):
        answer = None
        if registration_id is not None:
            answer = Answer(response, overnight_stay, dietary_needs, attended)
        members.setdefault(participation_id, []).append(MemberAnswer(member_id, name, answer))
        if participation_id not in counts:  # the same on each of the group's rows
            counts[participation_id] = GroupSummary(*(int(value or 0) for value in figures))
    for found in members.values():
        found.sort(key=lambda m: (m.name.lower(), m.id))
    return members, counts


@dataclass(frozen=True)
class OrganisationAnswers:
    """One organisation's answers to a meeting, counted in SQL."""

    participation_id: int
    organisation: str
    members: int
    attending: int
    not_attending: int
    overnight: int
    diets: int

    @property
    def unanswered(self):
        return self.members - self.attending - self.not_attending


def _meeting_parameters(meeting):
    """The values of the parameters of the statements below that are built once."""
    return {
        "meeting_id": meeting.id,
        "network_id": meeting.network_id,
        "host_participation_id": meeting.host_participation_id,
    }


# Built once (a workshop's and the others'), with the meeting as parameters: building them cost
# more than running them (the meeting's registrations page).
@functools.cache
def _answers_query(workshop):
    if workshop:
        invited = Participation.id == sa.bindparam("host_participation_id")
    else:
        invited = sa.and_(
            Participation.network_id == sa.bindparam("network_id"),
            Participation.status == ParticipationStatus.ACCEPTED,
        )
    attending = Registration.response == RegistrationResponse.ATTENDING
    return (
        sa.select(
            Participation.id,
            Organisation.name,
            sa.func.count(GroupMember.id),
            _count_where(attending),
            _count_where(Registration.response == RegistrationResponse.NOT_ATTENDING),
            _count_where(sa.and_(attending, Registration.overnight_stay.is_(True))),
            _count_where(sa.and_(attending, Registration.dietary_needs != "")),
        )
        .join(Organisation, Organisation.id == Participation.organisation_id)
        .outerjoin(GroupMember, GroupMember.participation_id == Participation.id)
        .outerjoin(
            Registration,
            sa.and_(
                Registration.group_member_id == GroupMember.id,
                Registration.meeting_id == sa.bindparam("meeting_id"),
            ),
        )
        .where(invited)
        .group_by(Participation.id, Organisation.name)
        .order_by(Organisation.name)
    )


def answers_by_organisation(meeting):
    """Per invited organisation: its members, who comes, who does not, who has not answered,
    overnight stays and special diets, in one query (totals: sum the rows)."""
    rows = db.session.execute(
        _answers_query(meeting.kind == MeetingKind.WORKSHOP), _meeting_parameters(meeting)
    )
    return [
        OrganisationAnswers(pid, name, *(int(value or 0) for value in counts))
        for pid, name, *counts in rows
    ]


@functools.cache
def _diets_query():
    return (
        sa.select(Registration.dietary_needs, sa.func.count(Registration.id))
        .where(
            Registration.meeting_id == sa.bindparam("meeting_id"),
            Registration.response == RegistrationResponse.ATTENDING,
            Registration.dietary_needs != "",
        )
        .group_by(Registration.dietary_needs)
        .order_by(sa.func.count(Registration.id).desc(), Registration.dietary_needs)
    )


def diet_counts(meeting):
    """[(special diet as written, how many coming need it)], most common first: for catering."""
    return [
        (diet, int(count))
        for diet, count in db.session.execute(_diets_query(), {"meeting_id": meeting.id})
    ]


@dataclass(frozen=True)
class CateringRow:
    organisation: str
    name: str
    overnight_stay: bool
    dietary_needs: str


def coming_for_catering(meeting):
    """Who comes, for the hotel and catering: organisation, name, overnight stay and diet only."""
    query = _registrations_with_people(
        meeting,
        Organisation.name,
        Person.name,
        Registration.overnight_stay,
        Registration.dietary_needs,
    ).where(Registration.response == RegistrationResponse.ATTENDING)
    return [CateringRow(*row) for row in db.session.execute(query)]


def _registrations_with_people(meeting, *columns):
    """The meeting's registrations joined to their people and organisations, by organisation
    then name: the columns asked for."""
    return (
        sa.select(*columns)
        .select_from(Registration)
        .join(GroupMember, GroupMember.id == Registration.group_member_id)
        .join(Person, Person.id == GroupMember.person_id)
        .join(Participation, Participation.id == GroupMember.participation_id)
        .join(Organisation, Organisation.id == Participation.organisation_id)
        .where(Registration.meeting_id == meeting.id)
        .order_by(Organisation.name, Person.name)
    )


@dataclass(frozen=True)
class ExportRow:
    organisation: str
    name: str
    title: str
    response: RegistrationResponse
    overnight_stay: bool
    dietary_needs: str
    attended: bool | None


def registrations_for_export(meeting):
    query = _registrations_with_people(
        meeting,
        Organisation.name,
        Person.name,
        Person.title,
        Registration.response,
        Registration.overnight_stay,
        Registration.dietary_needs,
        Registration.attended,
    )
    return [ExportRow(*row) for row in db.session.execute(query)]


def numbers_from(meetings):
    """Numbers of the programme's meetings from a list that holds all of their networks'
    network meetings (as a calendar does), without another query; the meetings' networks
    loaded."""
    by_network = {}
    numbers = {}
    for meeting in meetings:
        model = meeting.network.programme_model
        if not counts_toward_goal(meeting, model):
            continue
        if meeting.kind == MeetingKind.WORKSHOP:
            numbers[meeting.id] = WORKSHOP_NUMBER
        else:
            by_network.setdefault(meeting.network_id, (model, []))[1].append(meeting)
    for model, group in by_network.values():
        group.sort(key=lambda m: (m.starts_at, m.id))
        numbers.update(
            {m.id: _number_from_rank(rank, model) for rank, m in enumerate(group, start=1)}
        )
    return numbers


@dataclass(frozen=True)
class GroupMeetingRow:
    meeting: Meeting
    attending: int
    not_attending: int
    attended: int


def _count_where(condition):
    return sa.func.sum(sa.case((condition, 1), else_=0))


def _meetings_of_group_statement():
    participation_id = sa.bindparam("participation_id")
    members = (
        sa.select(GroupMember.id)
        .where(GroupMember.participation_id == participation_id)
        .correlate_except(GroupMember)
    )
    return (
        sa.select(
            Meeting,
            _count_where(Registration.response == RegistrationResponse.ATTENDING),
            _count_where(Registration.response == RegistrationResponse.NOT_ATTENDING),
            _count_where(Registration.attended.is_(True)),
        )
        .outerjoin(
            Registration,
            sa.and_(
                Registration.meeting_id == Meeting.id, Registration.group_member_id.in_(members)
            ),
        )
        .where(
            Meeting.network_id == sa.bindparam("network_id"),
            sa.or_(
                one_of(Meeting.kind, NETWORK_KINDS),
                Meeting.host_participation_id == participation_id,
            ),
        )
        .group_by(Meeting.id)
        .order_by(Meeting.starts_at, Meeting.id)
    )


# Built once: every group page runs it, and building it cost as much as running it.
_MEETINGS_OF_GROUP = _meetings_of_group_statement()


def meetings_of_group(participation):
    """The meetings a group is asked to, with its answers and attendance counted in one query."""
    rows = db.session.execute(
        _MEETINGS_OF_GROUP,
        {"participation_id": participation.id, "network_id": participation.network_id},
    )
    return [
        GroupMeetingRow(meeting, int(a or 0), int(n or 0), int(t or 0)) for meeting, a, n, t in rows
    ]
