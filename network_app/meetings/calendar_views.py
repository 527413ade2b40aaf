"""Calendars: one meeting or a network's schedule as an .ics download, and the personal
subscription feed that calendar clients poll on a secret URL without logging in."""

import hashlib

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network_app import access, audit
from network_app.db_types import utcnow
from network_app.downloads import is_current, not_modified, private_download
from network_app.extensions import db
from network_app.meetings import feeds, services
from network_app.meetings.built_calendars import BuiltCalendars
from network_app.meetings.forms import FeedForm
from network_app.meetings.ics import Feed, Texts, meetings_to_ics
from network_app.meetings.models import Meeting
from network_app.meetings.timing import DEFAULT_ZONE
from network_app.networks import services as network_services
from network_app.networks.models import Network

bp = Blueprint("calendar", __name__)


def absolute_url(endpoint, **values):
    """A link that works outside the app (in a calendar): BASE_URL when configured."""
    base = current_app.config.get("BASE_URL")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def _meeting_url(meeting):
    return absolute_url("meetings.meeting", meeting_id=meeting.id)


def ics_texts():
    return Texts(
        numbered=_("Nätverksträff %(number)d: %(title)s"),
        numbered_working=_("Arbetsmöte %(number)d: %(title)s"),
        day_of=_("%(title)s (dag %(day)d av %(days)d)"),
        cancelled=_("INSTÄLLT: %(title)s"),
        cancelled_note=_("Mötet är inställt."),
        online=_("Digitalt möte: %(url)s"),
        more=_("Mer information: %(url)s"),
    )


def _zone_for(meetings, fallback=DEFAULT_ZONE):
    zones = {m.network.time_zone for m in meetings}
    return zones.pop() if len(zones) == 1 else fallback


@bp.route("/meetings/<int:meeting_id>/calendar.ics")
@login_required
def meeting_ics(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    access.require_meeting_viewer(meeting)
    data = meetings_to_ics(
        [meeting],
        zone_name=meeting.network.time_zone,
        meeting_url=_meeting_url,
        numbers={meeting.id: services.meeting_number(meeting)},
        feed=Feed(texts=ics_texts()),
    )
    audit.record(
        audit.EXPORT, target_type="meeting", target_id=meeting.id, detail="ics", commit=True
    )
    return private_download(data, "text/calendar; charset=utf-8", f"mote-{meeting.id}.ics")


@bp.route("/networks/<int:network_id>/calendar.ics")
@login_required
def network_ics(network_id):
    network = db.get_or_404(Network, network_id)
    access.require_network_viewer(network)
    texts = ics_texts()
    state = services.network_calendar_state(current_user, network)
    # Everyone who sees the same meetings gets the same calendar: the leader and observers all
    # of them, a participant the network's meetings and the own organisation's workshops.
    viewers = current_user.organisation_id if current_user.is_participant else "all"
    validator = _calendar_validator(
        "network", network.id, viewers, network.name, network.time_zone, texts, state
    )
    # A copy the client already holds is not exported again: no calendar written, no audit.
    if is_current(validator, state.last_updated, now=utcnow()):
        return not_modified(validator, state.last_updated)
    data = built_calendars().get_or_build(
        validator, lambda: _write_network_calendar(network, texts)
    )
    audit.record(
        audit.EXPORT, target_type="network", target_id=network.id, detail="ics", commit=True
    )
    # network_id, not network.id: after the commit, that would load the network again.
    return private_download(
        data,
        "text/calendar; charset=utf-8",
        f"natverk-{network_id}.ics",
        etag=validator,
        last_modified=state.last_updated,
    )


def _write_network_calendar(network, texts):
    # Everyone sees all of a network's network meetings, so their numbers come from the list.
    meetings = services.meetings_of_network_for(current_user, network)
    return meetings_to_ics(
        meetings,
        zone_name=network.time_zone,
        meeting_url=_meeting_url,
        numbers=services.numbers_from(meetings),
        feed=Feed(name=network.name, texts=texts),
    )


@bp.route("/calendar")
@login_required
def calendar():
    token = feeds.token_for(current_user, current_app.config["SECRET_KEY"])
    feed_url = absolute_url("calendar.feed", token=token) if token else None
    networks = network_services.networks_by_start(access.visible_networks_query(current_user))
    return render_template(
        "meetings/calendar.html",
        feed_url=feed_url,
        webcal_url="webcal://" + feed_url.split("://", 1)[1] if feed_url else None,
        networks=networks,
        form=FeedForm(),
    )


@bp.route("/calendar/link", methods=["GET", "POST"])
@login_required
def reset_link():
    """A first link is made at once; a new one, which stops the old, after the confirmation."""
    form = FeedForm()
    had_link = feeds.token_for(current_user, current_app.config["SECRET_KEY"]) is not None
    if request.method == "GET":
        if not had_link:
            return redirect(url_for("calendar.calendar"))
        return render_template(
            "meetings/reset_link_confirm.html", form=form, cancel_url=url_for("calendar.calendar")
        )
    if form.validate_on_submit():
        feeds.reset(current_user, now=utcnow())
        audit.record(audit.CALENDAR_LINK_RESET, target_type="user", target_id=current_user.id)
        db.session.commit()
        flash(
            _(
                "Du har fått en ny länk. Den gamla slutar fungera direkt: lägg in den nya i din "
                "kalender."
            )
            if had_link
            else _("Din prenumerationslänk är skapad.")
        )
    return redirect(url_for("calendar.calendar"))


# Raise when the ICS the feed writes changes shape for the same data (a new property, another
# text), so that calendar clients holding a copy under the old validator fetch the new one.
FEED_FORMAT = "3"


def _calendar_validator(*parts):
    """A calendar's validator (the feed's ETag, the key of a written calendar): the state of
    its meetings (one aggregate query), what else it is written from, and the links' base.
    A calendar client's poll then costs that query, not the ICS (0.15 s for a leader's 200
    meetings)."""
    base = (FEED_FORMAT, current_app.config.get("BASE_URL"), request.host_url)
    return hashlib.sha256(repr(base + parts).encode()).hexdigest()


def built_calendars():
    """This app's calendars kept by validator (one store per app, so tests never share one)."""
    return current_app.extensions.setdefault("built_calendars", BuiltCalendars())


def _write_feed(user, name, texts):
    meetings = services.calendar_meetings(user)
    return meetings_to_ics(
        meetings,
        zone_name=_zone_for(meetings),
        meeting_url=_meeting_url,
        numbers=services.numbers_from(meetings),
        feed=Feed(name=name, subscription=True, texts=texts),
    )


@bp.route("/calendar/feed/<token>")
def feed(token):
    """The subscription: no login, the token is the key. 404 for an unknown or reset token.

    Not audited: calendar clients poll it every few minutes, so each user would add hundreds
    of identical events a day and bury the downloads people make; it carries only the user's
    own meetings, and a token reset (audited as a change) is the control over it.
    """
    user = feeds.user_for_token(token, current_app.config["SECRET_KEY"])
    if user is None:
        abort(404)
    texts, name = ics_texts(), _("SKR-nätverk: mina möten")
    state = services.calendar_state(services.calendar_meetings_query(user))
    etag = _calendar_validator("feed", user.id, texts, name, state)
    # Clients may keep a copy but must ask again each time (a cheap 304): a reset link then
    # stops working at once, and no shared cache holds a copy under the secret URL.
    response = Response(
        mimetype="text/calendar",
        headers={"Cache-Control": "private, no-cache", "X-Robots-Tag": "noindex"},
    )
    response.set_etag(etag)
    if state.last_updated is not None:
        response.last_modified = state.last_updated
    if is_current(etag, state.last_updated, now=utcnow()):
        response.status_code = 304
        return response
    response.set_data(built_calendars().get_or_build(etag, lambda: _write_feed(user, name, texts)))
    return response
