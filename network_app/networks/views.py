"""The dashboard, networks, organisations and the life cycle of participations."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from network_app import access, audit
from network_app.auth import services as account_services
from network_app.dashboards import participant as participant_dashboard
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.forms import ConfirmForm
from network_app.meetings import services as meeting_services
from network_app.networks import services
from network_app.networks.forms import (
    ApplicationForm,
    BackgroundForm,
    DecisionForm,
    JointMemberForm,
    NetworkForm,
    OrganisationForm,
    register_choices,
)
from network_app.networks.models import (
    Network,
    Organisation,
    Participation,
    ParticipationStatus,
)
from network_app.register import services as register_services
from network_app.training import queries as training_queries

bp = Blueprint("networks", __name__)


@bp.route("/")
@login_required
def dashboard():
    if current_user.is_participant:
        return _participant_dashboard()
    # Closed networks are kept for years: list them in one line each, and spend the groups'
    # tables (and their queries) on the open ones only. Both statements built once per role.
    query = access.visible_networks_select(current_user.role)
    parameters = access.visible_networks_parameters(current_user)
    networks = services.open_networks_with_groups(query, parameters)
    closed = services.closed_networks_with_counts(query, parameters)
    # Every network whose meetings the user may have in the calendar is one of these.
    zones = {n.time_zone for n in networks} | {n.time_zone for n, _count in closed}
    return render_template(
        "networks/dashboard.html",
        networks=networks,
        boards=[],
        statuses={},
        closed=closed,
        coming=meeting_services.next_meetings_for(current_user, utcnow(), zones=zones),
    )


def _participant_dashboard():
    """The own groups only (alone or jointly), each with what to do next."""
    user = current_user._get_current_object()
    own = participant_dashboard.own_groups(user.organisation_id)
    zones = {p.network.time_zone for p in own.participations}
    coming = meeting_services.next_meetings_for(user, utcnow(), zones=zones)
    boards = participant_dashboard.group_dashboards(
        own.participations,
        statuses=own.statuses,
        coming=coming,
        may_approve=lambda p: access.can_approve_learning_example(user, p),
        system=own.system,
    )
    return render_template(
        "networks/dashboard.html",
        networks=[],
        boards=boards,
        statuses=own.statuses,
        closed=[],
        coming=coming,
    )


@bp.route("/networks/new", methods=["GET", "POST"])
@login_required
def new_network():
    access.require_leader()
    form = NetworkForm()
    if request.method == "GET":
        today = date.today()
        form.starts_on.data, form.ends_on.data = date(today.year, 1, 1), date(today.year, 12, 31)
        form.target_hours_min.data, form.target_hours_max.data = 30, 40
        form.group_size_min.data, form.group_size_max.data = 3, 5
    if form.validate_on_submit():
        network = Network(leader=current_user._get_current_object())
        form.populate_obj(network)
        db.session.add(network)
        db.session.commit()
        flash(_("Nätverket %(name)s är skapat.", name=network.name))
        return redirect(url_for("networks.network", network_id=network.id))
    return render_template("networks/network_form.html", form=form, network=None)


@bp.route("/networks/<int:network_id>")
@login_required
def network(network_id):
    network = services.network_with_groups(network_id)
    if network is None:
        abort(404)
    access.require_network_viewer(network)
    participations = sorted(network.participations, key=lambda p: p.organisation.name.lower())
    visible_groups = [p for p in participations if access.can_view_group(current_user, p)]
    return render_template(
        "networks/network.html",
        network=network,
        participations=participations,
        statuses=services.group_statuses(visible_groups),
        can_view_goals=access.can_view_network_goals(current_user, network),
        can_view_hours=access.can_view_network_hours(current_user, network),
    )


@bp.route("/networks/<int:network_id>/edit", methods=["GET", "POST"])
@login_required
def edit_network(network_id):
    network = db.get_or_404(Network, network_id)
    access.require_leader()
    form = NetworkForm(obj=network)
    if form.validate_on_submit():
        model_before = network.programme_model
        form.populate_obj(network)
        if network.programme_model != model_before:
            # The meetings' names change: calendars holding them are written again.
            meeting_services.touch_meetings(network, now=utcnow())
            audit.record(
                audit.PROGRAMME_MODEL_CHANGED,
                target_type="network",
                target_id=network.id,
                detail=f"programme_model={network.programme_model.value}",
            )
        db.session.commit()
        flash(_("Nätverket är sparat."))
        return redirect(url_for("networks.network", network_id=network.id))
    return render_template("networks/network_form.html", form=form, network=network)


@bp.route("/networks/<int:network_id>/closed", methods=["GET", "POST"])
@login_required
def set_closed(network_id):
    """Closing goes through the confirmation page (GET); reopening, which undoes it, does not."""
    network = db.get_or_404(Network, network_id)
    access.require_leader()
    form = ConfirmForm()
    if request.method == "GET":
        if network.is_closed:
            return redirect(url_for("networks.network", network_id=network.id))
        return render_template(
            "networks/close_confirm.html",
            form=form,
            network=network,
            cancel_url=url_for("networks.network", network_id=network.id),
        )
    if not form.validate_on_submit():
        abort(400)
    closing = request.form.get("closed") == "1"
    network.closed_at = utcnow() if closing else None
    action = audit.NETWORK_CLOSED if closing else audit.NETWORK_REOPENED
    audit.record(action, target_type="network", target_id=network.id)
    db.session.commit()
    flash(
        _("Nätverket är stängt. Grupperna kan inte längre ändra sina uppgifter.")
        if closing
        else _("Nätverket är öppnat igen.")
    )
    return redirect(url_for("networks.network", network_id=network.id))


# Organisations


@bp.route("/organisations")
@login_required
def organisations():
    access.require_leader()
    return render_template(
        "networks/organisations.html",
        organisations=services.organisations_by_name(),
        counts=services.participation_counts(),
        unlinked=services.unlinked_organisations(),
    )


@bp.route("/organisations/new", methods=["GET", "POST"])
@login_required
def new_organisation():
    access.require_leader()
    form = OrganisationForm()
    form.register_code.choices = register_choices(
        services.free_register_entries(), first=_("– Välj –")
    )
    if form.validate_on_submit():
        try:
            organisation = services.create_organisation(
                register_services.get_entry(form.register_code.data)
            )
        except services.NetworkRuleError as error:
            form.register_code.errors.append(_entry_taken_message(error))
        else:
            organisation.contact_email = form.contact_email.data or None
            db.session.commit()
            flash(_("Organisationen %(name)s är tillagd.", name=organisation.name))
            return redirect(url_for("networks.organisation", organisation_id=organisation.id))
    return render_template("networks/organisation_form.html", form=form, organisation=None)


def _entry_taken_message(error):
    if isinstance(error, services.RegisterEntryTaken):
        return _("%(name)s finns redan i appen.", name=error.holder.name)
    return _(
        "En organisation med det namnet finns redan men är inte kopplad till registret: "
        "koppla den i stället (Ändra organisationen)."
    )


@bp.route("/organisations/<int:organisation_id>")
@login_required
def organisation(organisation_id):
    organisation = db.get_or_404(Organisation, organisation_id)
    access.require_organisation_viewer(organisation)
    participations = services.participations_of(organisation)
    manages_accounts = access.can_manage_accounts(current_user)
    accounts = services.accounts_of(organisation) if manages_accounts else []
    people = services.people_of(organisation) if manages_accounts else []
    return render_template(
        "networks/organisation.html",
        organisation=organisation,
        participations=participations,
        statuses=services.group_statuses(participations),
        accounts=accounts,
        invitations=account_services.open_invitation_expiries(
            [u.id for u in accounts], now=utcnow()
        ),
        people=people,
        trainings=training_queries.trainings_of_organisation(organisation),
        can_request_training=access.can_request_training_for(current_user, organisation),
    )


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@login_required
def edit_organisation(organisation_id):
    organisation = db.get_or_404(Organisation, organisation_id)
    access.require_leader()
    form = OrganisationForm(obj=organisation)
    form.register_code.choices = register_choices(
        services.free_register_entries(keep=organisation.register_code), first=_("– Välj –")
    )
    if form.validate_on_submit():
        try:
            services.link_organisation(
                organisation, register_services.get_entry(form.register_code.data)
            )
        except services.NetworkRuleError as error:
            form.register_code.errors.append(_entry_taken_message(error))
        else:
            organisation.contact_email = form.contact_email.data or None
            db.session.commit()
            flash(_("Organisationen är sparad."))
            return redirect(url_for("networks.organisation", organisation_id=organisation.id))
    return render_template("networks/organisation_form.html", form=form, organisation=organisation)


# Participations


@bp.route("/networks/<int:network_id>/applications/new", methods=["GET", "POST"])
@login_required
def new_application(network_id):
    network = db.get_or_404(Network, network_id)
    access.require_leader()
    form = ApplicationForm()
    taken = {p.organisation_id for p in network.participations}
    choices = services.organisations_by_name()
    form.organisation_id.choices = [(0, _("– Välj –"))] + [
        (o.id, o.name) for o in choices if o.id not in taken
    ]
    form.register_code.choices = register_choices(
        services.free_register_entries(), first=_("– Välj –")
    )
    form.set_partner_choices(register_choices(register_services.entries(), first=_("– Ingen –")))
    if request.method == "GET":
        form.applied_on.data = date.today()
    if form.validate_on_submit():
        problems = services.partner_problems(network, _lead_code(form), form.partner_codes())
        form.partner_errors(problems)  # each refused partner's message at its row
        if not problems:
            try:
                with db.session.begin_nested():  # all of it or nothing
                    participation = _register_application(network, form)
            except (services.OrganisationNameTaken, services.RegisterEntryTaken) as error:
                form.register_code.errors.append(_entry_taken_message(error))
            except services.AlreadyParticipating:
                form.organisation_id.errors.append(_("Organisationen deltar redan i nätverket."))
            else:
                for member in participation.joint_members:
                    audit.record(
                        audit.JOINT_MEMBER_ADDED,
                        target_type="participation",
                        target_id=participation.id,
                        detail=f"organisation {member.organisation_id}",
                    )
                db.session.commit()
                flash(
                    _("Ansökan från %(name)s är registrerad.", name=participation.organisation.name)
                )
                return redirect(
                    url_for("networks.participation", participation_id=participation.id)
                )
    return render_template("networks/application_form.html", form=form, network=network)


def _lead_code(form):
    if form.organisation_id.data:
        organisation = db.session.get(Organisation, form.organisation_id.data)
        return organisation.register_code if organisation is not None else None
    return form.register_code.data or None


def _register_application(network, form):
    """The participation, and each organisation named to apply together with it as a joint
    member (samverkanslösning), in one transaction."""
    if form.organisation_id.data:
        organisation = db.session.get(Organisation, form.organisation_id.data)
        if organisation is None:
            raise services.AlreadyParticipating("unknown organisation")
    else:
        organisation = services.create_organisation(
            register_services.get_entry(form.register_code.data)
        )
    participation = services.register_application(
        network,
        organisation,
        background=form.background.data or "",
        applied_on=form.applied_on.data,
        now=utcnow(),
    )
    services.add_partners(
        participation,
        [register_services.get_entry(code) for code in form.partner_codes() if code],
        now=utcnow(),
    )
    return participation


@bp.route("/participations/<int:participation_id>")
@login_required
def participation(participation_id):
    participation = services.participation_with_group(participation_id)
    if participation is None:
        abort(404)
    access.require_group_viewer(participation)
    members = sorted(participation.members, key=lambda m: m.person.name.lower())
    return render_template(
        "networks/participation.html",
        participation=participation,
        members=members,
        people=services.people_and_accounts(participation, members, now=utcnow())
        if access.can_manage_accounts(current_user)
        else None,
        status=services.group_status(participation.network, services.composition_of(members)),
        can_edit=access.can_edit_group(current_user, participation),
        show_contact=access.can_see_contact_details(current_user, participation),
        next_statuses=services.allowed_next_statuses(participation),
        own_cases=participation.cases,  # read with the participation
        meetings=meeting_services.meetings_of_group(participation),
    )


def _joint_form(participation, formdata=None):
    form = JointMemberForm(formdata=formdata)
    form.organisation_id.choices = [(0, _("– Välj –"))] + [
        (o.id, o.name) for o in services.joint_member_choices(participation)
    ]
    return form


# On a page of its own, not on the group page: the choice lists every organisation of the
# register (hundreds), and writing it cost the group page half its time (bench/run.py).
@bp.route("/participations/<int:participation_id>/joint", methods=["GET", "POST"])
@login_required
def add_joint_member(participation_id):
    participation = db.get_or_404(Participation, participation_id)
    access.require_leader()
    form = _joint_form(participation, formdata=request.form if request.method == "POST" else None)
    if request.method == "POST":
        organisation = db.session.get(Organisation, form.organisation_id.data or 0)
        if not form.validate() or organisation is None:
            form.organisation_id.errors = [
                _("Välj en organisation som inte redan deltar i nätverket.")
            ]
        else:
            try:
                services.add_joint_member(participation, organisation, now=utcnow())
            except services.AlreadyParticipating:
                form.organisation_id.errors = [_("Organisationen deltar redan i nätverket.")]
            else:
                audit.record(
                    audit.JOINT_MEMBER_ADDED,
                    target_type="participation",
                    target_id=participation.id,
                    detail=f"organisation {organisation.id}",
                )
                db.session.commit()
                flash(_("%(name)s deltar nu i samverkan.", name=organisation.name))
                return redirect(
                    url_for("networks.participation", participation_id=participation.id)
                )
    return render_template("networks/joint_form.html", form=form, participation=participation)


@bp.route(
    "/participations/<int:participation_id>/joint/<int:organisation_id>/remove", methods=["POST"]
)
@login_required
def remove_joint_member(participation_id, organisation_id):
    participation = db.get_or_404(Participation, participation_id)
    access.require_leader()
    if services.remove_joint_member(participation, organisation_id):
        audit.record(
            audit.JOINT_MEMBER_REMOVED,
            target_type="participation",
            target_id=participation.id,
            detail=f"organisation {organisation_id}",
        )
        db.session.commit()
        flash(_("Organisationen är borttagen ur samverkan."))
    return redirect(url_for("networks.participation", participation_id=participation.id))


@bp.route("/participations/<int:participation_id>/background", methods=["GET", "POST"])
@login_required
def edit_background(participation_id):
    participation = db.get_or_404(Participation, participation_id)
    access.require_group_editor(participation)
    form = BackgroundForm(obj=participation)
    if form.validate_on_submit():
        participation.background = form.background.data or ""
        db.session.commit()
        flash(_("Bakgrunden är sparad."))
        return redirect(url_for("networks.participation", participation_id=participation.id))
    return render_template("networks/background_form.html", form=form, participation=participation)


@bp.route("/participations/<int:participation_id>/accept", methods=["GET", "POST"])
@login_required
def accept(participation_id):
    participation = db.get_or_404(Participation, participation_id)
    access.require_leader()
    if ParticipationStatus.ACCEPTED not in services.allowed_next_statuses(participation):
        flash(_("Ansökan kan inte antas i sitt nuvarande läge."), "error")
        return redirect(url_for("networks.participation", participation_id=participation.id))
    form = DecisionForm(obj=participation)
    if form.validate_on_submit():
        previous = participation.status
        services.accept(
            participation,
            **{
                k: getattr(form, k).data
                for k in ("decision_body", "decision_date", "decision_reference")
            },
            now=utcnow(),
        )
        _record_status_change(participation, previous)
        db.session.commit()
        flash(_("%(name)s är antagen till nätverket.", name=participation.organisation.name))
        return redirect(url_for("networks.participation", participation_id=participation.id))
    return render_template("networks/decision_form.html", form=form, participation=participation)


def _record_status_change(participation, previous):
    audit.record(
        audit.PARTICIPATION_STATUS_CHANGED,
        target_type="participation",
        target_id=participation.id,
        detail=f"{previous.value}->{participation.status.value}",
    )


STATUS_MESSAGES = {
    ParticipationStatus.DECLINED: _l("Ansökan är avböjd."),
    ParticipationStatus.WITHDRAWN: _l("Organisationen har dragit sig ur nätverket."),
    ParticipationStatus.APPLIED: _l("Ansökan är öppnad igen."),
}


# Changes of status that reach far go through the confirmation page first.
CONFIRMED_STATUSES = {ParticipationStatus.WITHDRAWN}


@bp.route("/participations/<int:participation_id>/status", methods=["GET", "POST"])
@login_required
def change_status(participation_id):
    participation = db.get_or_404(Participation, participation_id)
    access.require_leader()
    back = redirect(url_for("networks.participation", participation_id=participation.id))
    try:
        new_status = ParticipationStatus(request.values.get("status", ""))
    except ValueError:
        new_status = None
    if new_status == ParticipationStatus.ACCEPTED:
        return redirect(url_for("networks.accept", participation_id=participation.id))
    allowed = new_status in services.allowed_next_statuses(participation)
    form = ConfirmForm()
    if request.method == "GET":
        if not allowed or new_status not in CONFIRMED_STATUSES:
            return back
        return render_template(
            "networks/withdraw_confirm.html",
            form=form,
            participation=participation,
            cancel_url=url_for("networks.participation", participation_id=participation.id),
        )
    if not form.validate_on_submit():
        abort(400)
    try:
        if new_status is None:
            raise services.TransitionNotAllowed()
        previous = participation.status
        services.change_status(participation, new_status, now=utcnow())
    except services.TransitionNotAllowed:
        flash(_("Den ändringen av status är inte möjlig."), "error")
    else:
        _record_status_change(participation, previous)
        db.session.commit()
        flash(str(STATUS_MESSAGES[new_status]))
    return back
