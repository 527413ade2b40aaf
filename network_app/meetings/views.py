"""A network's meetings: the schedule, planning and editing, registrations and attendance."""

from dataclasses import replace

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from network_app import access, audit
from network_app.db_types import utcnow
from network_app.downloads import private_download
from network_app.extensions import db
from network_app.forms import ConfirmForm
from network_app.meetings import evaluations, material, programme, services, words
from network_app.meetings.csv_export import (
    CateringLabels,
    CsvLabels,
    catering_to_csv,
    registrations_to_csv,
)
from network_app.meetings.forms import (
    AttendanceForm,
    EvaluationForm,
    MaterialForm,
    MeetingForm,
    RegistrationForm,
    group_registration_form,
)
from network_app.meetings.models import (
    MaterialKind,
    Meeting,
    MeetingMaterial,
    MeetingStatus,
    RegistrationResponse,
)
from network_app.meetings.timing import DEFAULT_DAY_END, DEFAULT_DAY_START, day_count, zone_of
from network_app.networks.models import GroupMember, Network, Participation, ParticipationStatus
from network_app.privacy.names import display_name
from network_app.request_limits import accepts_upload

bp = Blueprint("meetings", __name__)


@bp.app_template_filter("zoneinfo")
def zoneinfo_filter(name):
    return zone_of(name)


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


def _load_meeting(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    access.require_meeting_viewer(meeting)
    return meeting


def _to_meeting(meeting):
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
        return _to_meeting(meeting)
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
        return _to_meeting(meeting)
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
    meeting = _load_meeting(meeting_id)
    groups = [
        p
        for p in services.invited_participations(meeting)
        if access.can_view_group(current_user, p)
    ]
    zone = zone_of(meeting.network.time_zone)
    return render_template(
        "meetings/meeting.html",
        meeting=meeting,
        network=meeting.network,
        number=services.meeting_number(meeting),
        zone=zone,
        days=day_count(meeting.starts_at, meeting.ends_at, zone),
        groups=groups,
        registrations=services.registrations_by_member(meeting, [p.id for p in groups]),
        summary=services.registration_summary(meeting),
        open_for_answers=meeting.status != MeetingStatus.CANCELLED and meeting.ends_at > utcnow(),
        asks_for_diet=services.asks_for_dietary_needs(meeting),
        access_details=lambda p: access.can_see_registration_details(current_user, p),
        can_edit_group=lambda p: access.can_edit_group(current_user, p),
        can_register_group=lambda p: access.can_register_group(current_user, p),
        open_to_groups=services.open_to_groups(meeting, utcnow()),
        evaluation=_evaluation_state(meeting),
        materials=material.materials_of(meeting),
        can_upload_material=access.can_upload_material(current_user, meeting),
    )


def _evaluation_state(meeting):
    """What the meeting page says about the evaluation: for a participant who may answer,
    whether it is open and answered; for the leader, the number of answers."""
    if access.is_leader(current_user):
        return {"answers": evaluations.answer_counts([meeting.id]).get(meeting.id, 0)}
    if access.can_answer_evaluation(current_user, meeting):
        return {
            "open": evaluations.is_open(meeting, utcnow()),
            "answered": evaluations.has_answered(meeting, current_user),
        }
    return None


@bp.route("/meetings/<int:meeting_id>/evaluation", methods=["GET", "POST"])
@login_required
def evaluation(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    access.require_evaluation_answerer(meeting)
    now = utcnow()
    answered = evaluations.has_answered(meeting, current_user)
    form = EvaluationForm()
    refusals = []
    if not answered and form.validate_on_submit():
        try:
            evaluations.answer(
                meeting,
                current_user,
                usefulness=form.usefulness.data,
                most_valuable=form.most_valuable.data or "",
                to_change=form.to_change.data or "",
                now=now,
            )
        except evaluations.EvaluationNotOpen:
            refusals.append(_("Utvärderingen öppnar när mötet har börjat."))
        except evaluations.AlreadyAnswered:
            answered = True
        else:
            # The event names the meeting only: never who answered what.
            audit.record(audit.EVALUATION_ANSWERED, target_type="meeting", target_id=meeting.id)
            db.session.commit()
            flash(_("Tack för ditt svar på utvärderingen."))
            return _to_meeting(meeting)
    return render_template(
        "meetings/evaluation.html",
        form=form,
        refusals=refusals,
        meeting=meeting,
        network=meeting.network,
        number=services.meeting_number(meeting),
        zone=zone_of(meeting.network.time_zone),
        is_open=evaluations.is_open(meeting, now),
        answered=answered,
    )


@bp.route("/meetings/<int:meeting_id>/evaluation/results")
@login_required
def evaluation_results(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    access.require_leader()
    return render_template(
        "meetings/evaluation_results.html",
        meeting=meeting,
        network=meeting.network,
        number=services.meeting_number(meeting),
        zone=zone_of(meeting.network.time_zone),
        results=evaluations.results(meeting),
        min_answers=evaluations.MIN_ANSWERS,
    )


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
    meeting = _load_meeting(meeting_id)
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
            form.response.errors.append(_deadline_message(meeting))
        else:
            db.session.commit()
            flash(_("Svaret för %(name)s är sparat.", name=member.person.name))
            return _to_meeting(meeting)
    return render_template(
        "meetings/registration_form.html",
        form=form,
        meeting=meeting,
        member=member,
        asks_for_diet=services.asks_for_dietary_needs(meeting),
    )


def _deadline_message(meeting):
    return _(
        "Sista anmälningsdag var %(day)s. Kontakta projektledaren för att ändra svaren.",
        day=meeting.registration_closes_on.isoformat(),
    )


def _load_group_for(meeting, participation_id):
    participation = db.session.scalar(
        sa.select(Participation)
        .where(Participation.id == participation_id)
        .options(
            selectinload(Participation.members).selectinload(GroupMember.person),
            selectinload(Participation.organisation),
        )
    )
    if participation is None:
        abort(404)
    if participation.network_id != meeting.network_id:
        abort(404)
    access.require_group_registrar(participation)
    if not services.is_invited(meeting, participation):
        abort(404)
    return participation


def _group_form(meeting, members, existing):
    data = {}
    for member in members:
        answer = existing.get(member.id)
        if answer is not None:
            data[f"response_{member.id}"] = answer.response.value
            data[f"overnight_{member.id}"] = answer.overnight_stay
            data[f"diet_{member.id}"] = answer.dietary_needs
    return group_registration_form(
        members,
        overnight=meeting.has_overnight_stay,
        diet=services.asks_for_dietary_needs(meeting),
        data=data,
    )


@bp.route(
    "/meetings/<int:meeting_id>/groups/<int:participation_id>/registration",
    methods=["GET", "POST"],
)
@login_required
def register_group(meeting_id, participation_id):
    meeting = _load_meeting(meeting_id)
    participation = _load_group_for(meeting, participation_id)
    members = sorted(participation.members, key=lambda m: m.person.name.lower())
    existing = services.registrations_by_member(meeting, [participation.id])
    form = _group_form(meeting, members, existing)
    now = utcnow()
    refusals = []
    if form.validate_on_submit():
        try:
            services.register_group(
                meeting,
                participation,
                form.answers(),
                by=current_user,
                by_leader=access.is_leader(current_user),
                now=now,
            )
        except services.RegistrationClosed:
            refusals.append(
                _("Mötet är inställt eller har redan varit, så det går inte att anmäla sig.")
            )
        except services.DeadlinePassed:
            refusals.append(_deadline_message(meeting))
        else:
            audit.record(
                audit.GROUP_REGISTERED,
                target_type="meeting",
                target_id=meeting.id,
                detail=f"participation={participation.id}",
            )
            db.session.commit()
            flash(
                _(
                    "Svaren för %(organisation)s är sparade.",
                    organisation=participation.organisation.name,
                )
            )
            return _to_meeting(meeting)
    zone = zone_of(meeting.network.time_zone)
    return render_template(
        "meetings/group_registration.html",
        form=form,
        refusals=refusals,
        meeting=meeting,
        network=meeting.network,
        number=services.meeting_number(meeting),
        zone=zone,
        participation=participation,
        members=members,
        open_to_groups=services.open_to_groups(meeting, now),
    )


@bp.route("/meetings/<int:meeting_id>/registrations")
@login_required
def registrations(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    access.require_leader()
    rows = services.answers_by_organisation(meeting)
    return render_template(
        "meetings/registrations.html",
        meeting=meeting,
        network=meeting.network,
        number=services.meeting_number(meeting),
        zone=zone_of(meeting.network.time_zone),
        rows=rows,
        total=_total(rows),
        diets=services.diet_counts(meeting),
        asks_for_diet=services.asks_for_dietary_needs(meeting),
    )


def _total(rows):
    return {
        name: sum(getattr(row, name) for row in rows)
        for name in ("members", "attending", "not_attending", "unanswered", "overnight", "diets")
    }


@bp.route("/meetings/<int:meeting_id>/hotel-and-catering.csv")
@login_required
def catering_csv(meeting_id):
    meeting = db.get_or_404(Meeting, meeting_id)
    access.require_leader()
    rows = [
        replace(row, name=display_name(row.name)) for row in services.coming_for_catering(meeting)
    ]
    labels = CateringLabels(
        header=[_("Organisation"), _("Namn"), _("Övernattning"), _("Specialkost")],
        yes=_("Ja"),
        no=_("Nej"),
    )
    data = catering_to_csv(rows, labels)
    audit.record(
        audit.EXPORT,
        target_type="meeting",
        target_id=meeting.id,
        detail="csv-catering",
        commit=True,
    )
    return private_download(
        data, "text/csv; charset=utf-8", f"hotell-och-mat-mote-{meeting.id}.csv"
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
            return _to_meeting(meeting)
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


# Material for each meeting


def _material_folder():
    return current_app.config["MATERIAL_FOLDER"]


def _refusal(reason):
    return {
        "type": _(
            "Filen är inte en PDF, Word-, PowerPoint- eller Excelfil (docx, pptx, xlsx), PNG eller "
            "JPEG. Det är innehållet som avgör, inte filens namn. Äldre Office-filer (doc, ppt, "
            "xls) går att spara om i det nyare formatet."
        ),
        "size": _("Filen är större än 20 MB. Dela upp den eller minska bilderna."),
        "empty": _("Filen är tom."),
    }[reason]


@bp.route("/meetings/<int:meeting_id>/material/new", methods=["GET", "POST"])
@accepts_upload
@login_required
def upload_material(meeting_id):
    meeting = _load_meeting(meeting_id)
    access.require_material_uploader(meeting)
    form = MaterialForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            added = material.add_material(
                meeting,
                data=material.read_limited(upload.stream),
                filename=upload.filename,
                kind=MaterialKind(form.kind.data),
                by=current_user,
                folder=_material_folder(),
                now=utcnow(),
            )
        except material.MaterialRefused as refused:
            form.file.errors.append(_refusal(refused.reason))
        else:
            audit.record(
                audit.MATERIAL_ADDED,
                target_type="meeting",
                target_id=meeting.id,
                detail=f"material={added.id} type={added.file_type}",
            )
            db.session.commit()
            flash(_("Filen %(name)s är uppladdad.", name=added.filename))
            return _to_meeting(meeting)
    return render_template(
        "meetings/material_form.html",
        form=form,
        meeting=meeting,
        network=meeting.network,
        number=services.meeting_number(meeting),
    )


def _load_material(material_id):
    found = db.get_or_404(MeetingMaterial, material_id)
    access.require_meeting_viewer(found.meeting)
    return found


@bp.route("/material/<int:material_id>")
@login_required
def download_material(material_id):
    found = _load_material(material_id)
    try:
        data = material.read_material(found, _material_folder())
    except FileNotFoundError:
        abort(404)
    audit.record(
        audit.EXPORT,
        target_type="meeting",
        target_id=found.meeting_id,
        detail=f"material={found.id}",
        commit=True,
    )
    return private_download(data, material.mime_type(found), found.filename)


@bp.route("/material/<int:material_id>/delete", methods=["GET", "POST"])
@login_required
def delete_material(material_id):
    found = _load_material(material_id)
    meeting = found.meeting
    access.require_material_uploader(meeting)
    form = ConfirmForm()
    if form.validate_on_submit():
        audit.record(
            audit.MATERIAL_REMOVED,
            target_type="meeting",
            target_id=meeting.id,
            detail=f"material={found.id}",
        )
        material.delete_material(found, _material_folder())
        db.session.commit()
        flash(_("Filen är borttagen."))
        return _to_meeting(meeting)
    return render_template(
        "meetings/material_delete.html",
        form=form,
        material=found,
        meeting=meeting,
        cancel_url=url_for("meetings.meeting", meeting_id=meeting.id),
    )
