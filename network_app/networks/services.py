"""Networks and project groups: the life cycle of a participation and the group's rules."""

import functools
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from network_app.auth.models import Invitation, User
from network_app.extensions import db
from network_app.networks.models import (
    GroupMember,
    JointMember,
    Network,
    Organisation,
    OrganisationKind,
    Participation,
    ParticipationStatus,
    Person,
    PersonKind,
)
from network_app.register import services as register_services
from network_app.register.models import RegisterEntry


class NetworkRuleError(Exception):
    """A change the network's rules refuse; the view shows it in the form."""


class AlreadyParticipating(NetworkRuleError):
    pass


class TransitionNotAllowed(NetworkRuleError):
    pass


class DecisionMissing(NetworkRuleError):
    pass


class AlreadyMember(NetworkRuleError):
    pass


class PersonEmailTaken(NetworkRuleError):
    pass


class OrganisationNameTaken(NetworkRuleError):
    pass


class RegisterEntryTaken(NetworkRuleError):
    """Another organisation already is this register entry."""

    def __init__(self, holder):
        super().__init__(holder.name)
        self.holder = holder


def local_today(network, now=None):
    """Today's date where the network is: the hours' pace and refusal of future dates, and the
    meetings still to come, use it rather than the server's date."""
    zone = ZoneInfo(network.time_zone)
    return now.astimezone(zone).date() if now is not None else datetime.now(zone).date()


# Organisations and participations


def organisation_name_taken(name, *, except_id=None):
    query = sa.select(Organisation.id).where(sa.func.lower(Organisation.name) == name.lower())
    if except_id is not None:
        query = query.where(Organisation.id != except_id)
    return db.session.scalar(query) is not None


def _check_entry_free(entry, *, except_id=None):
    holder = db.session.scalar(
        sa.select(Organisation).where(Organisation.register_code == entry.code)
    )
    if holder is not None and holder.id != except_id:
        raise RegisterEntryTaken(holder)
    if organisation_name_taken(entry.long_name, except_id=except_id):
        raise OrganisationNameTaken(entry.long_name)


def create_organisation(entry):
    """The organisation a register entry stands for: its name and kind are the register's, so
    that no organisation is in the app twice under two spellings."""
    _check_entry_free(entry)
    organisation = Organisation(
        name=entry.long_name, kind=OrganisationKind(entry.kind), register_code=entry.code
    )
    db.session.add(organisation)
    db.session.flush()
    return organisation


def link_organisation(organisation, entry):
    """Make the organisation the register entry (an organisation from before the register that
    its migration could not match, or one linked to the wrong entry)."""
    _check_entry_free(entry, except_id=organisation.id)
    organisation.register_code = entry.code
    organisation.name = entry.long_name
    organisation.kind = OrganisationKind(entry.kind)
    db.session.flush()


def organisation_for_entry(entry):
    """The organisation linked to the register entry, or None."""
    return db.session.scalar(
        sa.select(Organisation).where(Organisation.register_code == entry.code)
    )


def unlinked_organisations():
    """Organisations no register entry stands for yet: the leader links each by hand."""
    return db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.register_code.is_(None))
        .order_by(Organisation.name)
    ).all()


def free_register_entries(*, keep=None):
    """The register entries no organisation has yet (and `keep`, an organisation's own)."""
    taken = sa.select(Organisation.register_code).where(Organisation.register_code.is_not(None))
    query = sa.select(RegisterEntry).order_by(RegisterEntry.name, RegisterEntry.code)
    if keep is not None:
        query = query.where(sa.or_(RegisterEntry.code.not_in(taken), RegisterEntry.code == keep))
    else:
        query = query.where(RegisterEntry.code.not_in(taken))
    return db.session.scalars(query).all()


def in_network(network, organisation):
    """The organisation takes part in the network: on its own or as a joint member."""
    own = sa.select(Participation.id).where(
        Participation.network_id == network.id, Participation.organisation_id == organisation.id
    )
    joint = sa.select(JointMember.id).where(
        JointMember.network_id == network.id, JointMember.organisation_id == organisation.id
    )
    return db.session.scalar(sa.select(sa.or_(sa.exists(own), sa.exists(joint))))


def add_joint_member(participation, organisation, *, now):
    """Make the participation a joint one (samverkanslösning) with the organisation as a member:
    its people see and work on the group, hours, case and report as their own."""
    if in_network(participation.network, organisation):
        raise AlreadyParticipating(organisation.name)
    member = JointMember(
        network_id=participation.network_id,
        participation=participation,
        organisation=organisation,
        added_at=now,
    )
    db.session.add(member)
    db.session.flush()
    return member


# Why an organisation named to apply together with another cannot (partner_problems).
PARTNER_SELF = "self"
PARTNER_TWICE = "twice"
PARTNER_PARTICIPATING = "participating"
PARTNER_UNKNOWN = "unknown"


def partner_problems(network, lead_code, codes):
    """[(row index, reason)] for the organisations named, by register code on a form's rows
    (None: an empty row), to apply together with the organisation of `lead_code`: the lead
    itself, the same one twice, one not in the register, one already in the network (on its own
    or jointly)."""
    problems, seen = [], set()
    for index, code in enumerate(codes):
        if not code:
            continue
        if code == lead_code:
            problems.append((index, PARTNER_SELF))
        elif code in seen:
            problems.append((index, PARTNER_TWICE))
        elif (entry := register_services.get_entry(code)) is None:
            problems.append((index, PARTNER_UNKNOWN))
        else:
            organisation = organisation_for_entry(entry)
            if organisation is not None and in_network(network, organisation):
                problems.append((index, PARTNER_PARTICIPATING))
        seen.add(code)
    return problems


def add_partners(participation, entries, *, now):
    """Each register entry's organisation (created from the entry if the app lacks it) becomes
    a joint member of the participation. Raises AlreadyParticipating for one already in the
    network and the other NetworkRuleErrors of create_organisation: the caller rolls back."""
    members = []
    for entry in entries:
        organisation = organisation_for_entry(entry)
        if organisation is None:
            organisation = create_organisation(entry)
        members.append(add_joint_member(participation, organisation, now=now))
    return members


def remove_joint_member(participation, organisation_id):
    member = db.session.scalar(
        sa.select(JointMember).where(
            JointMember.participation_id == participation.id,
            JointMember.organisation_id == organisation_id,
        )
    )
    if member is None:
        return False
    db.session.delete(member)
    db.session.flush()
    return True


def joint_member_choices(participation):
    """Organisations that could join the participation: in no part of its network yet."""
    own = sa.select(Participation.organisation_id).where(
        Participation.network_id == participation.network_id
    )
    joint = sa.select(JointMember.organisation_id).where(
        JointMember.network_id == participation.network_id
    )
    return db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.id.not_in(own), Organisation.id.not_in(joint))
        .order_by(Organisation.name)
    ).all()


def accepted_participations(network):
    """The organisations accepted into the network, each with its organisation and its group's
    people loaded: three queries however many."""
    return db.session.scalars(
        sa.select(Participation)
        .where(
            Participation.network_id == network.id,
            Participation.status == ParticipationStatus.ACCEPTED,
        )
        .options(
            selectinload(Participation.organisation),
            selectinload(Participation.members).selectinload(GroupMember.person),
        )
    ).all()


def register_application(network, organisation, *, background, applied_on, now):
    """The organisation applies to take part in the network (refused when it is in it already,
    on its own or as a joint member)."""
    if in_network(network, organisation):
        raise AlreadyParticipating(organisation.name)
    participation = Participation(
        network=network,
        organisation=organisation,
        background=background,
        applied_on=applied_on,
        status=ParticipationStatus.APPLIED,
        status_changed_at=now,
    )
    db.session.add(participation)
    db.session.flush()
    return participation


# Which status may follow which: the 2016 invitation's life cycle, plus a way back to "applied"
# for a decision taken in error.
ALLOWED_TRANSITIONS = {
    ParticipationStatus.APPLIED: {
        ParticipationStatus.ACCEPTED,
        ParticipationStatus.DECLINED,
        ParticipationStatus.WITHDRAWN,
    },
    ParticipationStatus.ACCEPTED: {ParticipationStatus.WITHDRAWN},
    ParticipationStatus.DECLINED: {ParticipationStatus.APPLIED},
    ParticipationStatus.WITHDRAWN: {ParticipationStatus.APPLIED},
}


def allowed_next_statuses(participation):
    return ALLOWED_TRANSITIONS[participation.status]


def change_status(participation, new_status, *, now):
    if new_status not in ALLOWED_TRANSITIONS[participation.status]:
        raise TransitionNotAllowed(f"{participation.status} -> {new_status}")
    if new_status == ParticipationStatus.ACCEPTED and not participation.has_political_decision:
        raise DecisionMissing()
    participation.status = new_status
    participation.status_changed_at = now
    db.session.flush()


def accept(participation, *, decision_body, decision_date, decision_reference, now):
    """Accept the application; the network requires the organisation's political decision."""
    participation.decision_body = decision_body
    participation.decision_date = decision_date
    participation.decision_reference = decision_reference
    change_status(participation, ParticipationStatus.ACCEPTED, now=now)


# The project group


@dataclass(frozen=True)
class GroupComposition:
    members: int = 0
    elected_officials: int = 0
    civil_servants: int = 0
    contacts: int = 0


@dataclass(frozen=True)
class GroupStatus:
    """Whether a group meets the network's rules; a status to show, never a block."""

    composition: GroupComposition
    too_few: bool
    too_many: bool
    no_elected_official: bool
    no_civil_servant: bool
    no_contact: bool

    @property
    def meets_rules(self):
        return not (
            self.too_few or self.too_many or self.no_elected_official or self.no_civil_servant
        )


# Built once, with the participations as an expanding parameter (the dashboards' and the group
# pages' statement: building it cost more than running it).
def compositions_select(participation_ids):
    """The select of each group's counts (participation_id, members, elected_officials,
    civil_servants, contacts) among the participations a select or parameter gives, to run or
    to join as a subquery."""
    return (
        sa.select(
            GroupMember.participation_id,
            sa.func.count(GroupMember.id).label("members"),
            sa.func.sum(sa.case((Person.kind == PersonKind.ELECTED_OFFICIAL, 1), else_=0)).label(
                "elected_officials"
            ),
            sa.func.sum(sa.case((Person.kind == PersonKind.CIVIL_SERVANT, 1), else_=0)).label(
                "civil_servants"
            ),
            sa.func.sum(sa.case((GroupMember.is_contact, 1), else_=0)).label("contacts"),
        )
        .join(Person, Person.id == GroupMember.person_id)
        .where(GroupMember.participation_id.in_(participation_ids))
        .group_by(GroupMember.participation_id)
    )


@functools.cache
def _compositions_query():
    return compositions_select(sa.bindparam("ids", expanding=True))


def compositions(participation_ids):
    """Member counts per participation, computed in one SQL query."""
    if not participation_ids:
        return {}
    rows = db.session.execute(_compositions_query(), {"ids": list(participation_ids)})
    return {row[0]: GroupComposition(*(int(value) for value in row[1:])) for row in rows}


def group_status(network, composition):
    return GroupStatus(
        composition=composition,
        too_few=composition.members < network.group_size_min,
        too_many=composition.members > network.group_size_max,
        no_elected_official=composition.elected_officials == 0,
        no_civil_servant=composition.civil_servants == 0,
        no_contact=composition.contacts == 0,
    )


def composition_of(members):
    """The composition of a group whose members (with their people) are loaded already: the
    group page shows them, so counting its few rows needs no query of its own."""
    return GroupComposition(
        members=len(members),
        elected_officials=sum(m.person.kind == PersonKind.ELECTED_OFFICIAL for m in members),
        civil_servants=sum(m.person.kind == PersonKind.CIVIL_SERVANT for m in members),
        contacts=sum(bool(m.is_contact) for m in members),
    )


def group_statuses(participations):
    """The status of each participation's group, keyed by participation id, in one query."""
    counted = compositions([p.id for p in participations])
    return {
        p.id: group_status(p.network, counted.get(p.id, GroupComposition())) for p in participations
    }


def _person_with_email(organisation, email, *, except_id=None):
    query = sa.select(Person).where(
        Person.organisation_id == organisation.id, Person.email == email
    )
    if except_id is not None:
        query = query.where(Person.id != except_id)
    return db.session.scalar(query)


def _make_only_contact(member):
    for other in member.participation.members:
        if other is not member:
            other.is_contact = False
    member.is_contact = True


def email_refusal(participation, email, *, member=None):
    """The refusal add_member (member None) or update_member would raise for this address, or
    None: the form shows it beside its other errors in the same round."""
    email = (email or "").strip().lower()
    organisation = participation.organisation
    if member is not None:
        taken = _person_with_email(organisation, email, except_id=member.person_id)
        return PersonEmailTaken(email) if taken is not None else None
    person = _person_with_email(organisation, email)
    if person is not None and any(m.person_id == person.id for m in participation.members):
        return AlreadyMember(email)
    return None


def add_member(participation, *, name, title, kind, function, email, phone, is_contact):
    """Add a person to the group, reusing the organisation's record of them if it has one."""
    email = email.strip().lower()
    organisation = participation.organisation
    person = _person_with_email(organisation, email)
    if person is None:
        person = Person(organisation=organisation, email=email)
        db.session.add(person)
    elif any(m.person_id == person.id for m in participation.members):
        raise AlreadyMember(email)
    person.name, person.title, person.kind, person.function = name, title, kind, function
    person.phone = phone or None
    member = GroupMember(participation=participation, person=person)
    db.session.add(member)
    if is_contact:
        _make_only_contact(member)
    db.session.flush()
    return member


def update_member(member, *, name, title, kind, function, email, phone, is_contact):
    email = email.strip().lower()
    person = member.person
    if _person_with_email(person.organisation, email, except_id=person.id) is not None:
        raise PersonEmailTaken(email)
    person.name, person.title, person.kind, person.function = name, title, kind, function
    person.email, person.phone = email, phone or None
    if is_contact:
        _make_only_contact(member)
    else:
        member.is_contact = False
    db.session.flush()


def remove_member(member):
    """Take the person out of this group; their record stays with the organisation."""
    member.participation.members.remove(member)
    db.session.flush()


# What the pages list


@dataclass(frozen=True)
class GroupLine:
    """A group in the leader's dashboard: its participation, organisation and group status."""

    id: int  # the participation's
    status: ParticipationStatus
    organisation_name: str
    group: GroupStatus


@dataclass(frozen=True)
class OpenNetwork:
    """An open network in the leader's dashboard, with its groups by organisation name."""

    id: int
    name: str
    starts_on: object
    ends_on: object
    time_zone: str
    groups: list  # GroupLine
    is_closed = False


@functools.cache
def _open_networks_statement(networks_query):
    networks_query = networks_query.where(Network.closed_at.is_(None))
    groups = compositions_select(
        sa.select(Participation.id).where(
            Participation.network_id.in_(networks_query.with_only_columns(Network.id))
        )
    ).subquery()
    return (
        networks_query.with_only_columns(
            Network.id,
            Network.name,
            Network.starts_on,
            Network.ends_on,
            Network.time_zone,
            Network.group_size_min,
            Network.group_size_max,
            Participation.id,
            Participation.status,
            Organisation.name,
            groups.c.members,
            groups.c.elected_officials,
            groups.c.civil_servants,
            groups.c.contacts,
        )
        .outerjoin(Participation, Participation.network_id == Network.id)
        .outerjoin(Organisation, Organisation.id == Participation.organisation_id)
        .outerjoin(groups, groups.c.participation_id == Participation.id)
        .order_by(
            Network.starts_on.desc(),
            Network.id,
            sa.func.lower(Organisation.name),
            Participation.id,
        )
    )


def open_networks_with_groups(networks_query, parameters):
    """The open networks a select of networks chooses (built once: access.visible_networks_select
    and its parameters), the newest first, each with its groups (participation, organisation,
    the group's composition against the network's rules): one query of columns, built once per
    select, not the ORM's networks, participations and organisations and a second query for
    the compositions."""
    rows = db.session.execute(_open_networks_statement(networks_query), parameters)
    found = {}  # network id: (OpenNetwork, its group rules)
    for network_id, name, starts_on, ends_on, zone, low, high, pid, status, org, *counts in rows:
        if network_id not in found:
            network = OpenNetwork(network_id, name, starts_on, ends_on, zone, [])
            found[network_id] = (network, _GroupRules(low, high))
        network, rules = found[network_id]
        if pid is not None:
            composition = GroupComposition(*(int(n or 0) for n in counts))
            network.groups.append(GroupLine(pid, status, org, group_status(rules, composition)))
    return [network for network, _rules in found.values()]


@dataclass(frozen=True)
class _GroupRules:
    """What group_status reads of a network."""

    group_size_min: int
    group_size_max: int


def own_participation_ids(organisation_id):
    """The select of the ids of the organisation's participations, its own and the joint ones
    it is a member of (access.is_own_group)."""
    joint = sa.select(JointMember.participation_id).where(
        JointMember.organisation_id == organisation_id
    )
    return sa.select(Participation.id).where(
        sa.or_(Participation.organisation_id == organisation_id, Participation.id.in_(joint))
    )


def own_participations_select(organisation_id):
    """The select of the organisation's participations, its own and the joint ones it is a member
    of (access.is_own_group), with their networks and organisations, open networks first, then
    the newest: the participant's dashboard adds its figures to it (dashboards.participant)."""
    joint = sa.select(JointMember.participation_id).where(
        JointMember.organisation_id == organisation_id
    )
    return (
        sa.select(Participation)
        .join(Network, Network.id == Participation.network_id)
        .join(Organisation, Organisation.id == Participation.organisation_id)
        .options(contains_eager(Participation.network), contains_eager(Participation.organisation))
        .where(
            sa.or_(Participation.organisation_id == organisation_id, Participation.id.in_(joint))
        )
        .order_by(
            Network.closed_at.is_not(None),
            Network.starts_on.desc(),
            Organisation.name,
            Participation.id,
        )
    )


@dataclass(frozen=True)
class ClosedNetwork:
    """What the dashboard's one line of a closed network shows (and the calendar's zone)."""

    id: int
    name: str
    starts_on: object
    ends_on: object
    time_zone: str


@functools.cache
def _closed_networks_statement(networks_query):
    organisations = (
        sa.select(sa.func.count(Participation.id))
        .where(Participation.network_id == Network.id)
        .scalar_subquery()
    )
    return (
        networks_query.with_only_columns(
            Network.id,
            Network.name,
            Network.starts_on,
            Network.ends_on,
            Network.time_zone,
            organisations,
        )
        .where(Network.closed_at.is_not(None))
        .order_by(Network.closed_at.desc())
    )


def closed_networks_with_counts(networks_query, parameters):
    """(ClosedNetwork, number of organisations) for each closed network a select of networks
    chooses (built once, as open_networks_with_groups), newest first, in one query: their
    columns only, not the ORM's networks (kept for years, they outnumber the open ones)."""
    rows = db.session.execute(_closed_networks_statement(networks_query), parameters)
    return [(ClosedNetwork(*values), count) for *values, count in rows]


def networks_by_start(networks_query):
    """The networks a select chooses, the latest to start first."""
    return db.session.scalars(networks_query.order_by(Network.starts_on.desc())).all()


def network_with_groups(network_id):
    """The network with its participations and their organisations (its page lists them all),
    or None."""
    return db.session.scalar(
        sa.select(Network)
        .where(Network.id == network_id)
        .options(selectinload(Network.participations).joinedload(Participation.organisation))
    )


def organisations_by_name():
    return db.session.scalars(
        sa.select(Organisation)
        .options(joinedload(Organisation.register_entry))
        .order_by(Organisation.name)
    ).all()


def participation_counts():
    """{organisation id: number of networks it has applied to}, in one grouped query."""
    return dict(
        db.session.execute(
            sa.select(Participation.organisation_id, sa.func.count()).group_by(
                Participation.organisation_id
            )
        ).all()
    )


def participations_of(organisation):
    """The organisation's participations with their networks, the latest network first: its own
    and the joint ones it is a member of."""
    joint = sa.select(JointMember.participation_id).where(
        JointMember.organisation_id == organisation.id
    )
    return db.session.scalars(
        sa.select(Participation)
        .where(
            sa.or_(Participation.organisation_id == organisation.id, Participation.id.in_(joint))
        )
        .join(Participation.network)
        .options(contains_eager(Participation.network))
        .order_by(Network.starts_on.desc())
    ).all()


def people_of(organisation):
    """Everyone the organisation has registered, by name."""
    return db.session.scalars(
        sa.select(Person).where(Person.organisation_id == organisation.id).order_by(Person.name)
    ).all()


def accounts_of(organisation):
    """The organisation's accounts, by name."""
    return db.session.scalars(
        sa.select(User).where(User.organisation_id == organisation.id).order_by(User.name)
    ).all()


def account_of_person(person):
    """The account linked to the person, or None."""
    return db.session.scalar(sa.select(User).where(User.person_id == person.id))


# Built once; the members, the joint members and the cases joined rather than loaded by further
# queries: one round trip for the group page's participation instead of four. A group has a
# handful of each, so the rows the joins multiply stay few.
@functools.cache
def _participation_with_group_query():
    return (
        sa.select(Participation)
        .where(Participation.id == sa.bindparam("participation_id"))
        .options(
            joinedload(Participation.network),
            joinedload(Participation.organisation),
            joinedload(Participation.members).joinedload(GroupMember.person),
            joinedload(Participation.joint_members).joinedload(JointMember.organisation),
            joinedload(Participation.cases),
        )
    )


def participation_with_group(participation_id):
    """The participation with its network, organisation, group members' people, joint members
    and cases (its page shows them all), or None."""
    return (
        db.session.scalars(
            _participation_with_group_query(), {"participation_id": participation_id}
        )
        .unique()
        .first()
    )


def people_and_accounts(participation, members, *, now):
    """For the leader: each group member's account (or none), and the organisation's other
    accounts, with when any open invitation link expires (as
    auth.services.open_invitation_expiries). One query, whatever the size."""
    person_ids = [m.person_id for m in members]
    rows = db.session.execute(
        _accounts_query(),
        {"person_ids": person_ids, "organisation_id": participation.organisation_id, "now": now},
    ).all()
    accounts = [u for u, _expires in rows]
    by_person = {u.person_id: u for u in accounts if u.person_id in person_ids}
    return {
        "rows": [(m, by_person.get(m.person_id)) for m in members],
        "others": [u for u in accounts if u.person_id not in person_ids],
        "invitations": {u.id: expires for u, expires in rows if expires is not None},
    }


@functools.cache
def _accounts_query():
    open_until = (
        sa.select(sa.func.max(Invitation.expires_at))
        .where(
            Invitation.user_id == User.id,
            Invitation.used_at.is_(None),
            Invitation.expires_at > sa.bindparam("now"),
        )
        .scalar_subquery()
    )
    return (
        sa.select(User, open_until)
        .where(
            sa.or_(
                User.person_id.in_(sa.bindparam("person_ids", expanding=True)),
                User.organisation_id == sa.bindparam("organisation_id"),
            )
        )
        .order_by(User.name)
    )
