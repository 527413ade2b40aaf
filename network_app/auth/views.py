"""Login, logout, passwords, invitations, the language choice and the leader's account pages."""

import functools
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
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
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user

from network_app import access, audit
from network_app.auth import rate_limits, services, throttle
from network_app.auth.forms import AccountForm, ChangePasswordForm, LoginForm, SetPasswordForm
from network_app.auth.invite import invite_and_show
from network_app.auth.models import Role, User
from network_app.auth.sessions import (
    await_second_factor,
    clear_session_keeping_language,
    invitation_rate,
    login_attempt,
    refuse_password,
    retry_after,
    sign_in,
    throttle_rules,
)
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.forms import ConfirmForm
from network_app.meetings import feeds
from network_app.networks.models import Network, Organisation

bp = Blueprint("auth", __name__)


def safe_next_url(target):
    """Only a path inside this app: never another host, scheme or a protocol-relative URL."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("networks.dashboard"))
    form = LoginForm()
    next_url = safe_next_url(request.args.get("next"))
    if form.validate_on_submit():
        rules, now = throttle_rules(), utcnow()
        user = services.find_user_by_email(form.email.data)
        attempt = login_attempt(rules, form.email.data, user)
        if throttle.throttled(rules, attempt, now=now):
            return _throttled_login(form, rules, attempt)
        if not services.password_opens(user, form.password.data):
            throttle.record_failure(rules, attempt, now=now)
            audit.record(audit.LOGIN_FAILED, **_attempted(attempt), detail=attempt.describe())
            db.session.commit()
            form.password.errors.append(
                _("E-postadressen eller lösenordet stämmer inte. Kontrollera och försök igen.")
            )
            return render_template("auth/login.html", form=form), 200
        if user.has_two_factor:
            # The browser becomes known to the account only after the second step, so that a
            # known password does not buy the guesses of a known browser at the code.
            await_second_factor(user, next_url)
            return redirect(url_for("two_factor.verify"))
        sign_in(user)
        audit.record(audit.LOGIN, target_type="user", target_id=user.id, detail="password")
        db.session.commit()
        return redirect(next_url or url_for("networks.dashboard"))
    return render_template("auth/login.html", form=form)


def _attempted(attempt):
    """The audit event's target: the account tried, when the typed address has one."""
    if attempt.user_id is None:
        return {}
    return {"target_type": "user", "target_id": attempt.user_id}


def _throttled_login(form, rules, attempt):
    audit.record(
        audit.LOGIN_FAILED,
        **_attempted(attempt),
        detail=f"throttled {attempt.describe()}",
        commit=True,
    )
    form.email.errors.append(
        _("För många misslyckade inloggningar. Vänta en kvart och försök sedan igen.")
    )
    return render_template("auth/login.html", form=form), 429, retry_after(rules)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    audit.record(audit.LOGOUT, target_type="user", target_id=current_user.id)
    services.end_session(current_user.session_token)
    db.session.commit()
    logout_user()
    clear_session_keeping_language()
    flash(_("Du är utloggad."))
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm(account=user)
    status = 200
    if form.is_submitted():
        valid = form.validate()
        # The current password is checked in the same round as the new one's rules, so that
        # both refusals show at once; a blank or unreadable one is the form's own error.
        csrf = getattr(form, "csrf_token", None)
        if form.current_password.errors or not form.current_password.data or (csrf and csrf.errors):
            status = 200
        else:
            status = refuse_password(form.current_password, user, purpose="change_password")
        if status is None and not valid:
            status = 200
        elif status is None:
            services.set_password(user, form.password.data)
            logout_user()
            sign_in(user)
            audit.record(audit.PASSWORD_CHANGED, target_type="user", target_id=user.id)
            db.session.commit()
            flash(_("Ditt lösenord är bytt. Alla andra inloggningar med kontot är avslutade."))
            return redirect(url_for("networks.dashboard"))
    headers = retry_after(throttle_rules()) if status == 429 else {}
    return render_template("auth/change_password.html", form=form), status, headers


def _private_page(view):
    """A page without login that shows a person's name and e-mail address: kept out of every
    cache, and its URL (a secret link) out of Referer headers."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    return wrapped


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@_private_page
def accept_invitation(token):
    now = utcnow()
    if not rate_limits.allow(invitation_rate(), request.remote_addr, now=now):
        db.session.commit()
        return render_template("errors/429.html"), 429, {"Retry-After": "60"}
    db.session.commit()
    try:
        invitation = services.find_invitation(token, now=now)
    except services.InvitationExpired:
        return render_template("auth/invitation_refused.html", reason="expired"), 410
    except services.InvitationUsed:
        return render_template("auth/invitation_refused.html", reason="used"), 410
    except services.InvitationInvalid:
        return render_template("auth/invitation_refused.html", reason="invalid"), 404
    form = SetPasswordForm(account=invitation.user)
    if form.validate_on_submit():
        if current_user.is_authenticated:
            services.end_session(current_user.session_token)
            logout_user()
        user = services.accept_invitation(token, form.password.data, now=now)
        sign_in(user)
        audit.record(audit.INVITATION_ACCEPTED, target_type="user", target_id=user.id)
        db.session.commit()
        flash(_("Välkommen! Ditt lösenord är sparat och du är inloggad."))
        return redirect(url_for("networks.dashboard"))
    return render_template("auth/invitation.html", form=form, invitation=invitation)


@bp.route("/language", methods=["POST"])
def choose_language():
    language = request.form.get("language")
    if language in current_app.config["LANGUAGES"]:
        session["language"] = language
    return redirect(safe_next_url(request.form.get("next")) or url_for("networks.dashboard"))


# The leader's account management


def _account_form(obj=None):
    form = AccountForm(obj=obj)
    organisations = db.session.scalars(sa.select(Organisation).order_by(Organisation.name))
    form.organisation_id.choices = [(0, _("– Ingen –"))] + [(o.id, o.name) for o in organisations]
    networks = db.session.scalars(sa.select(Network).order_by(Network.starts_on.desc()))
    form.network_ids.choices = [(n.id, n.name) for n in networks]
    return form


ACCOUNTS_PER_PAGE = 50
MAX_ACCOUNTS_PAGE = 1000


@bp.route("/accounts")
@login_required
def accounts():
    access.require_leader()
    query = (request.args.get("q") or "")[:200]
    page = request.args.get("page", 1, type=int)
    if not 1 <= page <= MAX_ACCOUNTS_PAGE:
        abort(404)
    users, has_next = services.search_accounts(query, page=page, per_page=ACCOUNTS_PER_PAGE)
    return render_template(
        "auth/accounts.html", users=users, has_next=has_next, page=page, query=query
    )


ACCOUNT_REFUSALS = {
    services.EmailTaken: ("email", _l("Det finns redan ett konto med den e-postadressen.")),
    services.LastLeader: (
        "role",
        _l("Det här är det enda aktiva projektledarkontot. Ge någon annan rollen först."),
    ),
}


def _edit_account_form(user):
    form = _account_form(obj=user)
    if not form.is_submitted():
        form.role.data = user.role.value
        form.organisation_id.data = user.organisation_id or 0
        form.network_ids.data = [n.id for n in user.observed_networks]
    return form


@bp.route("/accounts/<int:user_id>", methods=["GET", "POST"])
@login_required
def edit_account(user_id):
    """The account's page: its details to change, its state, last sign-in and history."""
    access.require_leader()
    user = db.get_or_404(User, user_id)
    form = _edit_account_form(user)
    if form.is_submitted():
        valid = form.validate()
        role = Role(form.role.data) if not form.role.errors and form.role.data else user.role
        email = form.email.data if not form.email.errors else user.email
        for refusal in services.account_refusals(user, email=email, role=role).values():
            field, message = ACCOUNT_REFUSALS[type(refusal)]
            form[field].errors.append(str(message))
            valid = False
        if valid:
            changed = services.update_account(user, **_account_values(form))
            if "role" in changed:
                audit.record(
                    audit.ROLE_CHANGED,
                    target_type="user",
                    target_id=user.id,
                    detail=f"role={user.role.value}",
                )
            if set(changed) - {"role"}:
                audit.record(
                    audit.ACCOUNT_CHANGED,
                    target_type="user",
                    target_id=user.id,
                    detail=",".join(sorted(set(changed) - {"role"})),
                )
            db.session.commit()
            flash(_("Kontot för %(name)s är sparat.", name=user.name))
            return redirect(url_for("auth.edit_account", user_id=user.id))
    return render_template(
        "auth/account.html",
        form=form,
        account=user,
        invitations=services.open_invitation_expiries([user.id], now=utcnow()),
    )


def _account_values(form):
    organisation = db.session.get(Organisation, form.organisation_id.data or 0)
    networks = db.session.scalars(
        sa.select(Network).where(Network.id.in_(form.network_ids.data or []))
    ).all()
    return {
        "name": form.name.data,
        "email": form.email.data,
        "role": Role(form.role.data),
        "organisation": organisation,
        "networks": networks,
    }


def _validate_with_email_check(form, *, except_id=None):
    """The form's checks and whether another account has the e-mail address, in one round."""
    if not form.is_submitted():
        return False
    valid = form.validate()
    if not form.email.errors and services.email_taken(form.email.data, except_id=except_id):
        form.email.errors.append(_("Det finns redan ett konto med den e-postadressen."))
        valid = False
    return valid


@bp.route("/accounts/new", methods=["GET", "POST"])
@login_required
def new_account():
    access.require_leader()
    form = _account_form()
    if _validate_with_email_check(form):
        try:
            user = services.create_account(**_account_values(form))
        except services.EmailTaken:
            form.email.errors.append(_("Det finns redan ett konto med den e-postadressen."))
        else:
            audit.record(
                audit.ACCOUNT_CREATED,
                target_type="user",
                target_id=user.id,
                detail=f"role={user.role.value}",
            )
            return invite_and_show(user)
    return render_template("auth/account_form.html", form=form)


@bp.route("/accounts/blocked")
@login_required
def blocked():
    """Accounts and addresses the login throttle holds back now, for the leader to see whom an
    attack is aimed at (the attempts themselves are in the audit log)."""
    access.require_leader()
    rules = throttle_rules()
    return render_template(
        "auth/blocked.html",
        blocks=throttle.current_blocks(rules, now=utcnow()),
        rules=rules,
    )


def _back_to(default_endpoint="auth.accounts"):
    """Back to the page the leader acted from (a group page or the account list)."""
    return redirect(safe_next_url(request.form.get("next")) or url_for(default_endpoint))


@bp.route("/accounts/<int:user_id>/invitation", methods=["POST"])
@login_required
def reinvite(user_id):
    access.require_leader()
    user = db.get_or_404(User, user_id)
    if not user.active:
        flash(
            _(
                "Kontot för %(name)s är avstängt. Aktivera det först om personen ska få en ny "
                "inbjudningslänk.",
                name=user.name,
            ),
            "error",
        )
        return _back_to()
    return invite_and_show(user, back_url=safe_next_url(request.form.get("next")))


@bp.route("/accounts/<int:user_id>/active", methods=["GET", "POST"])
@login_required
def set_active(user_id):
    """Deactivating goes through the confirmation page (GET); reactivating does not."""
    access.require_leader()
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        flash(_("Du kan inte stänga av ditt eget konto."), "error")
        return _back_to()
    form = ConfirmForm()
    if request.method == "GET":
        back = safe_next_url(request.args.get("next")) or url_for("auth.accounts")
        if not user.active:
            return redirect(back)
        return render_template(
            "auth/deactivate_confirm.html", form=form, account=user, cancel_url=back, next=back
        )
    if not form.validate_on_submit():
        abort(400)
    user.active = request.form.get("active") == "1"
    if not user.active:
        services.end_all_sessions(user)
        feeds.rotate_if_any(user, now=utcnow())
    audit.record(
        audit.ACCOUNT_ACTIVATED if user.active else audit.ACCOUNT_DEACTIVATED,
        target_type="user",
        target_id=user.id,
    )
    db.session.commit()
    flash(
        _("Kontot för %(name)s är aktiverat.", name=user.name)
        if user.active
        else _("Kontot för %(name)s är avstängt och utloggat.", name=user.name)
    )
    return _back_to()
