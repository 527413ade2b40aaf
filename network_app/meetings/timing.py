"""Wall-clock times in a network's zone: entering them, and a meeting's hours day by day."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Europe/Stockholm"
# A meeting that runs over several days: the hours of the days between its first and last.
DEFAULT_DAY_END = time(17, 0)
DEFAULT_DAY_START = time(9, 0)
MAX_DAYS = 5


class NonexistentLocalTime(ValueError):
    """The clock skips this time when summer time begins (02:00–03:00, last Sunday in March)."""


def zone_of(name):
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def when_text(starts_at, ends_at, zone):
    """'2026-03-04 09:00–16:00' in the zone, or with both dates when it ends another day: what
    the templates' `when` macro writes (in Python: the macro cost 20 µs a meeting)."""
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    if start.date() == end.date():
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"
    return f"{start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M}"


def to_utc(day, clock, zone):
    """A date and a wall-clock time in the zone, as an aware UTC datetime.

    Refuses a time the clock skips; in the repeated hour in autumn it takes the first (summer) one.
    """
    local = datetime.combine(day, clock, tzinfo=zone)
    moment = local.astimezone(UTC)
    back = moment.astimezone(zone)
    if (back.date(), back.time()) != (day, clock):
        raise NonexistentLocalTime(f"{day} {clock}")
    return moment


def to_local(moment, zone):
    return moment.astimezone(zone)


@dataclass(frozen=True)
class MeetingDay:
    number: int  # 1-based
    of: int
    starts_at: datetime  # aware, in the network's zone
    ends_at: datetime


def meeting_days(starts_at, ends_at, zone, *, day_end=None, day_start=None):
    """The meeting's days with each day's own hours, so a calendar never shows a block through
    the night. Day 1 runs from the start to day_end, the last from day_start to the end."""
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    count = (end.date() - start.date()).days + 1
    if count <= 1:
        return [MeetingDay(1, 1, start, end)]
    day_end, day_start = day_end or DEFAULT_DAY_END, day_start or DEFAULT_DAY_START
    days = []
    for index in range(count):
        day = start.date() + timedelta(days=index)
        begins = start if index == 0 else _wall(day, day_start, zone)
        finishes = end if index == count - 1 else _wall(day, day_end, zone)
        if finishes <= begins:  # hours that do not fit the day: keep the event visible, one hour
            finishes = begins + timedelta(hours=1)
        days.append(MeetingDay(index + 1, count, begins, finishes))
    return days


def _wall(day, clock, zone):
    return datetime.combine(day, clock, tzinfo=zone)


def day_count(starts_at, ends_at, zone):
    return (ends_at.astimezone(zone).date() - starts_at.astimezone(zone).date()).days + 1


def start_of_day_utc(day: date, zone):
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)
