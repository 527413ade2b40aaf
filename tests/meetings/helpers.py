"""Builders of meetings and registrations for the meetings tests."""

from datetime import UTC, datetime, time

import sqlalchemy as sa

from network_app.extensions import db
from network_app.meetings import services
from network_app.meetings.models import MeetingKind, MeetingStatus
from network_app.meetings.timing import to_utc, zone_of
from network_app.networks.models import Participation

STOCKHOLM = zone_of("Europe/Stockholm")
CREATED = datetime(2025, 12, 1, 12, tzinfo=UTC)


def local(day, clock):
    return to_utc(day, clock, STOCKHOLM)


def make_meeting(
    network,
    *,
    day,
    starts=time(9),
    ends=time(12),
    end_day=None,
    kind=MeetingKind.NETWORK,
    title="Nätverksträff",
    host=None,
    status=MeetingStatus.CONFIRMED,
    **values,
):
    return services.create_meeting(
        network,
        now=values.pop("now", CREATED),
        kind=kind,
        title=title,
        starts_at=local(day, starts),
        ends_at=local(end_day or day, ends),
        host_participation=host,
        status=status,
        **values,
    )


def meetings_attended(network):
    """participation id -> network meetings attended, computed as goal attainment and the
    reports compute it (meetings_attended_by, correlated with each participation)."""
    return dict(
        db.session.execute(
            sa.select(
                Participation.id, services.meetings_attended_by(Participation.id, network.id)
            ).where(Participation.network_id == network.id)
        ).all()
    )
