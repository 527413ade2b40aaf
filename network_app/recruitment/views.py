"""The leader's recruitment pages: the application period, invitations and applications."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from network_app import access, audit
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.forms import ConfirmForm
from network_app.networks.models import Network, OrganisationKind
from network_app.notifications.links import absolute_url
from network_app.recruitment import period
from network_app.recruitment.forms import InvitationFilterForm, PeriodForm
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
    return render_template(
        "recruitment/recruitment.html",
        network=network,
        form=form,
        state=period.period_state(network),
        apply_url=absolute_url("applications.apply", network_id=network.id),
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
