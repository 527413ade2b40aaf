"""Signing a browser in and out: the session helpers the login views and the factory share, the
device cookie, and the throttled confirmation of a signed-in person's password."""

from flask import after_this_request, current_app, request, session
from flask_babel import gettext as _
from flask_login import login_user

from network_app import audit
from network_app.auth import devices, rate_limits, services, throttle
from network_app.db_types import utcnow
from network_app.extensions import db


def load_user(token):
    return services.user_for_session(token, now=utcnow())


def throttle_rules():
    config = current_app.config
    return throttle.ThrottleRules(
        window=config["LOGIN_THROTTLE_WINDOW"],
        per_account=config["LOGIN_THROTTLE_PER_ACCOUNT"],
        per_account_address=config["LOGIN_THROTTLE_PER_ACCOUNT_ADDRESS"],
        per_address=config["LOGIN_THROTTLE_PER_ADDRESS"],
        per_device=config["LOGIN_THROTTLE_PER_DEVICE"],
        secret=config["SECRET_KEY"],
    )


def invitation_rate():
    config = current_app.config
    return rate_limits.RateLimit(
        bucket="invitation",
        limit=config["INVITATION_RATE_LIMIT"],
        window=config["INVITATION_RATE_WINDOW"],
    )


def retry_after(rules):
    return {"Retry-After": str(int(rules.window.total_seconds()))}


# Device cookies


def _device_cookie_options():
    config = current_app.config
    return {
        "secret_keys": [*config["SECRET_KEY_FALLBACKS"], config["SECRET_KEY"]],
        "now": utcnow(),
        "lifetime": config["DEVICE_COOKIE_LIFETIME"],
    }


def _device_cookie():
    return request.cookies.get(current_app.config["DEVICE_COOKIE_NAME"])


def login_attempt(rules, email, user):
    """This request's try at the account the e-mail address names, with the browser's device
    key when it has signed in to that account before."""
    key = None
    if user is not None:
        key = devices.key_for(_device_cookie(), user.id, **_device_cookie_options())
    return throttle.attempt(
        rules, email=email, user=user, address=request.remote_addr, device_key=key
    )


def remember_device(user):
    """Give the browser a new device cookie for the account with the response."""
    value = devices.with_new_nonce(_device_cookie(), user.id, **_device_cookie_options())

    @after_this_request
    def set_device_cookie(response):
        config = current_app.config
        response.set_cookie(
            config["DEVICE_COOKIE_NAME"],
            value,
            max_age=int(config["DEVICE_COOKIE_LIFETIME"].total_seconds()),
            secure=config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Strict",  # only ever needed by this site's own login form
        )
        return response


# Sessions

# Between the password and the second factor the browser holds only this marker: no session
# exists yet, so nothing that needs a signed-in user is reachable.
PENDING_SECOND_FACTOR = "second_factor_pending"


def await_second_factor(user, next_url):
    clear_session_keeping_language()
    session[PENDING_SECOND_FACTOR] = {
        "user": user.id,
        "since": int(utcnow().timestamp()),
        "next": next_url,
    }


def clear_session_keeping_language():
    """Nothing of a session survives a login or logout but the visitor's choice of language."""
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language


def sign_in(user):
    """A fresh session for the user: nothing from before the login survives. The browser is
    known to the account from now on (a new device cookie)."""
    clear_session_keeping_language()
    session.permanent = True
    services.start_session(
        user, now=utcnow(), lifetime=current_app.config["PERMANENT_SESSION_LIFETIME"]
    )
    login_user(user)
    remember_device(user)


# The password asked again of someone signed in


def refuse_password(field, user, *, purpose):
    """None when the field holds the user's password. Otherwise the field gets the message, the
    failure is throttled and audited as a failed login is, and the status to answer is returned
    (429 with Retry-After while throttled, else 200 to show the form again)."""
    rules, now = throttle_rules(), utcnow()
    attempt = login_attempt(rules, user.email, user)
    if throttle.throttled(rules, attempt, now=now):
        audit.record(
            audit.PASSWORD_CONFIRMATION_FAILED,
            target_type="user",
            target_id=user.id,
            detail=f"{purpose} throttled",
            commit=True,
        )
        field.errors.append(
            _("För många felaktiga lösenord. Vänta en kvart och försök sedan igen.")
        )
        return 429
    if services.password_matches(user, field.data or ""):
        return None
    throttle.record_failure(rules, attempt, now=now)
    audit.record(
        audit.PASSWORD_CONFIRMATION_FAILED, target_type="user", target_id=user.id, detail=purpose
    )
    db.session.commit()
    field.errors.append(_("Lösenordet stämmer inte. Ange ditt nuvarande lösenord."))
    return 200
