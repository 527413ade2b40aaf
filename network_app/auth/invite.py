"""Issuing an invitation link from a view: create it, put its mail in the outbox, show it to the
leader (who can still copy it, e.g. to send it by another channel)."""

from flask import current_app, render_template, url_for
from flask_login import current_user

from network_app import audit
from network_app.auth import services
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.notifications import links
from network_app.notifications import services as outbox
from network_app.notifications.models import MessageKind


def invite_and_show(user, back_url=None):
    """A fresh one-time link for the account, mailed through the outbox in the same transaction;
    the leader sees it as well. `back_url` is the page to return to (a checked path inside the
    app)."""
    now = utcnow()
    invitation, token = services.create_invitation(
        user,
        created_by=current_user,
        now=now,
        valid_for=current_app.config["INVITATION_VALID_FOR"],
    )
    link = links.absolute_url("auth.accept_invitation", token=token)
    outbox.enqueue(
        MessageKind.INVITATION,
        to=user.email,
        user=user,
        now=now,
        context={"name": user.name, "expires_at": invitation.expires_at, "link": link},
        dedupe_key=f"invitation:{invitation.token_hash[:40]}",
    )
    audit.record(audit.ACCOUNT_INVITED, target_type="user", target_id=user.id)
    db.session.commit()
    return render_template(
        "auth/invitation_link.html",
        user=user,
        link=link,
        invitation=invitation,
        smtp_configured=bool(current_app.config.get("MAIL_SERVER")),
        back_url=back_url or url_for("auth.accounts"),
    )
