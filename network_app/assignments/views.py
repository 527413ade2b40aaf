"""Agreed assignments: the leader records them, the network's list side by side, the group's list
and its status report."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network_app import access, audit
from network_app.assignments import services
from network_app.assignments.forms import (
    EVERY_GROUP,
    AssignmentChangeForm,
    AssignmentForm,
    StatusForm,
)
from network_app.assignments.models import Assignment
from network_app.extensions import db
from network_app.forms import ConfirmForm
from network_app.meetings.models import Meeting, MeetingStatus
from network_app.meetings.timing import zone_of
from network_app.networks import services as network_services
from network_app.networks.models import Network, Participation
from network_app.networks.services import local_today

bp = Blueprint("assignments", __name__)

REFUSALS = {
    services.DueBeforeMeeting: lambda: _(
        "Datumet är före mötet där uppdraget bestämdes. Ange ett senare datum."
    ),
    services.DueMeetingBeforeMeeting: lambda: _(
        "Mötet är före mötet där uppdraget bestämdes. Välj ett senare möte."
    ),
    services.NotThisNetwork: lambda: _("Välj en av nätverkets grupper i listan."),
}


def _meetings(network):
    return db.session.scalars(
        db.select(Meeting)
        .where(Meeting.network_id == network.id, Meeting.status != MeetingStatus.CANCELLED)
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()


def _meeting_label(network):
    zone = zone_of(network.time_zone)

    def label(meeting):
        day = services.meeting_day(meeting, zone)
        return f"{meeting.title} ({format_date(day, 'd MMM yyyy')})"

    return label


@bp.route("/networks/<int:network_id>/assignments")
@login_required
def network_assignments(network_id):
    network = db.get_or_404(Network, network_id)
    access.require_network_assignments_viewer(network)
    today = local_today(network)
    return render_template(
        "assignments/network.html",
        network=network,
        rows=services.network_assignments(network, today),
        today=today,
        may_manage=access.can_manage_assignments(current_user, network),
    )


@bp.route("/networks/<int:network_id>/assignments/new", methods=["GET", "POST"])
@login_required
def new_assignment(network_id):
    network = db.get_or_404(Network, network_id)
    access.require_assignment_manager(network)
    participations = network_services.accepted_participations(network)
    meetings = _meetings(network)
    form = AssignmentForm()
    form.set_choices(participations, meetings, _meeting_label(network))
    if form.validate_on_submit():
        by_id = {p.id: p for p in participations}
        chosen = (
            participations
            if form.participation.data == EVERY_GROUP
            else [by_id[form.participation.data]]
        )
        values = _values(form, meetings)
        try:
            if not chosen:
                raise services.NotThisNetwork()
            added = services.record_assignments(network, chosen, values, by=current_user)
        except services.AssignmentRefused as error:
            getattr(form, error.field).errors.append(REFUSALS[type(error)]())
        else:
            for assignment in added:
                audit.record(
                    audit.ASSIGNMENT_RECORDED, target_type="assignment", target_id=assignment.id
                )
            db.session.commit()
            return redirect(url_for("assignments.network_assignments", network_id=network.id))
    return render_template(
        "assignments/assignment_form.html",
        network=network,
        form=form,
        participations=participations,
    )


def _values(form, meetings):
    by_id = {m.id: m for m in meetings}
    return services.AssignmentValues(
        title=form.title.data,
        description=form.description.data or "",
        agreed_at_meeting=by_id.get(form.agreed_at_meeting.data),
        due_meeting=by_id.get(form.due_meeting.data),
        due_on=form.due_on.data,
    )


def _managed_assignment(assignment_id):
    """The assignment, for the leader of its network; 404 for an unknown one, 403 for others."""
    assignment = db.get_or_404(Assignment, assignment_id)
    network = assignment.participation.network
    access.require_assignment_manager(network)
    return assignment, network


@bp.route("/assignments/<int:assignment_id>/edit", methods=["GET", "POST"])
@login_required
def edit_assignment(assignment_id):
    assignment, network = _managed_assignment(assignment_id)
    meetings = _meetings(network)
    form = AssignmentChangeForm()
    form.set_meeting_choices(meetings, _meeting_label(network))
    if not form.is_submitted():
        form.fill_from(assignment)
    if form.validate_on_submit():
        try:
            services.change_assignment(assignment, _values(form, meetings))
        except services.AssignmentRefused as error:
            getattr(form, error.field).errors.append(REFUSALS[type(error)]())
        else:
            audit.record(
                audit.ASSIGNMENT_CHANGED, target_type="assignment", target_id=assignment.id
            )
            db.session.commit()
            flash(_("Uppdraget är ändrat."))
            return redirect(url_for("assignments.network_assignments", network_id=network.id))
    return render_template(
        "assignments/assignment_form.html",
        network=network,
        form=form,
        assignment=assignment,
    )


@bp.route("/assignments/<int:assignment_id>/delete", methods=["GET", "POST"])
@login_required
def delete_assignment(assignment_id):
    assignment, network = _managed_assignment(assignment_id)
    back = url_for("assignments.network_assignments", network_id=network.id)
    form = ConfirmForm()
    if request.method == "GET":
        return render_template(
            "assignments/delete_confirm.html",
            form=form,
            assignment=assignment,
            hour_entries=services.linked_hour_entries(assignment),
            cancel_url=back,
        )
    if not form.validate_on_submit():
        abort(400)
    participation_id = assignment.participation_id
    services.delete_assignment(assignment)
    audit.record(
        audit.ASSIGNMENT_DELETED,
        target_type="assignment",
        target_id=assignment_id,
        detail=f"participation {participation_id}",
    )
    db.session.commit()
    flash(_("Uppdraget är borttaget."))
    return redirect(back)


@bp.route("/participations/<int:participation_id>/assignments")
@login_required
def group_assignments(participation_id):
    participation = db.get_or_404(Participation, participation_id)
    access.require_group_viewer(participation)
    network = participation.network
    today = local_today(network)
    zone = zone_of(network.time_zone)
    assignments = services.assignments_of(participation)
    rows = [
        {
            "assignment": a,
            "due": services.due_day(a, zone),
            "overdue": services.is_overdue(a, zone, today),
        }
        for a in assignments
    ]
    return render_template(
        "assignments/group.html",
        participation=participation,
        rows=rows,
        may_report=access.can_edit_group(current_user, participation),
    )


@bp.route(
    "/participations/<int:participation_id>/assignments/<int:assignment_id>",
    methods=["GET", "POST"],
)
@login_required
def report(participation_id, assignment_id):
    assignment = db.get_or_404(Assignment, assignment_id)
    if assignment.participation_id != participation_id:
        abort(404)
    access.require_assignment_reporter(assignment)
    form = StatusForm()
    if not form.is_submitted():
        form.status.data = assignment.status.value
        form.report.data = assignment.report
    if form.validate_on_submit():
        services.report_status(assignment, form.status.data, form.report.data)
        audit.record(
            audit.ASSIGNMENT_REPORTED,
            target_type="assignment",
            target_id=assignment.id,
            detail=assignment.status.value,
        )
        db.session.commit()
        return redirect(url_for("assignments.group_assignments", participation_id=participation_id))
    zone = zone_of(assignment.participation.network.time_zone)
    return render_template(
        "assignments/report.html",
        assignment=assignment,
        participation=assignment.participation,
        due=services.due_day(assignment, zone),
        form=form,
    )
