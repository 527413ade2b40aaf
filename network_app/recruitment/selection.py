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
    # The same organisations' (county name, kind), for accepted_counts.
    partner_places: tuple = ()


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


@functools.cache
def _partners_query():
    return (
        sa.select(
            JointMember.participation_id,
            Organisation.name,
            RegisterEntry.county_name,
            Organisation.kind,
        )
        .join(Organisation, Organisation.id == JointMember.organisation_id)
        .outerjoin(RegisterEntry, RegisterEntry.code == Organisation.register_code)
        .join(Participation, Participation.id == JointMember.participation_id)
        .where(Participation.network_id == sa.bindparam("network_id"))
        .order_by(Organisation.name)
    )


def applications_table(network):
    """Every application to the network (confirmed public ones and those the leader registered),
    by county then name, with the figures the table shows and the joint members: two queries
    however many."""
    partners = {}
    for participation_id, name, county, kind in db.session.execute(
        _partners_query(), {"network_id": network.id}
    ):
        partners.setdefault(participation_id, []).append((name, county, kind))
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
                has_political_decision=bool(decision_body and decision_date and decision_reference),
                application=(application_state, application_date) if applied else None,
                group_size=group_size if applied else 0,
                calls=calls,
                last_call_on=last_call_on,
                partners=tuple((n, c) for n, c, _k in partners.get(participation_id, ())),
                partner_places=tuple((c, k) for _n, c, k in partners.get(participation_id, ())),
            )
        )
    return rows


def accepted_counts(network, rows=None):
    """([(county name, accepted)] by county name, those outside the register last; {kind:
    accepted}) so far, counted from the applications table's rows (given when the caller has
    them, as the recruitment page: no query of its own). Each organisation of a joint
    participation counts: they are all in the network."""
    rows = applications_table(network) if rows is None else rows
    by_county, by_kind = {}, dict.fromkeys(OrganisationKind, 0)
    for row in rows:
        if row.status != ParticipationStatus.ACCEPTED:
            continue
        for county, kind in ((row.county, row.kind), *row.partner_places):
            by_county[county] = by_county.get(county, 0) + 1
            by_kind[kind] += 1
    in_order = sorted(by_county.items(), key=lambda item: (item[0] is None, item[0] or ""))
    return in_order, by_kind


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
