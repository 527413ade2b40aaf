"""Meetings -> iCalendar bytes (RFC 5545) that Outlook, Google Calendar and Apple Calendar accept.

Pure functions of model objects and values: no request, no clock. DTSTAMP and LAST-MODIFIED are
the meeting's last change, so the same data always gives the same bytes (and the same ETag).
"""

import calendar as month_calendar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vDuration

from network_app.forms import clean_line, clean_text
from network_app.meetings.models import MeetingStatus
from network_app.meetings.timing import meeting_days, zone_of

PRODID = "-//SKR//Natverk mot hot och hat//SV"
# Part of every UID: it must never change, whatever host the app is served from.
UID_DOMAIN = "natverk.skr.se"
REFRESH = timedelta(hours=1)

STATUS = {
    MeetingStatus.PLANNED: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


@dataclass
class Texts:
    """The words the exporter writes, translated by the caller."""

    numbered: str = "Nätverksträff %(number)d: %(title)s"
    numbered_working: str = "Arbetsmöte %(number)d: %(title)s"
    day_of: str = "%(title)s (dag %(day)d av %(days)d)"
    cancelled: str = "INSTÄLLT: %(title)s"
    cancelled_note: str = "Mötet är inställt."
    online: str = "Digitalt möte: %(url)s"
    more: str = "Mer information: %(url)s"
    description: str = ""


@dataclass
class Feed:
    """What a calendar as a whole says: its name, and whether subscribers should poll it."""

    name: str | None = None
    subscription: bool = False
    texts: Texts = field(default_factory=Texts)


def meetings_to_ics(meetings, *, zone_name, meeting_url, numbers, feed):
    """One VCALENDAR with one VEVENT per meeting day (UIDs derive from the meeting id and the day
    number, so clients update events rather than duplicate them); cancelled meetings stay in with
    STATUS:CANCELLED so that clients remove them."""
    zone = zone_of(zone_name)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if feed.name:
        name = clean_line(feed.name)
        cal.add("name", name)
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", zone.key)
    if feed.subscription:
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(REFRESH))
    years = {m.starts_at.astimezone(zone).year for m in meetings} | {
        m.ends_at.astimezone(zone).year for m in meetings
    }
    if meetings:
        cal.add_component(vtimezone(zone, sorted(years)))
    for meeting in meetings:
        for event in meeting_events(
            meeting,
            zone=zone,
            url=meeting_url(meeting),
            number=numbers.get(meeting.id),
            texts=feed.texts,
        ):
            cal.add_component(event)
    return cal.to_ical()


def meeting_events(meeting, *, zone, url, number, texts):
    title = clean_line(meeting.title) or "–"
    if number is not None:
        working = meeting.network.programme_model.says_working_meeting
        numbered = texts.numbered_working if working else texts.numbered
        title = numbered % {"number": number, "title": title}
    if meeting.status == MeetingStatus.CANCELLED:
        title = texts.cancelled % {"title": title}
    days = meeting_days(
        meeting.starts_at,
        meeting.ends_at,
        zone,
        day_end=meeting.day_end_time,
        day_start=meeting.day_start_time,
    )
    description = _description(meeting, url, texts)
    location = clean_line(meeting.place) or safe_url(meeting.online_url) or ""
    events = []
    for day in days:
        event = Event()
        event.add("uid", f"meeting-{meeting.id}-day-{day.number}@{UID_DOMAIN}")
        event.add("dtstamp", _utc(meeting.updated_at))
        event.add("created", _utc(meeting.created_at))
        event.add("last-modified", _utc(meeting.updated_at))
        event.add("sequence", meeting.sequence or 0)
        summary = (
            title
            if day.of == 1
            else texts.day_of
            % {
                "title": title,
                "day": day.number,
                "days": day.of,
            }
        )
        event.add("summary", summary)
        event.add("dtstart", day.starts_at)
        event.add("dtend", day.ends_at)
        event.add("status", STATUS[meeting.status])
        event.add(
            "transp", "TRANSPARENT" if meeting.status == MeetingStatus.CANCELLED else "OPAQUE"
        )
        if location:
            event.add("location", location)
        if description:
            event.add("description", description)
        if safe_url(url):
            event.add("url", safe_url(url))
        events.append(event)
    return events


def _description(meeting, url, texts):
    parts = []
    if meeting.status == MeetingStatus.CANCELLED:
        parts.append(texts.cancelled_note)
    agenda = clean_text(meeting.agenda or "").strip()
    if agenda:
        parts.append(agenda)
    online = safe_url(meeting.online_url)
    if online:
        parts.append(texts.online % {"url": online})
    if safe_url(url):
        parts.append(texts.more % {"url": safe_url(url)})
    return "\n\n".join(parts)


def safe_url(value):
    """An http(s) URL with no whitespace or control characters, or "" (icalendar raises on CR/LF
    in a URI, and a javascript: or data: link has no place in a calendar)."""
    if not value:
        return ""
    compact = "".join(clean_text(value).split())
    if not compact.lower().startswith(("https://", "http://")) or len(compact) > 2000:
        return ""
    return compact


def _utc(moment):
    return moment.astimezone(UTC)


# VTIMEZONE


@dataclass(frozen=True)
class Transition:
    local_onset: datetime  # naive wall-clock time before the change, as RFC 5545 wants it
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool


def vtimezone(zone, years):
    """The zone's definition. Where it follows a yearly last-Sunday rule (as Europe/Stockholm
    does) it is written with RRULEs, the form Outlook reads reliably; otherwise as dated
    transitions over the years the meetings use."""
    per_year = [_transitions(zone, year) for year in years]
    tz = Timezone()
    tz.add("tzid", zone.key)
    tz.add("x-lic-location", zone.key)
    if all(not transitions for transitions in per_year):
        offset = zone.utcoffset(datetime(years[0], 1, 1))
        tz.add_component(
            _observance(
                TimezoneStandard,
                datetime(1970, 1, 1),
                offset,
                offset,
                zone.tzname(datetime(years[0], 1, 1)) or "STD",
            )
        )
        return tz
    rules = _last_sunday_rules(per_year)
    if rules is None:
        for transitions in per_year:
            for change in transitions:
                kind = TimezoneDaylight if change.daylight else TimezoneStandard
                tz.add_component(
                    _observance(
                        kind, change.local_onset, change.offset_from, change.offset_to, change.name
                    )
                )
        return tz
    for change in rules:
        kind = TimezoneDaylight if change.daylight else TimezoneStandard
        month = change.local_onset.month
        onset = datetime.combine(_last_sunday(1970, month), change.local_onset.time())
        component = _observance(kind, onset, change.offset_from, change.offset_to, change.name)
        component.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1SU"})
        tz.add_component(component)
    return tz


def _observance(kind, onset, offset_from, offset_to, name):
    component = kind()
    component.add("tzname", name)
    component.add("tzoffsetfrom", offset_from)
    component.add("tzoffsetto", offset_to)
    component.add("dtstart", onset)
    return component


@lru_cache(maxsize=64)
def _transitions(zone, year):
    """The instants in the year when the zone's offset changes, found hour by hour in UTC."""
    changes = []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    previous = moment.astimezone(zone).utcoffset()
    while moment < end:
        following = moment + timedelta(days=1)
        if following.astimezone(zone).utcoffset() != previous:
            changes.append(_find_change(zone, moment, previous))
            previous = changes[-1].offset_to
        moment = following
    return tuple(changes)


def _find_change(zone, day_start, previous):
    moment = day_start
    while (moment + timedelta(minutes=15)).astimezone(zone).utcoffset() == previous:
        moment += timedelta(minutes=15)
    instant = moment + timedelta(minutes=15)
    after = instant.astimezone(zone)
    return Transition(
        local_onset=(instant + previous).replace(tzinfo=None),
        offset_from=previous,
        offset_to=after.utcoffset(),
        name=after.tzname() or "",
        daylight=bool(after.dst()),
    )


def _last_sunday(year, month):
    last = date(year, month, month_calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - 6) % 7)


def _last_sunday_rules(per_year):
    """The year's two changes if every year has the same ones on the last Sunday of a month."""
    first = per_year[0]
    if len(first) != 2:
        return None
    for transitions in per_year:
        if len(transitions) != 2:
            return None
        for change, model in zip(transitions, first, strict=True):
            onset = change.local_onset
            if (
                onset.date() != _last_sunday(onset.year, onset.month)
                or (onset.month, onset.time())
                != (model.local_onset.month, model.local_onset.time())
                or (change.offset_from, change.offset_to) != (model.offset_from, model.offset_to)
            ):
                return None
    return first


# A meeting in a mail (iTIP, RFC 5546): what Outlook and Google Calendar need to add the event,
# then replace or remove it when a later mail brings the same UID with a higher SEQUENCE: METHOD
# REQUEST (or CANCEL with STATUS:CANCELLED), ORGANIZER and the recipient as ATTENDEE in every
# VEVENT, and the same method in the attachment's MIME type.
MAIL_METHODS = ("REQUEST", "CANCEL")


def meeting_mail_ics(meeting, *, method, organizer, attendee, zone_name, url, number, texts):
    """The meeting's events for one recipient's mail; `organizer` and `attendee` are addresses."""
    if method not in MAIL_METHODS:
        raise ValueError(f"no mail method {method!r}")
    zone = zone_of(zone_name)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    years = {meeting.starts_at.astimezone(zone).year, meeting.ends_at.astimezone(zone).year}
    cal.add_component(vtimezone(zone, sorted(years)))
    for event in meeting_events(meeting, zone=zone, url=url, number=number, texts=texts):
        event.add("organizer", f"mailto:{organizer}")
        event.add(
            "attendee",
            f"mailto:{attendee}",
            parameters={"ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"},
        )
        cal.add_component(event)
    return cal.to_ical()


def mail_mimetype(method):
    return f"text/calendar; method={method}"
