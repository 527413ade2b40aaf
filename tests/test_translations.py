"""The English catalogue: complete, and what a visitor gets after choosing English."""

import re

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from tests import factories
from tests.conftest import PROJECT_ROOT

PO_FILE = PROJECT_ROOT / "network_app/translations/en/LC_MESSAGES/messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _catalogue():
    with PO_FILE.open("rb") as po:
        return read_po(po, locale="en")


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue():
    """Tests run from the source tree: compile the catalogue the app reads, as `make` does."""
    mo_file = PO_FILE.with_suffix(".mo")
    if not mo_file.exists() or mo_file.stat().st_mtime < PO_FILE.stat().st_mtime:
        with mo_file.open("wb") as mo:
            write_mo(mo, _catalogue())


def _messages():
    return [message for message in _catalogue() if message.id]


def test_every_message_has_an_english_translation_and_none_is_fuzzy():
    messages = _messages()
    assert len(messages) > 200
    empty = [
        m.id for m in messages if not all(m.string if isinstance(m.string, tuple) else [m.string])
    ]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert not empty, f"untranslated: {empty[:5]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:5]}"


def test_translations_keep_the_placeholders():
    for message in _messages():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = sorted(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert sorted(PLACEHOLDER.findall(string)) == expected, message.id


def test_choosing_english_shows_the_login_page_in_english(client):
    swedish = client.get("/login").text
    assert 'lang="sv"' in swedish and "Logga in" in swedish

    response = client.post("/language", data={"language": "en", "next": "/login"})
    assert response.location == "/login"
    english = client.get("/login").text
    assert 'lang="en"' in english
    assert "<h1>Sign in</h1>" in english and "Email address" in english
    assert "Logga in" not in english and "E-postadress" not in english


def test_english_stays_after_login_and_the_dashboard_is_in_english(client, world):
    client.post("/language", data={"language": "en"})
    client.post("/login", data={"email": world.leader.email, "password": factories.PASSWORD})
    html = client.get("/").text
    assert "<h1>Overview</h1>" in html
    assert "Accounts" in html and "Sign out" in html
    assert "Does not meet the requirements" in html
    assert "Översikt" not in html and "Uppfyller" not in html

    refused = client.post("/login", data={"email": "", "password": ""})
    assert refused.status_code == 302  # signed in already: straight to the overview
    signed_out = client.post("/logout", follow_redirects=True)
    assert "You are signed out." in signed_out.text, "logging out keeps the language"
    refused = client.post("/login", data={"email": "", "password": ""})
    assert "Email address: Enter your email address." in refused.text


def test_an_unknown_language_is_ignored(client):
    client.post("/language", data={"language": "xx"})
    assert 'lang="sv"' in client.get("/login").text
