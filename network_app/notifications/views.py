"""The leader's outbox page, each account's mail preferences and the unsubscribe link's page."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from network_app import access
from network_app.extensions import db
from network_app.notifications import links, services
from network_app.notifications.forms import PreferencesForm, UnsubscribeForm
from network_app.notifications.labels import KIND_LABELS, STATUS_LABELS
from network_app.notifications.models import MessageStatus

bp = Blueprint("notifications", __name__)

PER_PAGE = 50
MAX_PAGE = 2000


@bp.route("/outbox")
@login_required
def outbox():
    access.require_leader()
    page = request.args.get("page", 1, type=int)
    if not 1 <= page <= MAX_PAGE:
        abort(404)
    status = request.args.get("status") or None
    if status is not None and status not in set(MessageStatus):
        abort(404)
    messages, has_next = services.outbox_page(
        status=MessageStatus(status) if status else None, page=page, per_page=PER_PAGE
    )
    return render_template(
        "notifications/outbox.html",
        messages=messages,
        counts=services.outbox_counts(),
        status=status,
        page=page,
        has_next=has_next,
        smtp_configured=bool(current_app.config["MAIL_SERVER"]),
        sender=current_app.config["MAIL_SENDER"],
        kind_labels=KIND_LABELS,
        status_labels=STATUS_LABELS,
    )


@bp.route("/account/mail", methods=["GET", "POST"])
@login_required
def preferences():
    form = PreferencesForm()
    if form.validate_on_submit():
        services.set_preferences(
            current_user, language=form.language.data, wanted=form.wanted.data or []
        )
        db.session.commit()
        flash(_("Dina val för e-post är sparade."))
        return redirect(url_for("notifications.preferences"))
    if request.method == "GET":
        turned_off = services.turned_off_kinds(current_user)
        form.language.data = services.language_of(current_user.id)
        form.wanted.data = [
            value for value, _label in form.wanted.choices if value not in turned_off
        ]
    return render_template("notifications/preferences.html", form=form)


@bp.route("/mail/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token):
    """No login: the signed link is the key, and it can only turn off one kind of mail for the
    account it was sent to. Anything else (a changed or foreign token) is a 404."""
    found = links.read_opt_out_token(token)
    user = services.active_account(found[0]) if found else None
    if user is None:
        abort(404)
    kind = found[1]
    form = UnsubscribeForm()
    if form.validate_on_submit():
        services.turn_off(user.id, kind)
        db.session.commit()
        page = render_template("notifications/unsubscribed.html", kind_label=KIND_LABELS[kind])
    else:
        page = render_template(
            "notifications/unsubscribe.html", form=form, kind_label=KIND_LABELS[kind]
        )
    # The URL is a key: no cache keeps the page, no search engine lists it.
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
