"""A network's application period and the invitations to apply, sent through the outbox."""

from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from network_app.extensions import db
from network_app.networks.models import (
    JointMember,
    Organisation,
    Participation,
    ParticipationStatus,
)
from network_app.networks.services import local_today
from network_app.notifications import services as outbox
from network_app.register.models import RegisterEntry
from network_app.training import queries as training_queries


class PeriodState(StrEnum):
    NOT_SET = "not_set"
    NOT_OPEN = "not_open"
    OPEN = "open"
    CLOSED = "closed"


def period_state(network, *, now=None):
    """Where the network's application period is today, in the network's time zone: the form
    is open from the opening date to the deadline, both days included."""
    if network.applications_open_on is None or network.application_deadline is None:
        return PeriodState.NOT_SET
    today = local_today(network, now)
    if today < network.applications_open_on:
        return PeriodState.NOT_OPEN
    if today > network.application_deadline:
        return PeriodState.CLOSED
    return PeriodState.OPEN


def set_period(network, *, opens_on, deadline, decision_on):
    network.applications_open_on = opens_on
    network.application_deadline = deadline
    network.decision_on = decision_on
    db.session.flush()


@dataclass(frozen=True)
class Filters:
    """Which organisations an invitation goes to. `county` a länskod, `kind` municipality or
    region, `never_in_network`: none of its participations was ever accepted (a withdrawn one
    was accepted first); `never_trained`: the organisation has had no held training (SKR's
    training offer for elected assemblies, network_app/training)."""

    county: str | None = None
    kind: str | None = None
    never_in_network: bool = False
    never_trained: bool = False


def invitation_targets(network, filters):
    """The organisations the filters choose, by name, each with its register entry; those that
    already applied to this network are left out."""
    query = (
        sa.select(Organisation)
        .outerjoin(Organisation.register_entry)
        .options(joinedload(Organisation.register_entry))
        .where(
            Organisation.id.not_in(
                sa.select(Participation.organisation_id).where(
                    Participation.network_id == network.id
                )
            ),
            Organisation.id.not_in(
                sa.select(JointMember.organisation_id).where(JointMember.network_id == network.id)
            ),
        )
        .order_by(Organisation.name)
    )
    if filters.county:
        query = query.where(RegisterEntry.county_code == filters.county)
    if filters.kind:
        query = query.where(Organisation.kind == filters.kind)
    if filters.never_in_network:
        took_part = Participation.status.in_(
            [ParticipationStatus.ACCEPTED, ParticipationStatus.WITHDRAWN]
        )
        alone = sa.select(Participation.organisation_id).where(took_part)
        jointly = (
            sa.select(JointMember.organisation_id)
            .join(Participation, Participation.id == JointMember.participation_id)
            .where(took_part)
        )
        query = query.where(Organisation.id.not_in(alone), Organisation.id.not_in(jointly))
    if filters.never_trained:
        query = query.where(
            sa.or_(
                Organisation.register_code.is_(None),
                Organisation.register_code.not_in(training_queries.trained_codes_query()),
            )
        )
    return db.session.scalars(query).unique().all()


@dataclass
class Sent:
    queued: int = 0
    already: int = 0  # invited to this network before: not sent twice
    without_address: int = 0


def send_invitations(network, organisations, *, apply_url, now):
    """Queue the invitation to each organisation's contact address, once per network."""
    sent = Sent()
    for organisation in organisations:
        if not organisation.contact_email:
            sent.without_address += 1
            continue
        message = outbox.enqueue(
            "recruitment_invitation",
            to=organisation.contact_email,
            now=now,
            language="sv",
            context={"network": network, "organisation": organisation, "apply_url": apply_url},
            dedupe_key=f"recruitment-invitation:{network.id}:{organisation.id}",
        )
        if message is None:
            sent.already += 1
        else:
            sent.queued += 1
    return sent
