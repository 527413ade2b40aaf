"""Two-factor login: the second step after the password, enrolment, recovery codes, disabling."""

from datetime import timedelta

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network_app import audit
from network_app.auth import throttle, two_factor
from network_app.auth.forms import ConfirmPasswordForm, EnableTwoFactorForm, SecondFactorForm
from network_app.auth.models import User
from network_app.auth.sessions import (
    PENDING_SECOND_FACTOR,
    login_attempt,
    refuse_password,
    retry_after,
    sign_in,
    throttle_rules,
)
from network_app.db_types import utcnow
from network_app.extensions import db

bp = Blueprint("two_factor", __name__)

PENDING_LIFETIME = timedelta(minutes=5)
# What a leader who must use two-factor login but has not enrolled may still reach.
_OPEN_WITHOUT_TWO_FACTOR = {"static", "two_factor.setup", "auth.logout", "auth.choose_language"}


def two_factor_required(user):
    return user.is_leader and current_app.config["TWO_FACTOR_REQUIRED_FOR_LEADERS"]


@bp.before_app_request
def send_leaders_without_two_factor_to_enrolment():
    if request.endpoint in _OPEN_WITHOUT_TWO_FACTOR or request.endpoint is None:
        return None
    if (
        current_user.is_authenticated
        and two_factor_required(current_user)
        and not current_user.has_two_factor
    ):
        return redirect(url_for("two_factor.setup"))
    return None


def _no_store(response):
    response = make_response(response)
    response.headers["Cache-Control"] = "no-store"
    response.headers.add("Vary", "Cookie")
    return response


# The second step of a login


def _pending_login():
    """The account whose password was just given, while the second step is still open."""
    pending = session.get(PENDING_SECOND_FACTOR)
    if not isinstance(pending, dict):
        return None, None
    started = pending.get("since", 0)
    if utcnow().timestamp() - started > PENDING_LIFETIME.total_seconds():
        return None, None
    user = db.session.get(User, pending.get("user") or 0)
    if user is None or not user.active or not user.has_two_factor:
        return None, None
    return user, pending.get("next")


@bp.route("/login/two-factor", methods=["GET", "POST"])
def verify():
    if current_user.is_authenticated:
        return redirect(url_for("networks.dashboard"))
    user, next_url = _pending_login()
    if user is None:
        session.pop(PENDING_SECOND_FACTOR, None)
        flash(_("Inloggningen tog för lång tid eller har inte börjat. Logga in igen."), "error")
        return redirect(url_for("auth.login"))
    form = SecondFactorForm()
    status = 200
    if form.validate_on_submit():
        rules, now = throttle_rules(), utcnow()
        attempt = login_attempt(rules, user.email, user)
        if throttle.throttled(rules, attempt, now=now):
            audit.record(
                audit.TWO_FACTOR_FAILED,
                target_type="user",
                target_id=user.id,
                detail="throttled",
                commit=True,
            )
            form.code.errors.append(
                _("För många misslyckade försök. Vänta en kvart och försök sedan igen.")
            )
            page = render_template("auth/two_factor_verify.html", form=form)
            return _no_store(page), 429, retry_after(rules)
        method = _second_factor_method(user, form.code.data, now=now)
        if method is None:
            throttle.record_failure(rules, attempt, now=now)
            audit.record(audit.TWO_FACTOR_FAILED, target_type="user", target_id=user.id)
            db.session.commit()
            form.code.errors.append(
                _(
                    "Koden stämmer inte. Ange de sex siffror som appen visar nu, eller en "
                    "oanvänd reservkod."
                )
            )
        else:
            sign_in(user)
            audit.record(audit.LOGIN, target_type="user", target_id=user.id, detail=method)
            db.session.commit()
            if method == "recovery_code":
                flash(
                    _(
                        "Du loggade in med en reservkod. Den kan inte användas igen. Du har "
                        "%(count)d kvar.",
                        count=two_factor.unused_recovery_codes(user),
                    )
                )
            return redirect(next_url or url_for("networks.dashboard"))
    return _no_store(render_template("auth/two_factor_verify.html", form=form)), status


def _second_factor_method(user, code, *, now):
    if two_factor.check_totp(user, code, now=now):
        return "totp"
    if two_factor.use_recovery_code(user, code, now=now):
        audit.record(audit.RECOVERY_CODE_USED, target_type="user", target_id=user.id)
        return "recovery_code"
    return None


# Enrolment and management, on the account's own page


def _status_page(codes_form=None, disable_form=None, status=200):
    user = current_user._get_current_object()
    return (
        render_template(
            "auth/two_factor_status.html",
            codes_form=codes_form or ConfirmPasswordForm(prefix="codes"),
            disable_form=disable_form or ConfirmPasswordForm(prefix="disable"),
            unused_codes=two_factor.unused_recovery_codes(user),
            required=two_factor_required(user),
        ),
        status,
        _retry_after_if_throttled(status),
    )


def _show_recovery_codes(codes):
    return _no_store(render_template("auth/recovery_codes.html", codes=codes))


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def setup():
    user = current_user._get_current_object()
    if user.has_two_factor:
        return _status_page()
    if two_factor.secret_of(user) is None:
        if request.method == "POST":
            return redirect(url_for("two_factor.setup"))  # a form from before any secret
        two_factor.begin_enrolment(user)
        db.session.commit()
    form = EnableTwoFactorForm()
    status = 200
    if form.validate_on_submit():
        # A stolen session must not enrol its own authenticator: the password first.
        status = refuse_password(form.password, user, purpose="enable_two_factor")
        if status is None:
            codes = two_factor.confirm_enrolment(user, form.code.data, now=utcnow())
            if codes is not None:
                audit.record(audit.TWO_FACTOR_ENABLED, target_type="user", target_id=user.id)
                db.session.commit()
                return _show_recovery_codes(codes)
            form.code.errors.append(
                _(
                    "Koden stämmer inte. Kontrollera att appen har rätt nyckel och att telefonens "
                    "klocka går rätt, och ange koden som visas nu."
                )
            )
            status = 200
    page = render_template(
        "auth/two_factor_setup.html",
        form=form,
        secret=two_factor.grouped_secret(two_factor.secret_of(user)),
        qr_svg=two_factor.qr_svg(two_factor.provisioning_uri(user)),
        required=two_factor_required(user),
    )
    return _no_store(page), status, _retry_after_if_throttled(status)


def _retry_after_if_throttled(status):
    return retry_after(throttle_rules()) if status == 429 else {}


@bp.route("/account/two-factor/recovery-codes", methods=["POST"])
@login_required
def regenerate_codes():
    user = current_user._get_current_object()
    if not user.has_two_factor:
        return redirect(url_for("two_factor.setup"))
    form = ConfirmPasswordForm(prefix="codes")
    status = 200
    if form.validate_on_submit():
        status = refuse_password(form.password, user, purpose="recovery_codes")
        if status is None:
            codes = two_factor.replace_recovery_codes(user, now=utcnow())
            audit.record(audit.RECOVERY_CODES_REGENERATED, target_type="user", target_id=user.id)
            db.session.commit()
            return _show_recovery_codes(codes)
    return _status_page(codes_form=form, status=status)


@bp.route("/account/two-factor/disable", methods=["POST"])
@login_required
def disable():
    user = current_user._get_current_object()
    if not user.has_two_factor:
        return redirect(url_for("two_factor.setup"))
    if two_factor_required(user):
        flash(
            _(
                "Projektledare måste ha tvåstegsverifiering. Skapa nya reservkoder i stället om "
                "du har tappat bort dem."
            ),
            "error",
        )
        return redirect(url_for("two_factor.setup"))
    form = ConfirmPasswordForm(prefix="disable")
    status = 200
    if form.validate_on_submit():
        status = refuse_password(form.password, user, purpose="disable_two_factor")
        if status is None:
            two_factor.disable(user)
            audit.record(audit.TWO_FACTOR_DISABLED, target_type="user", target_id=user.id)
            db.session.commit()
            flash(_("Tvåstegsverifieringen är avstängd. Du loggar nu in med bara lösenordet."))
            return redirect(url_for("two_factor.setup"))
    return _status_page(disable_form=form, status=status)
