"""Where a message goes: an SMTP server, or (none configured) the console. A transport's
`deliver` returns when the server accepted the message, or raises one of the failures below."""

import smtplib
import ssl

from network_app.notifications.mime import sender_address


class DeliveryError(Exception):
    """A send that did not happen; `kind` is what the outbox records (never an address)."""

    def __init__(self, kind):
        super().__init__(kind)
        self.kind = kind


class TemporaryFailure(DeliveryError):
    """Try again later: a 4xx reply, a dropped connection."""


class PermanentFailure(DeliveryError):
    """Do not try again: a 5xx reply to this message."""


class ServerUnavailable(DeliveryError):
    """No session with the server at all (connection, STARTTLS, login): the whole batch waits."""


def failure_for_reply(code):
    if 500 <= code < 600:
        return PermanentFailure(f"smtp {code}")
    return TemporaryFailure(f"smtp {code}")


class SmtpTransport:
    """One SMTP session for a run, opened at the first message and again after a failure."""

    def __init__(self, config):
        self.host, self.port = config["MAIL_SERVER"], config["MAIL_PORT"]
        self.starttls = config["MAIL_USE_TLS"]
        self.username, self.password = config["MAIL_USERNAME"], config["MAIL_PASSWORD"]
        self.timeout = config["MAIL_TIMEOUT"]
        self.envelope_sender = sender_address(config["MAIL_SENDER"]).addr_spec
        self._smtp = None

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self._close()

    def deliver(self, claimed):
        smtp = self._session()
        try:
            refused = smtp.send_message(
                claimed.email, from_addr=self.envelope_sender, to_addrs=[claimed.address]
            )
        except smtplib.SMTPRecipientsRefused as error:
            (code, _text), *_ = error.recipients.values()
            raise self._after_reply(code) from None
        except smtplib.SMTPResponseException as error:
            raise self._after_reply(error.smtp_code) from None
        except (smtplib.SMTPException, OSError) as error:
            self._close()
            raise TemporaryFailure(type(error).__name__) from None
        if refused:
            (code, _text), *_ = refused.values()
            raise self._after_reply(code)

    def _after_reply(self, code):
        failure = failure_for_reply(code)
        if isinstance(failure, TemporaryFailure):
            self._close()  # after a 421 the server has gone; start afresh for the next one
        return failure

    def _session(self):
        if self._smtp is not None:
            return self._smtp
        smtp = smtplib.SMTP(timeout=self.timeout)
        try:
            smtp.connect(self.host, self.port)
            if self.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self.username:
                smtp.login(self.username, self.password)
        except smtplib.SMTPResponseException as error:
            smtp.close()
            raise ServerUnavailable(f"smtp {error.smtp_code}") from None
        except (smtplib.SMTPException, OSError) as error:
            smtp.close()
            raise ServerUnavailable(type(error).__name__) from None
        self._smtp = smtp
        return smtp

    def _close(self):
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()


class ConsoleTransport:
    """No SMTP server configured: the message is shown, not sent. The console gets its id and
    kind only (the address and text are personal data), the whole message when MAIL_DEBUG
    is set; the leader reads every message on the outbox page."""

    def __init__(self, echo, *, debug=False):
        self.echo, self.debug = echo, debug

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        return None

    def deliver(self, claimed):
        self.echo(
            f"mail {claimed.id} ({claimed.kind}) not sent: no SMTP server is configured "
            "(the leader reads it at /outbox)"
        )
        if self.debug:
            self.echo(claimed.email.as_string())


def transport_for(config, echo):
    if config["MAIL_SERVER"]:
        return SmtpTransport(config)
    return ConsoleTransport(echo, debug=config["MAIL_DEBUG"])
