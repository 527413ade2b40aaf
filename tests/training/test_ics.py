"""The training's calendar file parses back with icalendar and with vobject, an independent
parser: stable UIDs, DTSTAMP, Swedish time with its VTIMEZONE, METHOD:PUBLISH, and a
cancellation that replaces the event (STATUS:CANCELLED, a higher SEQUENCE)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from network_app.training import services
from network_app.training.ics import Texts, training_to_ics
from tests.training.helpers import MALMO, NOW, make_request, schedule_values

pytestmark = pytest.mark.usefixtures("register_loaded")
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _booked(test=True):
    request = make_request(MALMO)
    services.schedule(request, schedule_values(test=test), now=NOW, texts=Texts())
    return request


def _ics(request):
    return training_to_ics(request, organisation="Malmö stad", texts=Texts())


def test_the_file_is_rfc_5545_text_with_a_vtimezone_and_publish():
    data = _ics(_booked())
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["METHOD"] == "PUBLISH"
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Stockholm"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert b"DTSTART;TZID=Europe/Stockholm:20270315T133000" in data


def test_icalendar_reads_the_training_and_the_test_session():
    request = _booked()
    events = icalendar.Calendar.from_ical(_ics(request)).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [
        f"training-{request.id}@natverk.skr.se",
        f"training-test-{request.id}@natverk.skr.se",
    ]
    training, test = events
    assert training.decoded("DTSTART") == datetime(2027, 3, 15, 13, 30, tzinfo=STOCKHOLM)
    assert training.decoded("DTEND") - training.decoded("DTSTART") == timedelta(hours=1)
    assert training.decoded("DTSTAMP") == NOW
    assert str(training["STATUS"]) == "CONFIRMED" and int(training["SEQUENCE"]) == 0
    assert str(training["LOCATION"]) == "Stadshuset, sessionssalen"
    assert "Malmö stad" in str(training["SUMMARY"])
    assert "Tova Utbildare" in str(training["DESCRIPTION"])
    assert test.decoded("DTSTART") == datetime(2027, 3, 14, 13, 30, tzinfo=STOCKHOLM)


def test_vobject_reads_the_same_events():
    request = _booked()
    parsed = vobject.readOne(_ics(request).decode("utf-8"))
    assert parsed.method.value == "PUBLISH"
    events = parsed.vevent_list
    assert [e.uid.value for e in events] == [
        f"training-{request.id}@natverk.skr.se",
        f"training-test-{request.id}@natverk.skr.se",
    ]
    start = events[0].dtstart.value
    assert start.astimezone(UTC) == datetime(2027, 3, 15, 12, 30, tzinfo=UTC)
    assert start.utcoffset() == timedelta(hours=1)  # winter time in Stockholm
    assert events[0].dtstamp.value == NOW


def test_without_a_test_session_there_is_one_event():
    data = _ics(_booked(test=False))
    assert len(icalendar.Calendar.from_ical(data).walk("VEVENT")) == 1
    assert len(vobject.readOne(data.decode()).vevent_list) == 1


def test_the_same_training_gives_the_same_bytes():
    request = _booked()
    assert _ics(request) == _ics(request)


def test_the_cancellation_replaces_both_events_with_cancelled_ones():
    request = _booked()
    before = icalendar.Calendar.from_ical(_ics(request)).walk("VEVENT")
    services.cancel(request, now=NOW + timedelta(days=2), texts=Texts())
    data = _ics(request)
    after = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert [str(e["UID"]) for e in after] == [str(e["UID"]) for e in before]
    for old, new in zip(before, after, strict=True):
        assert str(new["STATUS"]) == "CANCELLED"
        assert int(new["SEQUENCE"]) > int(old["SEQUENCE"])
        assert new.decoded("DTSTAMP") > old.decoded("DTSTAMP")
        assert str(new["SUMMARY"]).startswith("INSTÄLLD: ")
    assert [e.status.value for e in vobject.readOne(data.decode()).vevent_list] == [
        "CANCELLED",
        "CANCELLED",
    ]


def test_a_link_that_is_not_http_is_left_out():
    request = _booked()
    request.online_url = "javascript:alert(1)"
    data = _ics(request)
    assert b"javascript" not in data
