"""Follow-up and selection: the telephone meeting of each application, all applications side by
side, the accepted ones counted by county and kind, and the decision the applicant is told."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

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


@dataclass(frozen=True)
class Row:
    """One application in the leader's side-by-side table."""

    participation: Participation
    application: Application | None
    group_size: int
    last_call_on: object
    calls: int
    # The organisations applying together with it (samverkanslösning): [(name, county name)].
    partners: tuple = ()


def applications_table(network):
    """Every application to the network (confirmed public ones and those the leader registered),
    by county then name, with the figures the table shows and the joint members: five queries
    however many."""
    participations = db.session.scalars(
        sa.select(Participation)
        .join(Participation.organisation)
        .outerjoin(Organisation.register_entry)
        .options(
            contains_eager(Participation.organisation).contains_eager(Organisation.register_entry)
        )
        .where(Participation.network_id == network.id)
        .order_by(RegisterEntry.county_code, Organisation.name)
    ).all()
    ids = [p.id for p in participations]
    by_participation = {
        a.participation_id: a
        for a in db.session.scalars(
            sa.select(Application).where(Application.participation_id.in_(ids))
        )
    }
    sizes = dict(
        db.session.execute(
            sa.select(Application.participation_id, sa.func.count(ProposedMember.id))
            .join(ProposedMember, ProposedMember.application_id == Application.id)
            .where(Application.participation_id.in_(ids))
            .group_by(Application.participation_id)
        ).all()
    )
    calls = {
        participation_id: (count, last)
        for participation_id, count, last in db.session.execute(
            sa.select(
                FollowUpCall.participation_id,
                sa.func.count(FollowUpCall.id),
                sa.func.max(FollowUpCall.held_on),
            )
            .where(FollowUpCall.participation_id.in_(ids))
            .group_by(FollowUpCall.participation_id)
        ).all()
    }
    partners = {}
    for participation_id, name, county in db.session.execute(
        sa.select(JointMember.participation_id, Organisation.name, RegisterEntry.county_name)
        .join(Organisation, Organisation.id == JointMember.organisation_id)
        .outerjoin(RegisterEntry, RegisterEntry.code == Organisation.register_code)
        .where(JointMember.participation_id.in_(ids))
        .order_by(Organisation.name)
    ):
        partners.setdefault(participation_id, []).append((name, county))
    return [
        Row(
            participation=p,
            partners=tuple(partners.get(p.id, ())),
            application=by_participation.get(p.id),
            group_size=sizes.get(p.id, 0),
            calls=calls.get(p.id, (0, None))[0],
            last_call_on=calls.get(p.id, (0, None))[1],
        )
        for p in participations
    ]


def accepted_counts(network):
    """({county name: accepted}, {kind: accepted}) so far, counted in SQL; organisations
    without a register entry count under county None."""
    is_accepted = (
        Participation.network_id == network.id,
        Participation.status == ParticipationStatus.ACCEPTED,
    )
    # Each organisation of a joint participation counts: they are all in the network.
    accepted = sa.union_all(
        sa.select(Participation.organisation_id).where(*is_accepted),
        sa.select(JointMember.organisation_id)
        .join(Participation, Participation.id == JointMember.participation_id)
        .where(*is_accepted),
    ).subquery()
    by_county = db.session.execute(
        sa.select(RegisterEntry.county_name, sa.func.count())
        .select_from(Organisation)
        .join(accepted, accepted.c.organisation_id == Organisation.id)
        .outerjoin(RegisterEntry, RegisterEntry.code == Organisation.register_code)
        .group_by(RegisterEntry.county_name)
        .order_by(RegisterEntry.county_name)
    ).all()
    by_kind = dict(
        db.session.execute(
            sa.select(Organisation.kind, sa.func.count())
            .join(accepted, accepted.c.organisation_id == Organisation.id)
            .group_by(Organisation.kind)
        ).all()
    )
    return by_county, {kind: by_kind.get(kind, 0) for kind in OrganisationKind}


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
