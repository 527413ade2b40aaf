"""A training -> iCalendar bytes for the confirmation mail (RFC 5545), as meetings/ics.py does it.

Pure: no request, no clock. DTSTAMP is the training's last change, so the same training gives the
same bytes. METHOD:PUBLISH, as the meetings' calendars: the file is an event to add, not an
invitation to answer (REQUEST and CANCEL need ORGANIZER and ATTENDEE, a MIME method that matches,
and a reply Outlook would send back to a no-reply address). UIDs derive from the training's id,
so the cancellation (STATUS:CANCELLED, a higher SEQUENCE) replaces the event it was sent as.
"""

from dataclasses import dataclass
from datetime import UTC

from icalendar import Calendar, Event

from network_app.forms import clean_line
from network_app.meetings.ics import PRODID, UID_DOMAIN, safe_url, vtimezone
from network_app.meetings.timing import zone_of
from network_app.training.models import TrainingStatus

ZONE_NAME = "Europe/Stockholm"


@dataclass
class Texts:
    """The words of the file, translated by the caller."""

    title: str = "Utbildning om hot och hat: %(organisation)s"
    test_title: str = "Test av det digitala verktyget: %(organisation)s"
    cancelled: str = "INSTÄLLD: %(title)s"
    trainer: str = "Utbildare från SKR: %(trainer)s"
    online: str = "Digitalt möte: %(url)s"
    cancelled_note: str = "Utbildningen är inställd."


def training_uid(training, part="training"):
    return f"{part}-{training.id}@{UID_DOMAIN}"


def training_to_ics(training, *, organisation, texts=None):
    """One VCALENDAR with the training and, if booked, the test of the digital tool."""
    texts = texts or Texts()
    zone = zone_of(ZONE_NAME)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    moments = [training.starts_at, training.ends_at, training.test_starts_at]
    years = sorted({m.astimezone(zone).year for m in moments if m is not None})
    cal.add_component(vtimezone(zone, years))
    name = clean_line(organisation)
    cal.add_component(
        _event(
            training,
            uid=training_uid(training),
            summary=texts.title % {"organisation": name},
            starts_at=training.starts_at,
            ends_at=training.ends_at,
            zone=zone,
            texts=texts,
        )
    )
    if training.test_starts_at is not None:
        cal.add_component(
            _event(
                training,
                uid=training_uid(training, "training-test"),
                summary=texts.test_title % {"organisation": name},
                starts_at=training.test_starts_at,
                ends_at=training.test_ends_at,
                zone=zone,
                texts=texts,
            )
        )
    return cal.to_ical()


def _event(training, *, uid, summary, starts_at, ends_at, zone, texts):
    cancelled = training.status == TrainingStatus.CANCELLED
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", training.updated_at.astimezone(UTC))
    event.add("created", training.created_at.astimezone(UTC))
    event.add("last-modified", training.updated_at.astimezone(UTC))
    event.add("sequence", training.sequence)
    event.add("summary", texts.cancelled % {"title": summary} if cancelled else summary)
    event.add("dtstart", starts_at.astimezone(zone))
    event.add("dtend", (ends_at or starts_at).astimezone(zone))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    location = clean_line(training.place or "") or safe_url(training.online_url)
    if location:
        event.add("location", location)
    parts = [texts.cancelled_note] if cancelled else []
    if training.trainer:
        parts.append(texts.trainer % {"trainer": clean_line(training.trainer)})
    if safe_url(training.online_url):
        parts.append(texts.online % {"url": safe_url(training.online_url)})
        event.add("url", safe_url(training.online_url))
    if parts:
        event.add("description", "\n\n".join(parts))
    return event
