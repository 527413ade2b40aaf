"""Every calendar export parses back with icalendar and with vobject, an independent parser."""

from datetime import UTC, date, datetime, time, timedelta

import icalendar
import vobject

from network_app.meetings import services
from network_app.meetings.ics import Feed, meetings_to_ics
from network_app.meetings.models import MeetingKind, MeetingStatus
from tests.meetings.helpers import make_meeting

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def _ics(meetings, **feed):
    return meetings_to_ics(
        meetings,
        zone_name="Europe/Stockholm",
        meeting_url=lambda m: f"https://natverk.example/meetings/{m.id}",
        numbers=services.numbers_from(meetings),
        feed=Feed(**feed),
    )


def _events(data):
    return [c for c in icalendar.Calendar.from_ical(data).walk("VEVENT")]


def _vobject_events(data):
    return list(vobject.readOne(data.decode("utf-8")).vevent_list)


def test_the_file_is_rfc_5545_text_with_crlf_folded_lines_and_a_vtimezone(world):
    meeting = make_meeting(
        world.network,
        day=date(2026, 3, 15),
        title="Lång rubrik " * 12,
        agenda="Punkt ett\nPunkt två " * 10,
    )
    data = _ics([meeting], name="Testnätverket", subscription=True)
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar["METHOD"] == "PUBLISH" and calendar["VERSION"] == "2.0"
    assert calendar["X-WR-CALNAME"] == "Testnätverket" and calendar["NAME"] == "Testnätverket"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in data and b"X-PUBLISHED-TTL:PT1H" in data
    timezone = calendar.walk("VTIMEZONE")[0]
    assert timezone["TZID"] == "Europe/Stockholm"
    assert b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in data
    # The onset is written in the wall-clock time before the change (RFC 5545 3.6.5).
    assert b"DTSTART:19700329T020000" in data and b"DTSTART:19701025T030000" in data
    assert b"DTSTART;TZID=Europe/Stockholm:20260315T090000" in data
    [event] = _vobject_events(data)
    assert event.summary.value.startswith("Nätverksträff 1: Lång rubrik")
    assert "Punkt två" in event.description.value


def test_a_download_is_not_a_subscription(world):
    data = _ics([make_meeting(world.network, day=date(2026, 3, 15))])
    assert b"REFRESH-INTERVAL" not in data and b"X-WR-CALNAME" not in data


def test_both_parsers_read_09_00_swedish_time_on_both_sides_of_the_summer_time_change(world):
    winter = make_meeting(world.network, day=date(2026, 3, 15))
    summer = make_meeting(world.network, day=date(2026, 4, 6))
    data = _ics([winter, summer])
    starts = [e.decoded("DTSTART") for e in _events(data)]
    assert [s.astimezone(UTC).hour for s in starts] == [8, 7]
    assert [s.hour for s in starts] == [9, 9]
    vstarts = [e.dtstart.value for e in _vobject_events(data)]
    assert [s.astimezone(UTC).hour for s in vstarts] == [8, 7]


def test_a_meeting_over_two_days_is_one_event_per_day_with_that_days_hours(world):
    meeting = make_meeting(
        world.network,
        day=date(2026, 1, 18),
        end_day=date(2026, 1, 19),
        starts=time(10),
        ends=time(15),
        day_end_time=time(17),
        day_start_time=time(8, 30),
        place="Hotell Skansen, Stockholm",
        has_overnight_stay=True,
    )
    events = _vobject_events(_ics([meeting]))
    assert [
        (e.dtstart.value.strftime("%d %H:%M"), e.dtend.value.strftime("%d %H:%M")) for e in events
    ] == [("18 10:00", "18 17:00"), ("19 08:30", "19 15:00")]
    assert [e.uid.value for e in events] == [
        f"meeting-{meeting.id}-day-1@natverk.skr.se",
        f"meeting-{meeting.id}-day-2@natverk.skr.se",
    ]
    assert all(e.location.value == "Hotell Skansen, Stockholm" for e in events)
    assert all(e.url.value == f"https://natverk.example/meetings/{meeting.id}" for e in events)
    assert events[1].summary.value.endswith("(dag 2 av 2)")


def test_uid_stays_and_sequence_rises_after_an_edit(world):
    meeting = make_meeting(world.network, day=date(2026, 3, 15))
    [before] = _events(_ics([meeting]))
    services.update_meeting(
        meeting,
        starts_at=meeting.starts_at + timedelta(hours=1),
        ends_at=meeting.ends_at + timedelta(hours=1),
        now=NOW,
    )
    [after] = _events(_ics([meeting]))
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.decoded("LAST-MODIFIED") == NOW == after.decoded("DTSTAMP")


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(world):
    meeting = make_meeting(world.network, day=date(2026, 3, 15))
    services.cancel_meeting(meeting, now=NOW)
    [event] = _events(_ics([meeting], subscription=True))
    assert event["STATUS"] == "CANCELLED" and event["SEQUENCE"] == 1
    assert str(event["SUMMARY"]).startswith("INSTÄLLT: ")
    assert _vobject_events(_ics([meeting]))[0].status.value == "CANCELLED"


def test_a_planned_meeting_is_tentative_and_a_workshop_has_no_number(world):
    workshop = make_meeting(
        world.network,
        day=date(2026, 3, 15),
        kind=MeetingKind.WORKSHOP,
        host=world.own,
        title="Lokal workshop",
        status=MeetingStatus.PLANNED,
    )
    [event] = _events(_ics([workshop]))
    assert event["STATUS"] == "TENTATIVE" and event["SUMMARY"] == "Lokal workshop"


HOSTILE = "Möte\r\nX-EVIL:1;ATTENDEE:mailto:a@b.example\x00\x07 slut\rDTSTART:20000101"


def test_hostile_text_cannot_add_or_change_a_property(world):
    meeting = make_meeting(world.network, day=date(2026, 3, 15))
    # Set after the flush: PostgreSQL refuses NUL, but the exporter must cope with anything.
    meeting.title = meeting.place = meeting.agenda = HOSTILE
    meeting.online_url = "https://möte.example/x\r\nATTENDEE:mailto:evil@example.com"
    data = _ics([meeting])
    assert b"\x00" not in data and b"\x07" not in data
    for line in data.split(b"\r\n"):
        assert not line.startswith((b"X-EVIL", b"ATTENDEE"))
    [event] = _events(data)
    assert "ATTENDEE" not in event and "X-EVIL" not in event
    assert event.decoded("DTSTART").date() == date(2026, 3, 15)
    assert str(event["SUMMARY"]).startswith("Nätverksträff 1: Möte X-EVIL:1;ATTENDEE")
    assert "\n" not in str(event["LOCATION"])
    [vevent] = _vobject_events(data)
    assert not hasattr(vevent, "attendee") and "x-evil" not in vevent.contents
    assert "DTSTART:20000101" in vevent.description.value


def test_a_link_that_is_not_http_is_left_out(world):
    meeting = make_meeting(world.network, day=date(2026, 3, 15), online_url="javascript:alert(1)")
    [event] = _events(_ics([meeting]))
    assert "javascript" not in event.to_ical().decode()


def test_the_calendar_holds_no_personal_data(world):
    meeting = make_meeting(world.network, day=date(2026, 3, 15))
    data = _ics([meeting], subscription=True)
    for member in world.own.members + world.other.members:
        assert member.person.email.encode() not in data
        assert member.person.name.encode() not in data
    assert b"ATTENDEE" not in data and b"ORGANIZER" not in data


def test_an_empty_calendar_still_parses(world):
    data = _ics([], name="Tom", subscription=True)
    assert icalendar.Calendar.from_ical(data).walk("VEVENT") == []
    assert vobject.readOne(data.decode()).name == "VCALENDAR"
