"""The network's two working meetings every assignment test records against."""

from datetime import UTC, datetime, timedelta

import pytest

from network_app.extensions import db
from network_app.meetings import services as meeting_services
from network_app.meetings.models import MeetingKind
from network_app.networks.services import local_today


def _meeting(world, title, days_from_today):
    today = local_today(world.network)
    day = today + timedelta(days=days_from_today)
    start = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    meeting = meeting_services.create_meeting(
        world.network,
        now=datetime.now(UTC),
        kind=MeetingKind.NETWORK,
        title=title,
        starts_at=start,
        ends_at=start + timedelta(hours=6),
    )
    db.session.commit()
    return meeting


@pytest.fixture
def meetings(world):
    today = local_today(world.network)
    world.network.starts_on = today - timedelta(days=100)
    world.network.ends_on = today + timedelta(days=200)
    db.session.commit()
    return _meeting(world, "Arbetsmöte 1", -30), _meeting(world, "Arbetsmöte 2", 30)
