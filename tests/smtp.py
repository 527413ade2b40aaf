"""A real SMTP server on the loopback (aiosmtpd): the fixture `smtp_server` for every test
(registered as a plugin by tests/conftest.py), and the settings that send to it."""

import email
import email.policy
from collections import deque
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller

SENDER = "SKR:s nätverk <natverk@skr.example>"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list
    content: bytes

    def parsed(self):
        return email.message_from_bytes(self.content, policy=email.policy.default)


@dataclass
class Recorder:
    """Keeps what the server accepted; replies queued in `rcpt_replies`/`data_replies` answer
    the next RCPT TO or DATA instead of 250 (e.g. "451 4.3.0 try later")."""

    received: list = field(default_factory=list)
    rcpt_replies: deque = field(default_factory=deque)
    data_replies: deque = field(default_factory=deque)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_replies:
            return self.rcpt_replies.popleft()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_replies:
            return self.data_replies.popleft()
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content)
        )
        return "250 Message accepted for delivery"

    def messages(self):
        return [received.parsed() for received in self.received]


class LoopbackController(Controller):
    """aiosmtpd on a free port: port 0 is bound first, then the real port read back."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@pytest.fixture
def smtp_server():
    recorder = Recorder()
    controller = LoopbackController(recorder, hostname="127.0.0.1", port=0)
    controller.start()
    recorder.port = controller.port
    yield recorder
    controller.stop()


def smtp_settings(port):
    return {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "MAIL_USE_TLS": False,
        "MAIL_USERNAME": "",
        "MAIL_SENDER": SENDER,
        "MAIL_TIMEOUT": 10,
    }
