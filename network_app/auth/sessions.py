"""Signing a browser in and out: the session helpers the login views and the factory share."""

from flask import current_app, session
from flask_login import login_user

from network_app.auth import services
from network_app.db_types import utcnow


def load_user(token):
    return services.user_for_session(token, now=utcnow())


def throttle_rules():
    config = current_app.config
    return services.ThrottleRules(
        window=config["LOGIN_THROTTLE_WINDOW"],
        per_account=config["LOGIN_THROTTLE_PER_ACCOUNT"],
        per_address=config["LOGIN_THROTTLE_PER_ADDRESS"],
        secret=config["SECRET_KEY"],
    )


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
    """A fresh session for the user: nothing from before the login survives."""
    clear_session_keeping_language()
    session.permanent = True
    services.start_session(
        user, now=utcnow(), lifetime=current_app.config["PERMANENT_SESSION_LIFETIME"]
    )
    login_user(user)
