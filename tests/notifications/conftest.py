"""The notifications tests send to the real SMTP server on the loopback (tests/smtp.py)."""

import pytest

from tests.smtp import smtp_settings


@pytest.fixture
def app_config(smtp_server):
    return smtp_settings(smtp_server.port)
