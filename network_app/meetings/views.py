"""A network's meetings: the schedule, planning and editing, registrations and attendance."""

from dataclasses import replace

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network_app import access, audit
from network_app.assignments import services as assignment_services
from network_app.db_types import utcnow
from network_app.downloads import private_download
from network_app.extensions import db
from network_app.meetings import evaluations, programme, services, words
from network_app.meetings.csv_export import (
    CsvLabels,
    registrations_to_csv,
)
from network_app.meetings.forms import (
    AttendanceForm,
    MeetingForm,
    RegistrationForm,
)
from network_app.meetings.models import (
    Meeting,
    MeetingStatus,
    RegistrationResponse,
)
from network_app.meetings.timing import (
    DEFAULT_DAY_END,
    DEFAULT_DAY_START,
    day_count,
    when_text,
    zone_of,
)
from network_app.networks.models import GroupMember, Network, ParticipationStatus
from network_app.privacy.names import display_name

bp = Blueprint("meetings", __name__)


@bp.app_template_filter("zoneinfo")
def zoneinfo_filter(name):
    return zone_of(name)


@bp.app_template_global("meeting_when")
def meeting_when(meeting, zone):
    return when_text(meeting.starts_at, meeting.ends_at, zone)


@bp.app_template_global("programme_name")
def programme_name(network, number):
    """Nätverksträff 2 or Arbetsmöte 2, as the network's programme model calls it."""
    return words.numbered(network.programme_model, number)


@bp.app_template_global("programme_meetings_title")
def programme_meetings_title(network):
    """Nätverksträffar or Arbetsmöten, as a heading."""
    return words.meetings_title(network.programme_model)


@bp.app_template_global("the_programme_meetings")
def the_programme_meetings(network):
    return words.the_meetings(network.programme_model)


def load_meeting(meeting_id, *, with_materials=False):
    meeting = services.meeting_with_network(meeting_id, with_materials=with_materials)
    if meeting is None:
        abort(404)
    access.require_meeting_viewer(meeting)
    return meeting


def to_meeting(meeting):
    return redirect(url_for("meetings.meeting", meeting_id=meeting.id))


@bp.route("/networks/<int:network_id>/meetings")
@login_required
def schedule(network_id):
    network = db.get_or_404(Network, network_id)
    access.require_network_viewer(network)
    # Everyone sees all of a network's network meetings, so their numbers come from the list.
    meetings = services.meetings_of_network_for(current_user, network)
    return render_template(
        "meetings/schedule.html",
        network=network,
        meetings=meetings,
        numbers=services.numbers_from(meetings),
        zone=zone_of(network.time_zone),
    )


def _host_choices(network):
    accepted = [p for p in network.participations if p.status == ParticipationStatus.ACCEPTED]
    accepted.sort(key=lambda p: p.organisation.name.lower())
    return {p.id: p for p in accepted}


def _meeting_form(network, meeting=None):
    form = MeetingForm(network=network, zone=zone_of(network.time_zone), obj=meeting)
    hosts = _host_choices(network)
    if meeting is not None and meeting.host_participation is not None:
        hosts.setdefault(meeting.host_participation_id, meeting.host_participation)
    form.host_participation_id.choices = [(0, _("– Ingen (nätverksträff) –"))] + [
        (p.id, p.organisation.name) for p in hosts.values()
    ]
    if not form.is_submitted():
        form.day_end_time.data = (meeting and meeting.day_end_time) or DEFAULT_DAY_END
        form.day_start_time.data = (meeting and meeting.day_start_time) or DEFAULT_DAY_START
        if meeting is not None:
            form.fill_from(meeting)
    return form, hosts


def _goal_has_room(form, network, meeting, hosts):
    values = form.meeting_values(hosts)
    try:
        services.check_goal_room(
            network, meeting, kind=values["kind"], status=values["status"], extra=values["extra"]
        )
    except services.GoalFull as full:
        form.extra.errors.append(
            _(
                "Programmet har redan %(count)d möten som räknas in i målet. Markera mötet som "
                "extra, eller välj en egen lista som programmodell för nätverket.",
                count=full.args[0],
            )
        )
        return False
    return True


@bp.route("/networks/<int:network_id>/meetings/new", methods=["GET", "POST"])
@login_required
def new_meeting(network_id):
    network = db.get_or_404(Network, network_id)
    access.require_leader()
    form, hosts = _meeting_form(network)
    if form.validate_on_submit() and _goal_has_room(form, network, None, hosts):
        meeting = services.create_meeting(network, now=utcnow(), **form.meeting_values(hosts))
        db.session.commit()
        flash(_("Mötet är tillagt."))
        return to_meeting(meeting)
    return render_template("meetings/meeting_form.html", form=form, network=network, meeting=None)


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit_meeting(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    access.require_leader()
    form, hosts = _meeting_form(meeting.network, meeting)
    if form.validate_on_submit() and _goal_has_room(form, meeting.network, meeting, hosts):
        services.update_meeting(meeting, now=utcnow(), **form.meeting_values(hosts))
        db.session.commit()
        flash(_("Mötet är sparat. Prenumererade kalendrar visar ändringen nästa gång de hämtar."))
        return to_meeting(meeting)
    return render_template(
        "meetings/meeting_form.html", form=form, network=meeting.network, meeting=meeting
    )


def programme_labels(model):
    if model.says_working_meeting:
        return {
            "first": _("Uppstart med övernattning"),
            "network": _("Arbetsmöte i Stockholm"),
            "last": _("Avslutande arbetsmöte"),
            "workshop": _("Lokal workshop – %(name)s"),
        }
    return {
        "first": _("Uppstart med övernattning"),
        "digital": _("Digital nätverksträff"),
        "network": _("Gemensam metodutveckling"),
        "last": _("Avslutande nätverksträff"),
        "workshop": _("Lokal workshop – %(name)s"),
    }


@bp.route("/networks/<int:network_id>/meetings/standard", methods=["POST"])
@login_required
def plan_standard(network_id):
    network = db.get_or_404(Network, network_id)
    access.require_leader()
    try:
        created = programme.plan_standard_programme(
            network, labels=programme_labels(network.programme_model), now=utcnow()
        )
    except programme.NotStandard:
        flash(_("Nätverket har en egen lista med möten. Lägg till mötena ett i taget."), "error")
    except programme.PeriodTooShort:
        flash(
            _(
                "Nätverkets period är för kort för standardprogrammet: den behöver vara minst "
                "åtta veckor. Lägg till mötena ett i taget."
            ),
            "error",
        )
    else:
        if created:
            audit.record(
                audit.PROGRAMME_LAID_OUT,
                target_type="network",
                target_id=network.id,
                detail=f"meetings={len(created)}",
            )
            db.session.commit()
            flash(
                _(
                    "Standardprogrammet har fått %(count)d nya preliminära möten. Ändra datum, "
                    "tider och platser så att de stämmer.",
                    count=len(created),
                )
            )
        else:
            flash(_("Standardprogrammet är redan komplett: inget möte saknas."))
    return redirect(url_for("meetings.schedule", network_id=network.id))


@bp.route("/meetings/<int:meeting_id>")
@login_required
def meeting(meeting_id):
    meeting = load_meeting(meeting_id, with_materials=True)
    # The user once, not through the proxy in each group's and row's check.
    user = current_user._get_current_object()
    groups = [
        p
        for p in services.invited_participations(meeting, with_members=False)
        if access.can_view_group(user, p)
    ]
    members, summary = services.members_with_answers(meeting, [p.id for p in groups])
    zone = zone_of(meeting.network.time_zone)
    # The follow-up: each visible group's assignments due at this meeting, with their status.
    assignments = [
        a
        for a in assignment_services.due_at_meeting(meeting)
        if access.can_view_group(user, a.participation)
    ]
    return render_template(
        "meetings/meeting.html",
        assignments=assignments,
        may_manage_assignments=access.can_manage_assignments(user, meeting.network),
        meeting=meeting,
        network=meeting.network,
        number=services.meeting_number(meeting),
        zone=zone,
        days=day_count(meeting.starts_at, meeting.ends_at, zone),
        groups=groups,
        members=members,
        summary=summary,
        open_for_answers=meeting.status != MeetingStatus.CANCELLED and meeting.ends_at > utcnow(),
        asks_for_diet=services.asks_for_dietary_needs(meeting),
        access_details=lambda p: access.can_see_registration_details(user, p),
        can_edit_group=lambda p: access.can_edit_group(user, p),
        can_register_group=lambda p: access.can_register_group(user, p),
        open_to_groups=services.open_to_groups(meeting, utcnow()),
        evaluation=_evaluation_state(meeting),
        is_leader=access.is_leader(user),
        materials=meeting.materials,  # read with the meeting
        can_upload_material=access.can_upload_material(user, meeting),
    )


def _evaluation_state(meeting):
    """What the meeting page says about the evaluation: for a participant who may answer,
    whether it is open and answered; for the leader, the number of answers."""
    if access.is_leader(current_user):
        answers = meeting.evaluation_answers  # read with the meeting (meeting_with_network)
        if answers is None:
            answers = evaluations.answer_counts([meeting.id]).get(meeting.id, 0)
        return {"answers": answers}
    if access.can_answer_evaluation(current_user, meeting):
        return {
            "open": evaluations.is_open(meeting, utcnow()),
            "answered": evaluations.has_answered(meeting, current_user),
        }
    return None


def _load_member_for(meeting, member_id):
    member = db.get_or_404(GroupMember, member_id)
    participation = member.participation
    if participation.network_id != meeting.network_id:
        abort(404)
    access.require_group_editor(participation)
    if not services.is_invited(meeting, participation):
        abort(404)
    return member


@bp.route(
    "/meetings/<int:meeting_id>/members/<int:member_id>/registration", methods=["GET", "POST"]
)
@login_required
def register(meeting_id, member_id):
    meeting = load_meeting(meeting_id)
    member = _load_member_for(meeting, member_id)
    existing = services.registrations_by_member(meeting, [member.participation_id]).get(member.id)
    form = RegistrationForm(obj=existing)
    if existing is not None and not form.is_submitted():
        form.response.data = existing.response.value
    if form.validate_on_submit():
        try:
            services.register(
                meeting,
                member,
                response=RegistrationResponse(form.response.data),
                overnight_stay=form.overnight_stay.data,
                dietary_needs=form.dietary_needs.data or "",
                by=current_user,
                now=utcnow(),
                by_leader=access.is_leader(current_user),
            )
        except services.RegistrationClosed:
            form.response.errors.append(
                _("Mötet är inställt eller har redan varit, så det går inte att anmäla sig.")
            )
        except services.DeadlinePassed:
            form.response.errors.append(deadline_message(meeting))
        else:
            db.session.commit()
            flash(_("Svaret för %(name)s är sparat.", name=member.person.name))
            return to_meeting(meeting)
    return render_template(
        "meetings/registration_form.html",
        form=form,
        meeting=meeting,
        member=member,
        asks_for_diet=services.asks_for_dietary_needs(meeting),
    )


def deadline_message(meeting):
    return _(
        "Sista anmälningsdag var %(day)s. Kontakta projektledaren för att ändra svaren.",
        day=meeting.registration_closes_on.isoformat(),
    )


@bp.route("/meetings/<int:meeting_id>/attendance", methods=["GET", "POST"])
@login_required
def attendance(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    access.require_leader()
    groups = services.invited_participations(meeting)
    members = [m for p in groups for m in sorted(p.members, key=lambda m: m.person.name.lower())]
    registrations = services.registrations_by_member(meeting, [p.id for p in groups])
    form = AttendanceForm()
    form.attended.choices = [(m.id, m.person.name) for m in members]
    if not form.is_submitted():
        form.attended.data = [
            m.id for m in members if getattr(registrations.get(m.id), "attended", None)
        ]
    if form.validate_on_submit():
        try:
            services.record_attendance(
                meeting, members, set(form.attended.data or ()), by=current_user, now=utcnow()
            )
        except services.AttendanceNotYet:
            form.attended.errors.append(
                _("Närvaro kan registreras när mötet har börjat, och inte för ett inställt möte.")
            )
        else:
            db.session.commit()
            flash(_("Närvaron är sparad."))
            return to_meeting(meeting)
    return render_template(
        "meetings/attendance.html",
        form=form,
        meeting=meeting,
        groups=groups,
        registrations=registrations,
        checked=set(form.attended.data or ()),
    )


@bp.route("/meetings/<int:meeting_id>/registrations.csv")
@login_required
def registrations_csv(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    access.require_leader()
    rows = [
        replace(row, name=display_name(row.name))
        for row in services.registrations_for_export(meeting)
    ]
    data = registrations_to_csv(rows, csv_labels())
    audit.record(
        audit.EXPORT, target_type="meeting", target_id=meeting.id, detail="csv", commit=True
    )
    name = f"anmalningar-mote-{meeting.id}.csv"
    return private_download(data, "text/csv; charset=utf-8", name)


def csv_labels():
    return CsvLabels(
        header=[
            _("Organisation"),
            _("Namn"),
            _("Titel"),
            _("Svar"),
            _("Övernattning"),
            _("Specialkost"),
            _("Närvarade"),
        ],
        responses={r: str(r.label) for r in RegistrationResponse},
        yes=_("Ja"),
        no=_("Nej"),
        unknown=_("Ej registrerat"),
    )
