"""Issuing an invitation link from a view: create it, mail it if possible, show it to the leader."""

from flask import current_app, render_template, url_for
from flask_login import current_user

from network_app import audit
from network_app.auth import mail, services
from network_app.db_types import utcnow
from network_app.extensions import db


def invite_and_show(user, back_url=None):
    """A fresh one-time link for the account; the leader always sees it to copy.
    `back_url` is the page to return to (an already checked path inside the app)."""
    invitation, token = services.create_invitation(
        user,
        created_by=current_user,
        now=utcnow(),
        valid_for=current_app.config["INVITATION_VALID_FOR"],
    )
    link = url_for("auth.accept_invitation", token=token, _external=True)
    audit.record(audit.ACCOUNT_INVITED, target_type="user", target_id=user.id)
    db.session.commit()
    sent = mail.send_invitation(user, link, expires_at=invitation.expires_at)
    return render_template(
        "auth/invitation_link.html",
        user=user,
        link=link,
        invitation=invitation,
        sent=sent,
        back_url=back_url or url_for("auth.accounts"),
    )
