"""The training offer's pages: the public request form and its confirmation link, requests in the
app, the leader's queue, scheduling, the outcome, cancelling, and the report."""

import json

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network_app import access, audit, i18n
from network_app.auth import rate_limits
from network_app.db_types import utcnow
from network_app.downloads import private_download
from network_app.extensions import db
from network_app.forms import ConfirmForm
from network_app.networks.models import Organisation
from network_app.training import privacy, queries, services
from network_app.training.forms import (
    HeldForm,
    PublicTrainingRequestForm,
    ScheduleForm,
    TrainingRequestForm,
)
from network_app.training.ics import Texts
from network_app.training.models import Delivery, TrainingRequest, TrainingStatus
from network_app.training.services import ZONE

bp = Blueprint("training", __name__)

NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _language():
    return str(get_locale() or "sv")


def ics_texts(language):
    """The calendar file's words in the language the contact person asked in."""
    with i18n.recipient_language(language):
        return Texts(
            title=_("Utbildning om hot och hat: %(organisation)s"),
            test_title=_("Test av det digitala verktyget: %(organisation)s"),
            cancelled=_("INSTÄLLD: %(title)s"),
            trainer=_("Utbildare från SKR: %(trainer)s"),
            online=_("Digitalt möte: %(url)s"),
            cancelled_note=_("Utbildningen är inställd."),
        )


def _refusal_messages():
    return {
        services.UnknownOrganisation: _("Välj er kommun eller region i listan."),
        services.DateInPast: _("Välj ett datum efter i dag."),
        services.ParticipantsOutOfRange: _("Ange ett antal mellan 1 och 500."),
    }


def _put_refusals(form, values, now):
    """The service's refusals on their fields, beside the form's own (every error at once)."""
    messages = _refusal_messages()
    problems = services.refusals(values, now=now)
    for problem in problems:
        field = form[problem.field]
        if not field.errors:  # the form's own message already says what to do
            field.errors = [messages[type(problem)]]
    return not problems


def _entry_choices(form):
    form.register_code.choices = [("", _("– Välj –"))] + [
        (e.code, f"{e.name} ({e.kind_label.lower()}, {e.county_name})")
        for e in services.entry_choices()
    ]


# The public form (no account)


def request_rate():
    config = current_app.config
    return rate_limits.RateLimit(
        bucket="training_request",
        limit=config["TRAINING_REQUEST_RATE_LIMIT"],
        window=config["TRAINING_REQUEST_RATE_WINDOW"],
    )


@bp.route("/training/request", methods=["GET", "POST"])
def public_request():
    form = PublicTrainingRequestForm()
    _entry_choices(form)
    messages = []
    if form.is_submitted():
        now = utcnow()
        if not rate_limits.allow(request_rate(), request.remote_addr, now=now):
            db.session.commit()
            return render_template("errors/429.html"), 429, {"Retry-After": "3600"}
        db.session.commit()  # the count stands whatever the form holds
        valid = form.validate()
        if form.website.data:
            messages.append(_("Formuläret kunde inte skickas: lämna det dolda fältet tomt."))
        values = form.values()
        valid = _put_refusals(form, values, now) and valid
        if valid and not messages:
            training, _token = services.request_from_public_form(
                values,
                now=now,
                valid_for=current_app.config["TRAINING_CONFIRMATION_VALID_FOR"],
                language=_language(),
            )
            audit.record(audit.TRAINING_REQUESTED, target_type="training", target_id=training.id)
            db.session.commit()
            return redirect(url_for("training.request_sent"))
    return render_template("training/public_request.html", form=form, messages=messages)


@bp.route("/training/request/sent")
def request_sent():
    hours = int(current_app.config["TRAINING_CONFIRMATION_VALID_FOR"].total_seconds() // 3600)
    return render_template("training/request_sent.html", hours=hours)


@bp.route("/training/confirm/<token>", methods=["GET", "POST"])
def confirm(token):
    """GET shows a button (a mail scanner that opens links confirms nothing); POST confirms."""
    now = utcnow()
    try:
        training = services.find_by_confirmation(token, now=now)
    except services.LinkUsed:
        return render_template("training/link_refused.html", reason="used"), 410, NO_STORE
    except services.LinkExpired:
        return render_template("training/link_refused.html", reason="expired"), 410, NO_STORE
    except services.LinkUnknown:
        return render_template("training/link_refused.html", reason="unknown"), 404, NO_STORE
    form = ConfirmForm()
    if form.validate_on_submit():
        services.confirm(token, now=now)
        audit.record(
            audit.TRAINING_STATUS_CHANGED,
            target_type="training",
            target_id=training.id,
            detail="confirmed",
        )
        db.session.commit()
        return render_template("training/confirmed.html", training=training), 200, NO_STORE
    return render_template("training/confirm.html", form=form, training=training), 200, NO_STORE


# Requests in the app


def _request_in_app(form, organisation=None):
    now = utcnow()
    valid = form.validate_on_submit()
    if form.is_submitted():
        valid = _put_refusals(form, form.values(), now) and valid
    if not valid:
        return None
    training = services.request_in_app(
        form.values(), now=now, by=current_user, language=_language()
    )
    audit.record(audit.TRAINING_REQUESTED, target_type="training", target_id=training.id)
    db.session.commit()
    flash(_("Önskan om utbildning är registrerad. Projektledaren på SKR hör av sig."))
    return training


@bp.route("/organisations/<int:organisation_id>/training/new", methods=["GET", "POST"])
@login_required
def new_request(organisation_id):
    organisation = db.get_or_404(Organisation, organisation_id)
    access.require_training_requester(organisation)
    form = TrainingRequestForm()
    entry = services.entry_of_organisation(organisation)
    form.register_code.choices = [(entry.code, entry.long_name)] if entry else []
    if entry is not None:
        form.register_code.data = entry.code
        if not form.is_submitted():
            form.contact_name.data = form.contact_name.data or current_user.name
            form.contact_email.data = form.contact_email.data or current_user.email
        if _request_in_app(form, organisation):
            return redirect(url_for("networks.organisation", organisation_id=organisation.id))
    return render_template(
        "training/app_request.html",
        form=form,
        organisation=organisation,
        entry=entry,
        trainings=queries.trainings_of_organisation(organisation),
    )


@bp.route("/training/new", methods=["GET", "POST"])
@login_required
def leader_request():
    access.require_training_manager()
    form = TrainingRequestForm()
    _entry_choices(form)
    training = _request_in_app(form)
    if training is not None:
        return redirect(url_for("training.training", training_id=training.id))
    return render_template(
        "training/app_request.html", form=form, organisation=None, entry=None, trainings=()
    )


# The leader's queue and a training's page


@bp.route("/training")
@login_required
def queue():
    access.require_training_manager()
    now = utcnow()
    return render_template(
        "training/queue.html",
        queue=queries.queue(),
        upcoming=queries.upcoming(),
        closed=queries.recent_closed(),
        unconfirmed=queries.unconfirmed_count(now=now),
        zone=ZONE,
    )


def _load(training_id):
    access.require_training_manager()
    return db.get_or_404(TrainingRequest, training_id)


def _to_training(training):
    return redirect(url_for("training.training", training_id=training.id))


@bp.route("/training/<int:training_id>")
@login_required
def training(training_id):
    training = _load(training_id)
    return render_template(
        "training/training.html",
        training=training,
        history=queries.trainings_of_code(training.register_code),
        zone=ZONE,
    )


@bp.route("/training/<int:training_id>/schedule", methods=["GET", "POST"])
@login_required
def schedule(training_id):
    training = _load(training_id)
    form = ScheduleForm(zone=ZONE, remote=training.delivery == Delivery.REMOTE)
    if not form.is_submitted():
        form.fill_from(training)
    messages = []
    if not training.is_open or not training.is_confirmed:
        messages.append(_("Bara en bekräftad önskan eller en bokad utbildning kan bokas."))
    if form.is_submitted() and not messages:
        valid, now = form.validate(), utcnow()
        # The service's refusals beside the form's own, all at once (README, Page patterns).
        problems = []
        if "start" in form.moments:
            problems = services.schedule_refusals(training, form.values(), now=now)
            for problem in problems:
                form[problem.field].errors.append(_("Välj en tid efter nu."))
        if valid and not problems:
            before = training.status
            services.schedule(training, form.values(), now=now, texts=ics_texts(training.language))
            audit.record(
                audit.TRAINING_STATUS_CHANGED,
                target_type="training",
                target_id=training.id,
                detail=f"{before.value}->scheduled",
            )
            db.session.commit()
            flash(_("Utbildningen är bokad. Kontaktpersonen får en bekräftelse med kalenderfil."))
            return _to_training(training)
    return render_template(
        "training/schedule.html", form=form, training=training, messages=messages
    )


@bp.route("/training/<int:training_id>/held", methods=["GET", "POST"])
@login_required
def held(training_id):
    training = _load(training_id)
    form = HeldForm()
    messages = []
    now = utcnow()
    if training.status != TrainingStatus.SCHEDULED:
        messages.append(_("Bara en bokad utbildning kan markeras som genomförd."))
    elif training.starts_at > now:
        messages.append(_("Utbildningen har inte börjat än."))
    if form.validate_on_submit() and not messages:
        services.mark_held(training, form.participants.data, now=now)
        audit.record(
            audit.TRAINING_STATUS_CHANGED,
            target_type="training",
            target_id=training.id,
            detail="scheduled->held",
        )
        db.session.commit()
        flash(_("Utbildningen är markerad som genomförd."))
        return _to_training(training)
    return render_template("training/held.html", form=form, training=training, messages=messages)


@bp.route("/training/<int:training_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(training_id):
    training = _load(training_id)
    if not training.is_open:
        flash(_("Utbildningen är redan genomförd eller inställd."))
        return _to_training(training)
    form = ConfirmForm()
    if form.validate_on_submit():
        before = training.status
        services.cancel(training, now=utcnow(), texts=ics_texts(training.language))
        audit.record(
            audit.TRAINING_STATUS_CHANGED,
            target_type="training",
            target_id=training.id,
            detail=f"{before.value}->cancelled",
        )
        db.session.commit()
        flash(_("Utbildningen är inställd."))
        return _to_training(training)
    return render_template(
        "training/cancel.html",
        form=form,
        training=training,
        cancel_url=url_for("training.training", training_id=training.id),
    )


# The contact person's personal data (README, Personal data)


@bp.route("/training/<int:training_id>/personal-data.json")
@login_required
def personal_data_json(training_id):
    training = _load(training_id)
    now = utcnow()
    document = privacy.contact_data(training, now=now)
    audit.record(audit.EXPORT, target_type="training", target_id=training.id, detail="contact json")
    db.session.commit()
    body = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    return private_download(
        body, "application/json", f"kontaktperson-utbildning-{training.id}-{now:%Y%m%d}.json"
    )


@bp.route("/training/<int:training_id>/erase", methods=["GET", "POST"])
@login_required
def erase_contact(training_id):
    training = _load(training_id)
    if training.contact_erased_at is not None:
        flash(_("Kontaktpersonens uppgifter är redan raderade."))
        return _to_training(training)
    form = ConfirmForm()
    if form.validate_on_submit():
        for changed in privacy.erase_contact(training, now=utcnow()):
            audit.record(audit.TRAINING_CONTACT_ERASED, target_type="training", target_id=changed)
        db.session.commit()
        flash(_("Kontaktpersonens uppgifter är raderade."))
        return _to_training(training)
    return render_template(
        "training/erase.html",
        form=form,
        training=training,
        others=len(privacy.contact_data(training, now=utcnow())["training_requests"]) - 1,
        cancel_url=url_for("training.training", training_id=training.id),
    )
