"""The public application form (no account) and the confirmation link mailed to the applicant."""

from datetime import timedelta

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from network_app import audit
from network_app.auth import rate_limits
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.forms import ConfirmForm
from network_app.networks.models import Network
from network_app.notifications.links import absolute_url
from network_app.recruitment import applications
from network_app.recruitment.forms import PublicApplicationForm
from network_app.recruitment.period import PeriodState, period_state
from network_app.register import services as register_services

bp = Blueprint("applications", __name__)

# Kept out of caches and Referer headers: the form and the link carry personal data and secrets.
PRIVATE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def application_rate():
    config = current_app.config
    return rate_limits.RateLimit(
        bucket="application",
        limit=config["APPLICATION_RATE_LIMIT"],
        window=config["APPLICATION_RATE_WINDOW"],
    )


@bp.route("/apply/<int:network_id>", methods=["GET", "POST"])
def apply(network_id):
    network = db.get_or_404(Network, network_id)
    now = utcnow()
    state = period_state(network, now=now)
    if state != PeriodState.OPEN:
        # After the deadline (or before the opening) the form says so and stores nothing.
        return (
            render_template("recruitment/apply_closed.html", network=network, state=state),
            (410 if state == PeriodState.CLOSED else 200),
            PRIVATE_HEADERS,
        )
    form = PublicApplicationForm()
    form.set_register_choices(register_services.entries(), first=_("– Välj –"), none=_("– Ingen –"))
    messages = []
    if request.method == "POST":
        if not rate_limits.allow(application_rate(), request.remote_addr, now=now):
            db.session.commit()
            return render_template("errors/429.html"), 429, {"Retry-After": "3600"}
        db.session.commit()  # the throttle counts the attempt, whatever follows
    if form.validate_on_submit():
        try:
            application, token = applications.submit(
                network,
                register_services.get_entry(form.register_code.data),
                form.values(),
                now=now,
                link_hours=current_app.config["APPLICATION_LINK_HOURS"],
            )
        except applications.AlreadyApplied:
            form.register_code.errors.append(
                _(
                    "Er organisation har redan ansökt till nätverket. Hör av er till SKR:s "
                    "projektledare om något ska ändras."
                )
            )
        except applications.PartnersRefused as error:
            form.partner_errors(error.problems)
        except applications.DecisionMissing:
            form.decision_reference.errors.append(
                _("Ange beslutets diarienummer eller paragraf när beslutet är taget.")
            )
        except applications.PeriodNotOpen:
            messages.append(_("Ansökningstiden har gått ut."))
        else:
            applications.mail_confirmation_link(
                application,
                link=absolute_url("applications.confirm", token=token),
                now=now,
            )
            audit.record(
                audit.APPLICATION_SUBMITTED,
                target_type="application",
                target_id=application.id,
                detail=f"partners={len(application.partners)}",
            )
            db.session.commit()
            return redirect(url_for("applications.sent", network_id=network.id))
    return (
        render_template("recruitment/apply.html", network=network, form=form, messages=messages),
        200,
        PRIVATE_HEADERS,
    )


@bp.route("/apply/<int:network_id>/sent")
def sent(network_id):
    network = db.get_or_404(Network, network_id)
    hours = current_app.config["APPLICATION_LINK_HOURS"]
    return render_template(
        "recruitment/apply_sent.html", network=network, valid_for=timedelta(hours=hours)
    )


@bp.route("/apply/confirm/<token>", methods=["GET", "POST"])
def confirm(token):
    """GET shows a button, POST confirms: a mail program that opens links to scan them must
    not confirm an application by itself."""
    now = utcnow()
    if not rate_limits.allow(application_rate(), request.remote_addr, now=now):
        db.session.commit()
        return render_template("errors/429.html"), 429, {"Retry-After": "3600"}
    db.session.commit()
    try:
        application = applications.find_by_token(token, now=now)
    except applications.ApplicationRefused as error:
        return _refused(error)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            applications.confirm(token, now=now)
        except applications.ApplicationRefused as error:
            db.session.rollback()  # nothing of the confirmation is stored
            return _refused(error)
        audit.record(
            audit.APPLICATION_CONFIRMED, target_type="application", target_id=application.id
        )
        for member in application.participation.joint_members:
            audit.record(
                audit.JOINT_MEMBER_ADDED,
                target_type="participation",
                target_id=application.participation_id,
                detail=f"organisation {member.organisation_id} (application {application.id})",
            )
        db.session.commit()
        return (
            render_template("recruitment/confirmed.html", application=application),
            200,
            PRIVATE_HEADERS,
        )
    return (
        render_template("recruitment/confirm.html", application=application, form=form),
        200,
        PRIVATE_HEADERS,
    )


REFUSALS = {
    applications.LinkUsed: ("used", 410),
    applications.LinkExpired: ("expired", 410),
    applications.AlreadyApplied: ("already", 409),
    applications.OrganisationUnclear: ("unclear", 409),
    applications.PartnerJoined: ("partner", 409),
}


def _refused(error):
    reason, status = REFUSALS.get(type(error), ("invalid", 404))
    return (
        render_template(
            "recruitment/confirm_refused.html",
            reason=reason,
            partners=getattr(error, "names", ()),
        ),
        status,
        (PRIVATE_HEADERS),
    )
