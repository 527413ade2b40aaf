"""The leader's recruitment pages: the application period, invitations and applications."""

import json

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network_app import access, audit
from network_app.db_types import utcnow
from network_app.downloads import private_download
from network_app.extensions import db
from network_app.forms import ConfirmForm
from network_app.networks import services as network_services
from network_app.networks.models import Network, OrganisationKind, Participation
from network_app.networks.services import local_today
from network_app.notifications.links import absolute_url
from network_app.recruitment import applications, period, selection
from network_app.recruitment import privacy as recruitment_privacy
from network_app.recruitment.forms import CallForm, DecideForm, InvitationFilterForm, PeriodForm
from network_app.recruitment.models import Application, Outcome
from network_app.register import services as register_services

bp = Blueprint("recruitment", __name__)


@bp.route("/networks/<int:network_id>/recruitment", methods=["GET", "POST"])
@login_required
def recruitment(network_id):
    network = db.get_or_404(Network, network_id)
    access.require_leader()
    form = PeriodForm(obj=network)
    if form.validate_on_submit():
        period.set_period(
            network,
            opens_on=form.applications_open_on.data,
            deadline=form.application_deadline.data,
            decision_on=form.decision_on.data,
        )
        audit.record(
            audit.RECRUITMENT_PERIOD_SET,
            target_type="network",
            target_id=network.id,
            detail=f"{network.applications_open_on}..{network.application_deadline} "
            f"decision {network.decision_on}",
        )
        db.session.commit()
        flash(_("Ansökningsperioden är sparad."))
        return redirect(url_for("recruitment.recruitment", network_id=network.id))
    rows, counts = selection.applications_table(network)
    return render_template(
        "recruitment/recruitment.html",
        network=network,
        form=form,
        state=period.period_state(network),
        apply_url=absolute_url("applications.apply", network_id=network.id),
        rows=rows,
        counts=counts,
        unconfirmed=applications.unconfirmed_count(network, now=utcnow()),
    )


def _filters():
    """The filters from the query string, or on the confirmation page's POST from its hidden
    fields (that form posts to the bare path)."""
    source = request.form if request.method == "POST" else request.args
    form = InvitationFilterForm(source)
    form.county.choices = [("", _("Alla län"))] + [
        (code, name) for code, name in register_services.counties()
    ]
    form.kind.choices = [("", _("Kommuner och regioner"))] + [
        (kind.value, kind.label) for kind in OrganisationKind
    ]
    if not form.validate():
        return form, None
    return form, period.Filters(
        county=form.county.data or None,
        kind=form.kind.data or None,
        never_in_network=bool(form.never_in_network.data),
        never_trained=bool(form.never_trained.data),
    )


@bp.route("/networks/<int:network_id>/recruitment/invite")
@login_required
def invite(network_id):
    network = db.get_or_404(Network, network_id)
    access.require_leader()
    form, filters = _filters()
    targets = period.invitation_targets(network, filters) if filters else []
    return render_template(
        "recruitment/invite.html",
        network=network,
        form=form,
        targets=targets,
        state=period.period_state(network),
        query=request.query_string.decode("ascii", "replace"),
    )


@bp.route("/networks/<int:network_id>/recruitment/invite/send", methods=["GET", "POST"])
@login_required
def send_invitations(network_id):
    network = db.get_or_404(Network, network_id)
    access.require_leader()
    form, filters = _filters()
    back = url_for("recruitment.invite", network_id=network.id, **request.args)
    if filters is None or period.period_state(network) == period.PeriodState.NOT_SET:
        flash(_("Ange ansökningsperioden och giltiga urval innan inbjudan skickas."), "error")
        return redirect(back)
    targets = period.invitation_targets(network, filters)
    confirm = ConfirmForm()
    if confirm.validate_on_submit():
        sent = period.send_invitations(
            network,
            targets,
            apply_url=absolute_url("applications.apply", network_id=network.id),
            now=utcnow(),
        )
        audit.record(
            audit.RECRUITMENT_INVITATIONS_SENT,
            target_type="network",
            target_id=network.id,
            detail=f"queued={sent.queued} already={sent.already} "
            f"without_address={sent.without_address}",
        )
        db.session.commit()
        flash(
            _(
                "Inbjudan ligger i utkorgen till %(queued)d organisationer. %(already)d hade "
                "redan fått den, %(missing)d saknar kontaktadress.",
                queued=sent.queued,
                already=sent.already,
                missing=sent.without_address,
            )
        )
        return redirect(url_for("recruitment.recruitment", network_id=network.id))
    return render_template(
        "recruitment/invite_confirm.html",
        network=network,
        form=confirm,
        targets=targets,
        with_address=[o for o in targets if o.contact_email],
        cancel_url=back,
        filters=filters,
    )


@bp.route("/participations/<int:participation_id>/application")
@login_required
def application(participation_id):
    participation = db.get_or_404(Participation, participation_id)
    access.require_leader()
    return _application_page(participation, CallForm(formdata=None))


def _application_page(participation, call_form):
    if call_form.held_on.data is None and not call_form.errors:
        call_form.held_on.data = local_today(participation.network)
    return render_template(
        "recruitment/application.html",
        participation=participation,
        network=participation.network,
        application=applications.application_of(participation),
        calls=selection.calls_of(participation),
        partners=selection.partners_of(participation),
        decisions=selection.decisions_of(participation),
        call_form=call_form,
    )


@bp.route("/participations/<int:participation_id>/calls", methods=["POST"])
@login_required
def log_call(participation_id):
    participation = db.get_or_404(Participation, participation_id)
    access.require_leader()
    form = CallForm()
    if not form.validate_on_submit():
        return _application_page(participation, form), 200
    call = selection.log_call(
        participation,
        held_on=form.held_on.data,
        with_whom=form.with_whom.data,
        notes=form.notes.data,
        by=current_user._get_current_object(),
        now=utcnow(),
    )
    audit.record(
        audit.APPLICATION_CALL_LOGGED,
        target_type="participation",
        target_id=participation.id,
        detail=f"call {call.id}",
    )
    db.session.commit()
    flash(_("Telefonmötet är antecknat."))
    return redirect(url_for("recruitment.application", participation_id=participation.id))


@bp.route("/participations/<int:participation_id>/decide", methods=["GET", "POST"])
@login_required
def decide(participation_id):
    participation = db.get_or_404(Participation, participation_id)
    access.require_leader()
    form = DecideForm(obj=participation if request.method == "GET" else None)
    if request.method == "GET":
        form.outcome.data = None
    if form.validate_on_submit():
        outcome = Outcome(form.outcome.data)
        try:
            previous = participation.status
            record = selection.decide(
                participation,
                outcome,
                reason=form.reason.data,
                decision=form.decision(),
                by=current_user._get_current_object(),
                now=utcnow(),
            )
        except network_services.DecisionMissing:
            for name in ("decision_body", "decision_date", "decision_reference"):
                if not getattr(form, name).data:
                    getattr(form, name).errors.append(
                        _("Organisationens politiska beslut behövs för att anta ansökan.")
                    )
        except network_services.TransitionNotAllowed:
            form.outcome.errors.append(_("Ansökan kan inte få det beslutet i sitt nuvarande läge."))
        else:
            audit.record(
                audit.APPLICATION_DECIDED,
                target_type="participation",
                target_id=participation.id,
                detail=f"{previous.value}->{participation.status.value}",
            )
            db.session.commit()
            flash(
                _("Beslutet är sparat och den sökande får det med e-post.")
                if record.mailed
                else _(
                    "Beslutet är sparat. Det finns ingen e-postadress: meddela den sökande själv."
                )
            )
            return redirect(url_for("recruitment.application", participation_id=participation.id))
    return render_template("recruitment/decide.html", form=form, participation=participation)


# The applicants' personal data: an access request, erasure


@bp.route("/applications/personal-data")
@login_required
def find_personal_data():
    access.require_leader()
    query = request.args.get("q", "")
    return render_template(
        "recruitment/find_personal_data.html",
        query=query,
        found=recruitment_privacy.find_applications(query),
    )


@bp.route("/applications/<int:application_id>/personal-data.json")
@login_required
def applicant_data(application_id):
    application = db.get_or_404(Application, application_id)
    access.require_leader()
    now = utcnow()
    document = recruitment_privacy.applicant_data(application, now=now)
    audit.record(
        audit.EXPORT,
        target_type="application",
        target_id=application.id,
        detail="json",
        commit=True,
    )
    body = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    return private_download(body, "application/json", f"ansokan-{application.id}-{now:%Y%m%d}.json")


@bp.route("/applications/<int:application_id>/erase", methods=["GET", "POST"])
@login_required
def erase_applicant(application_id):
    application = db.get_or_404(Application, application_id)
    access.require_leader()
    back = (
        url_for("recruitment.application", participation_id=application.participation_id)
        if application.participation_id
        else url_for("recruitment.find_personal_data")
    )
    form = ConfirmForm()
    if form.validate_on_submit():
        if recruitment_privacy.erase_applicant(application, now=utcnow()):
            audit.record(
                audit.PERSON_ERASED,
                target_type="application",
                target_id=application.id,
                detail="applicant",
            )
        db.session.commit()
        flash(_("Personuppgifterna i ansökan är raderade."))
        return redirect(back)
    return render_template(
        "recruitment/erase_confirm.html", form=form, application=application, cancel_url=back
    )
