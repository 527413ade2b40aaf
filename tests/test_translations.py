"""The English catalogue: complete, and what a visitor gets after choosing English."""

import ast
import contextlib
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from babel.messages import frontend
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from network_app.extensions import db
from network_app.meetings.models import Meeting, MeetingKind, Registration, RegistrationResponse
from network_app.privacy import services as privacy_services
from network_app.privacy.names import display_name
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


def test_an_erased_person_is_shown_as_a_former_group_member_in_the_readers_language(
    client, auth, world
):
    member = world.own.members[0]
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    meeting = Meeting(
        network=world.network,
        kind=MeetingKind.NETWORK,
        title="Första träffen",
        starts_at=start,
        ends_at=start + timedelta(hours=6),
    )
    db.session.add(meeting)
    db.session.add(
        Registration(meeting=meeting, group_member=member, response=RegistrationResponse.ATTENDING)
    )
    privacy_services.erase_person(member.person)
    db.session.commit()
    assert member.person.name == "Tidigare gruppmedlem", "the stored marker does not change"
    auth.login(world.leader)
    pages = (
        f"/participations/{world.own.id}",
        f"/people/{member.person.id}/personal-data",
        f"/meetings/{meeting.id}/registrations.csv",
    )

    for path in pages:
        assert "Tidigare gruppmedlem" in client.get(path).text

    client.post("/language", data={"language": "en"})
    for path in pages:
        english = client.get(path).text
        assert "Former group member" in english and "Tidigare gruppmedlem" not in english
    assert display_name("Anna Andersson") == "Anna Andersson"


def _extracted_message_ids(tmp_path):
    """What `pybabel extract -F babel.cfg` finds in the code now, in a throwaway .pot."""
    pot = tmp_path / "messages.pot"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        frontend.CommandLineInterface().run(
            # babel.cfg's patterns are relative to the input folder: the project root
            ["pybabel", "-q", "extract", "-F", str(PROJECT_ROOT / "babel.cfg"), "-o", str(pot)]
            + [str(PROJECT_ROOT)]
        )
    with pot.open("rb") as template:
        return {(message.context, message.id) for message in read_po(template) if message.id}


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    """A new `_()` string without an English translation fails here: run pybabel extract and
    update (README) and translate it."""
    in_catalogue = {(message.context, message.id) for message in _messages()}
    in_code = _extracted_message_ids(tmp_path)
    assert len(in_code) > 900, "the extraction found the templates and the Python modules"
    missing = in_code - in_catalogue
    assert not missing, f"not in messages.po (context, id): {sorted(missing, key=str)[:10]}"


def test_no_translated_string_is_inside_an_f_string():
    """pybabel on Python 3.11 reads an f-string as one token: a `_()` inside it is never
    extracted, so it would stay Swedish in English. Call `_()` outside and put the result in."""
    found = []
    for path in (PROJECT_ROOT / "network_app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                found += [
                    f"{path.relative_to(PROJECT_ROOT)}:{call.lineno}"
                    for call in ast.walk(node)
                    if isinstance(call, ast.Call)
                    and getattr(call.func, "id", None) in {"_", "_l", "gettext", "ngettext"}
                ]
    assert not found, found


def test_text_is_translated_outside_a_request_in_swedish(app, world):
    """The command line and scripts build reports without a visitor: Swedish, never an error."""
    from network_app.hours import progress

    (period,) = progress.hours_by_period(world.own)
    assert str(period.label) == "Hela nätverksperioden"


def test_the_name_filter_leaves_a_lazy_label_untranslated():
    """Every printed value passes display_name (the environment's finalize): a lazy label must
    not be translated just to be compared with the erasure marker."""
    from flask_babel.speaklater import LazyString

    translations = []
    label = LazyString(lambda: translations.append(1) or "I takt")
    assert display_name(label) is label and translations == []
