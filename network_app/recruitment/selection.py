"""Follow-up and selection: the telephone meeting of each application, all applications side by
side, the accepted ones counted by county and kind, and the decision the applicant is told."""

import functools
from dataclasses import dataclass

import sqlalchemy as sa

from network_app.extensions import db
from network_app.networks import services as network_services
from network_app.networks.models import (
    JointMember,
    Organisation,
    OrganisationKind,
    Participation,
    ParticipationStatus,
    is_political_decision,
)
from network_app.notifications import services as outbox
from network_app.recruitment.models import (
    Application,
    FollowUpCall,
    Outcome,
    ProposedMember,
    SelectionDecision,
)
from network_app.register.models import RegisterEntry


@dataclass(frozen=True, slots=True)
class Row:
    """One application in the leader's side-by-side table: the columns it shows."""

    participation_id: int
    organisation: str
    kind: OrganisationKind
    county: str | None  # of the register; None for an organisation not in it
    applied_on: object
    status: ParticipationStatus
    has_political_decision: bool
    # The public form's application (None for one the leader registered): its decision state
    # and date.
    application: tuple | None
    group_size: int
    last_call_on: object
    calls: int
    # The organisations applying together with it (samverkanslösning): [(name, county name)].
    partners: tuple = ()


# Each statement is built once, with the network as a bound parameter: building them cost more
# than running them (bench.profile, the recruitment page).


@functools.cache
def _table_query():
    participation_id = Participation.id
    group_size = (
        sa.select(sa.func.count(ProposedMember.id))
        .where(ProposedMember.application_id == Application.id)
        .scalar_subquery()
    )
    calls = sa.select(sa.func.count(FollowUpCall.id)).where(
        FollowUpCall.participation_id == participation_id
    )
    last_call = sa.select(sa.func.max(FollowUpCall.held_on)).where(
        FollowUpCall.participation_id == participation_id
    )
    return (
        sa.select(
            participation_id,
            Organisation.name,
            Organisation.kind,
            RegisterEntry.county_name,
            Participation.applied_on,
            Participation.status,
            Participation.decision_body,
            Participation.decision_date,
            Participation.decision_reference,
            Application.id,
            Application.decision_state,
            Application.decision_date,
            group_size,
            calls.scalar_subquery(),
            last_call.scalar_subquery(),
        )
        .join(Organisation, Organisation.id == Participation.organisation_id)
        .outerjoin(RegisterEntry, RegisterEntry.code == Organisation.register_code)
        .outerjoin(Application, Application.participation_id == participation_id)
        .where(Participation.network_id == sa.bindparam("network_id"))
        .order_by(RegisterEntry.county_code, Organisation.name)
    )


# The partners statement also counts the accepted organisations by county and by kind, in SQL:
# three parts of one UNION ALL, each row marked with its part, so the page pays one round trip.
_PARTNER, _COUNTY, _KIND = "partner", "county", "kind"


def _accepted_organisations():
    """Every organisation of the network's accepted participations: each organisation of a
    joint participation counts, they are all in the network."""
    is_accepted = (
        Participation.network_id == sa.bindparam("network_id"),
        Participation.status == ParticipationStatus.ACCEPTED,
    )
    return sa.union_all(
        sa.select(Participation.organisation_id).where(*is_accepted),
        sa.select(JointMember.organisation_id)
        .join(Participation, Participation.id == JointMember.participation_id)
        .where(*is_accepted),
    ).subquery()


@functools.cache
def _partners_and_counts_query(with_partners=True):
    accepted = _accepted_organisations()
    counted = (
        sa.select(Organisation)
        .join(accepted, accepted.c.organisation_id == Organisation.id)
        .outerjoin(RegisterEntry, RegisterEntry.code == Organisation.register_code)
    )
    no_text, no_number = sa.cast(sa.null(), sa.String), sa.cast(sa.null(), sa.Integer)
    parts = [
        counted.with_only_columns(
            sa.literal(_COUNTY),
            no_number,
            no_text,
            RegisterEntry.county_name,
            no_text,
            sa.func.count(),
        ).group_by(RegisterEntry.county_name),
        counted.with_only_columns(
            sa.literal(_KIND), no_number, no_text, no_text, Organisation.kind, sa.func.count()
        ).group_by(Organisation.kind),
    ]
    if with_partners:
        parts.insert(
            0,
            sa.select(
                sa.literal(_PARTNER),
                JointMember.participation_id,
                Organisation.name,
                RegisterEntry.county_name,
                Organisation.kind,
                no_number,
            )
            .join(Organisation, Organisation.id == JointMember.organisation_id)
            .outerjoin(RegisterEntry, RegisterEntry.code == Organisation.register_code)
            .join(Participation, Participation.id == JointMember.participation_id)
            .where(Participation.network_id == sa.bindparam("network_id")),
        )
    return sa.union_all(*parts)


def _counts(by_county, by_kind):
    """([(county name, accepted)] by county name, those outside the register last; {kind:
    accepted} with every kind)."""
    in_order = sorted(by_county.items(), key=lambda item: (item[0] is None, item[0] or ""))
    return in_order, {kind: by_kind.get(kind, 0) for kind in OrganisationKind}


def _partners_and_counts(network, *, with_partners):
    partners, by_county, by_kind = {}, {}, {}
    rows = db.session.execute(_partners_and_counts_query(with_partners), {"network_id": network.id})
    for part, participation_id, name, county, kind, count in rows:
        if part == _PARTNER:
            partners.setdefault(participation_id, []).append((name, county))
        elif part == _COUNTY:
            by_county[county] = count
        else:
            by_kind[OrganisationKind(kind)] = count
    for found in partners.values():
        found.sort(key=lambda partner: partner[0])
    return partners, _counts(by_county, by_kind)


def applications_table(network):
    """Every application to the network (confirmed public ones and those the leader registered),
    by county then name, with the figures the table shows and the joint members; and the
    accepted organisations counted by county and by kind (accepted_counts): two queries
    however many."""
    partners, counts = _partners_and_counts(network, with_partners=True)
    rows = []
    for (
        participation_id,
        organisation,
        kind,
        county,
        applied_on,
        status,
        decision_body,
        decision_date,
        decision_reference,
        application_id,
        application_state,
        application_date,
        group_size,
        calls,
        last_call_on,
    ) in db.session.execute(_table_query(), {"network_id": network.id}):
        applied = application_id is not None
        rows.append(
            Row(
                participation_id=participation_id,
                organisation=organisation,
                kind=kind,
                county=county,
                applied_on=applied_on,
                status=status,
                has_political_decision=is_political_decision(
                    decision_body, decision_date, decision_reference
                ),
                application=(application_state, application_date) if applied else None,
                group_size=group_size if applied else 0,
                calls=calls,
                last_call_on=last_call_on,
                partners=tuple(partners.get(participation_id, ())),
            )
        )
    return rows, counts


def accepted_counts(network):
    """([(county name, accepted)] by county name, those outside the register last; {kind:
    accepted}) so far, counted in SQL (one query). Each organisation of a joint participation
    counts: they are all in the network."""
    return _partners_and_counts(network, with_partners=False)[1]


def partners_of(participation):
    """The joint members of the participation (the organisations that applied together with
    it, or that the leader added), each with its register entry: [(organisation, entry)]."""
    return db.session.execute(
        sa.select(Organisation, RegisterEntry)
        .join(JointMember, JointMember.organisation_id == Organisation.id)
        .outerjoin(RegisterEntry, RegisterEntry.code == Organisation.register_code)
        .where(JointMember.participation_id == participation.id)
        .order_by(Organisation.name)
    ).all()


def calls_of(participation):
    return db.session.scalars(
        sa.select(FollowUpCall)
        .where(FollowUpCall.participation_id == participation.id)
        .order_by(FollowUpCall.held_on.desc(), FollowUpCall.id.desc())
    ).all()


def log_call(participation, *, held_on, with_whom, notes, by, now):
    call = FollowUpCall(
        participation_id=participation.id,
        held_on=held_on,
        with_whom=with_whom,
        notes=notes or "",
        logged_by_id=by.id if by is not None else None,
        created_at=now,
    )
    db.session.add(call)
    db.session.flush()
    return call


def decisions_of(participation):
    return db.session.scalars(
        sa.select(SelectionDecision)
        .where(SelectionDecision.participation_id == participation.id)
        .order_by(SelectionDecision.decided_at.desc())
    ).all()


def decision_address(participation, application):
    """Where the applicant is told: the applicant's own address, else the organisation's
    contact address; None when there is neither."""
    if application is not None and application.erased_at is None:
        return application.contact_email
    return participation.organisation.contact_email


def decide(participation, outcome, *, reason, decision, by, now):
    """Accept (the political decision is required: `decision` holds body, date and reference)
    or decline the application, keep the reason, and queue the mail that tells the applicant.
    Raises networks.services.TransitionNotAllowed or DecisionMissing."""
    if outcome == Outcome.ACCEPTED:
        if ParticipationStatus.ACCEPTED not in network_services.allowed_next_statuses(
            participation
        ):
            raise network_services.TransitionNotAllowed(participation.status)
        if not all(decision.values()):
            raise network_services.DecisionMissing()
        network_services.accept(participation, **decision, now=now)
    else:
        network_services.change_status(participation, ParticipationStatus.DECLINED, now=now)
    application = db.session.scalar(
        sa.select(Application).where(Application.participation_id == participation.id)
    )
    address = decision_address(participation, application)
    if address:
        outbox.enqueue(
            "application_decision",
            to=address,
            now=now,
            language="sv",
            context={
                "accepted": outcome == Outcome.ACCEPTED,
                "organisation": participation.organisation.name,
                # The organisations applying together with it (joint members): named too.
                "partners": sorted(m.organisation.name for m in participation.joint_members),
                "network": participation.network,
                "reason": reason,
            },
        )
    record = SelectionDecision(
        participation_id=participation.id,
        outcome=outcome,
        reason=reason,
        decided_at=now,
        decided_by_id=by.id if by is not None else None,
        mailed=bool(address),
    )
    db.session.add(record)
    db.session.flush()
    return record
