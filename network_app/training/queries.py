"""What the leader and the pages read: the queue in its order of priority, the booked and the
closed trainings, an organisation's trainings, and who the training has reached."""

import functools
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from network_app.extensions import db
from network_app.training.models import TrainingRequest, TrainingStatus


@dataclass(frozen=True)
class QueueItem:
    request: TrainingRequest
    trained_before: bool  # the organisation has had a held training before
    last_trained_on: date | None


def _held_by_code():
    return (
        sa.select(
            TrainingRequest.register_code.label("code"),
            sa.func.max(TrainingRequest.training_on).label("last_on"),
        )
        .where(TrainingRequest.status == TrainingStatus.HELD)
        .group_by(TrainingRequest.register_code)
        .subquery()
    )


# The pages' statements are built once (the count's moment a bound parameter): building them
# cost more than running them (bench.profile, the training queue).


@functools.cache
def _queue_query():
    held = _held_by_code()
    return (
        sa.select(TrainingRequest, held.c.last_on)
        .options(joinedload(TrainingRequest.entry))
        .outerjoin(held, held.c.code == TrainingRequest.register_code)
        .where(
            TrainingRequest.status == TrainingStatus.REQUESTED,
            TrainingRequest.confirmed_at.is_not(None),
        )
        .order_by(
            sa.case((held.c.last_on.is_(None), 0), else_=1),
            TrainingRequest.requested_at,
            TrainingRequest.id,
        )
    )


def queue():
    """Confirmed requests not yet scheduled: organisations never trained first (seed 003: "kommuner
    och regioner som inte deltagit tidigare att prioriteras"), then by the date of the request.
    One query."""
    rows = db.session.execute(_queue_query()).all()
    return [QueueItem(request, last_on is not None, last_on) for request, last_on in rows]


@functools.cache
def _upcoming_query():
    return (
        sa.select(TrainingRequest)
        .options(joinedload(TrainingRequest.entry))
        .where(TrainingRequest.status == TrainingStatus.SCHEDULED)
        .order_by(TrainingRequest.starts_at, TrainingRequest.id)
    )


def upcoming():
    """Scheduled trainings, soonest first."""
    return db.session.scalars(_upcoming_query()).all()


@functools.cache
def _recent_closed_query():
    return (
        sa.select(TrainingRequest)
        .options(joinedload(TrainingRequest.entry))
        .where(TrainingRequest.status.in_((TrainingStatus.HELD, TrainingStatus.CANCELLED)))
        .order_by(TrainingRequest.updated_at.desc(), TrainingRequest.id.desc())
        .limit(sa.bindparam("limit"))
    )


def recent_closed(limit=20):
    """The latest held or cancelled trainings and requests."""
    return db.session.scalars(_recent_closed_query(), {"limit": limit}).all()


@functools.cache
def _unconfirmed_query():
    return sa.select(sa.func.count()).where(
        TrainingRequest.status == TrainingStatus.REQUESTED,
        TrainingRequest.confirmed_at.is_(None),
        TrainingRequest.confirmation_expires_at > sa.bindparam("now"),
    )


def unconfirmed_count(*, now):
    return db.session.scalar(_unconfirmed_query(), {"now": now})


def trainings_of_organisation(organisation):
    """Every confirmed request and training of the organisation's register entry, newest first
    (its history page shows them); [] for an organisation not yet linked to the register."""
    if organisation.register_code is None:
        return []
    return trainings_of_code(organisation.register_code)


def trainings_of_code(code):
    return db.session.scalars(
        sa.select(TrainingRequest)
        .where(TrainingRequest.register_code == code, TrainingRequest.confirmed_at.is_not(None))
        .order_by(TrainingRequest.requested_at.desc(), TrainingRequest.id.desc())
    ).all()


def trained_codes_query():
    """The register codes that have had a held training, as a SELECT to use in a larger query
    (recruitment's filter "no training yet")."""
    return (
        sa.select(TrainingRequest.register_code)
        .where(TrainingRequest.status == TrainingStatus.HELD)
        .distinct()
    )


def trained_codes():
    """The register codes that have had a held training."""
    return set(db.session.scalars(trained_codes_query()))
