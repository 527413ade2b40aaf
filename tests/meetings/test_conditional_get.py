"""Conditional GET on the network calendar and the feed: If-None-Match or If-Modified-Since give
a 304 while nothing changed, and If-None-Match decides when both are sent (RFC 9110 §13.2.2)."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from werkzeug.http import http_date

from network_app.audit import AuditEvent
from network_app.extensions import db
from network_app.meetings.models import Meeting
from tests.meetings.helpers import make_meeting


def _feed_url(client, auth, user):
    auth.login(user)
    client.post("/calendar/link")
    page = client.get("/calendar").get_data(as_text=True)
    auth.logout()
    return re.search(r'value="http://localhost(/calendar/feed/[^"]+)"', page).group(1)


@pytest.fixture
def network_calendar(client, auth, world):
    """(client, url, first response) for the participant's network calendar."""
    make_meeting(world.network, day=date(2026, 3, 15))
    db.session.commit()
    auth.login(world.participant)
    url = f"/networks/{world.network.id}/calendar.ics"
    return client, url, client.get(url)


@pytest.fixture
def feed(app, client, auth, world):
    make_meeting(world.network, day=date(2026, 3, 15))
    db.session.commit()
    url = _feed_url(client, auth, world.participant)
    anonymous = app.test_client()
    return anonymous, url, anonymous.get(url)


def _later(response, seconds):
    modified = datetime.strptime(response.headers["Last-Modified"], "%a, %d %b %Y %H:%M:%S GMT")
    return http_date(modified.replace(tzinfo=UTC) + timedelta(seconds=seconds))


@pytest.fixture(params=["network_calendar", "feed"])
def calendar(request, app, client, auth, world):
    return request.getfixturevalue(request.param)


def test_the_calendar_sends_both_validators(calendar):
    _client, _url, first = calendar
    assert first.status_code == 200
    assert first.headers["ETag"] and first.headers["Last-Modified"]


def test_if_none_match_alone_gives_304(calendar):
    client, url, first = calendar
    response = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert response.status_code == 304 and response.data == b""
    assert response.headers["ETag"] == first.headers["ETag"]


def test_if_modified_since_alone_gives_304_when_not_modified_since(calendar):
    client, url, first = calendar
    same = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert same.status_code == 304 and same.data == b""
    # RFC 9110 §15.4.5: the 304 repeats the ETag; Werkzeug leaves out the Last-Modified.
    assert same.headers["ETag"] == first.headers["ETag"]
    after = client.get(url, headers={"If-Modified-Since": _later(first, 60)})
    assert after.status_code == 304


def test_if_modified_since_before_the_last_change_gives_the_calendar(calendar):
    client, url, first = calendar
    response = client.get(url, headers={"If-Modified-Since": _later(first, -1)})
    assert response.status_code == 200 and b"BEGIN:VCALENDAR" in response.data


def test_if_modified_since_in_the_future_or_unreadable_is_ignored(calendar):
    client, url, _first = calendar
    future = http_date(datetime.now(UTC) + timedelta(days=2))
    for value in (future, "gestern", "Mon, 32 Foo 2026 25:00:00 GMT"):
        assert client.get(url, headers={"If-Modified-Since": value}).status_code == 200


def test_if_none_match_wins_over_if_modified_since(calendar):
    client, url, first = calendar
    stale_tag_recent_date = {
        "If-None-Match": '"another-version"',
        "If-Modified-Since": _later(first, 60),
    }
    assert client.get(url, headers=stale_tag_recent_date).status_code == 200
    current_tag_old_date = {
        "If-None-Match": first.headers["ETag"],
        "If-Modified-Since": _later(first, -3600),
    }
    assert client.get(url, headers=current_tag_old_date).status_code == 304


def test_a_changed_meeting_answers_200_to_both_validators(calendar, world):
    client, url, first = calendar
    meeting = db.session.scalar(sa.select(Meeting))
    meeting.place = "Ny plats"
    meeting.updated_at = datetime.now(UTC) + timedelta(seconds=5)
    db.session.commit()
    by_tag = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert by_tag.status_code == 200 and b"Ny plats" in by_tag.data
    by_date = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert by_date.status_code == 200 and b"Ny plats" in by_date.data


def test_a_304_network_calendar_is_private_and_not_audited_as_an_export(network_calendar):
    client, url, first = network_calendar
    exports = sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.detail == "ics")
    before = db.session.scalar(exports)
    response = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert response.status_code == 304
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers.getlist("Vary") == ["Cookie"]
    assert db.session.scalar(exports) == before
