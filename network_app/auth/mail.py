"""Invitation e-mail, sent only when an SMTP server is configured."""

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app
from flask_babel import gettext as _

log = logging.getLogger(__name__)


def smtp_configured():
    return bool(current_app.config.get("MAIL_SERVER"))


def send_invitation(user, link, *, expires_at):
    """Mail the link; True when sent. The leader always sees the link to copy as well."""
    if not smtp_configured():
        return False
    config = current_app.config
    message = EmailMessage()
    message["Subject"] = _("Ditt konto i SKR:s nätverk")
    message["From"] = config["MAIL_SENDER"]
    message["To"] = user.email
    message.set_content(
        _(
            "Hej %(name)s!\n\nDu har fått ett konto i SKR:s nätverk mot hot och hat mot "
            "förtroendevalda. Välj ditt lösenord på länken nedan. Länken kan användas en gång "
            "och gäller till %(expires)s.\n\n%(link)s\n",
            name=user.name,
            expires=expires_at.strftime("%Y-%m-%d %H:%M UTC"),
            link=link,
        )
    )
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        # No address in the log: the recipient is personal data.
        log.warning("invitation e-mail not sent: %s", type(error).__name__)
        return False
    return True
