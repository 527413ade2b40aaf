"""Logging in and out: sessions, the next= target, and answers that reveal nothing."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from network_app.auth.models import AuthSession
from network_app.db_types import utcnow
from network_app.extensions import db
from tests import factories

WRONG = "fel-losenord-som-ar-langt"


def _login(client, email, password=factories.PASSWORD, **kwargs):
    return client.post("/login", data={"email": email, "password": password}, **kwargs)


def _session_cookie(client):
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


def test_login_page_is_public(client):
    response = client.get("/login")
    assert response.status_code == 200
    assert "Logga in" in response.text


def test_login_opens_dashboard_and_logout_returns_to_login(client, world):
    response = _login(client, world.leader.email)
    assert response.status_code == 302 and response.location == "/"
    assert client.get("/").status_code == 200

    response = client.post("/logout")
    assert response.status_code == 302 and response.location == "/login"
    assert client.get("/").location.startswith("/login")


def test_login_accepts_email_in_other_case_and_with_spaces(client, world):
    assert _login(client, "  LEDARE@Example.se ").status_code == 302


def test_wrong_password_and_unknown_address_get_the_same_answer(client, world):
    known = _login(client, world.leader.email, WRONG)
    unknown = _login(client, "ingen@example.se", WRONG)
    assert known.status_code == unknown.status_code == 200
    message = "E-postadressen eller lösenordet stämmer inte."
    assert message in known.text and message in unknown.text
    # Apart from the typed address and the form's token, the two pages are the same.
    assert _comparable(known.text, world.leader.email) == _comparable(
        unknown.text, "ingen@example.se"
    )


def _comparable(html, typed_email):
    return re.sub(r'name="csrf_token" value="[^"]*"', "", html.replace(typed_email, "X"))


def test_deactivated_account_gets_the_same_answer_as_a_wrong_password(client, world):
    world.participant.active = False
    db.session.commit()
    response = _login(client, world.participant.email)
    assert response.status_code == 200
    assert "E-postadressen eller lösenordet stämmer inte." in response.text


def test_empty_login_form_names_both_fields(client, world):
    response = client.post("/login", data={"email": "", "password": ""})
    assert response.status_code == 200
    assert "E-postadress: Ange din e-postadress." in response.text
    assert "Lösenord: Ange ditt lösenord." in response.text


def test_login_starts_a_new_session_nothing_from_before_survives(client, world):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        session["language"] = "en"
    _login(client, world.leader.email)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["language"] == "en"  # the visitor's own choice is kept
        first_token = session["_user_id"]
    client.post("/logout")
    _login(client, world.leader.email)
    with client.session_transaction() as session:
        assert session["_user_id"] != first_token


def test_each_login_is_its_own_server_side_session(app, world):
    first, second = app.test_client(), app.test_client()
    _login(first, world.leader.email)
    _login(second, world.leader.email)
    assert db.session.scalar(sa.select(sa.func.count(AuthSession.id))) == 2
    first.post("/logout")
    assert second.get("/").status_code == 200, "logging out one browser leaves the other"


def test_logout_ends_the_session_so_a_copied_cookie_no_longer_works(app, client, world):
    _login(client, world.leader.email)
    stolen = _session_cookie(client)
    client.post("/logout")
    assert db.session.scalar(sa.select(sa.func.count(AuthSession.id))) == 0

    thief = app.test_client()
    thief.set_cookie("session", stolen, domain="localhost")
    response = thief.get("/")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_logout_needs_post(client, world):
    _login(client, world.leader.email)
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/login",
        "https://evil.example",
        "http://evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",
        "/\n/evil.example",
        "evil.example",
        "///evil.example",
    ],
)
def test_next_never_leads_outside_the_app(client, world, target):
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": world.leader.email, "password": factories.PASSWORD},
    )
    assert response.status_code == 302
    assert response.location == "/"


def test_next_leads_to_a_page_of_the_app(client, world):
    target = f"/networks/{world.network.id}"
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": world.leader.email, "password": factories.PASSWORD},
    )
    assert response.location == target


def test_an_anonymous_visitor_is_sent_to_login_with_next(client, world):
    response = client.get(f"/networks/{world.network.id}")
    assert response.status_code == 302
    assert response.location.startswith("/login?next=")


def test_language_choice_next_is_also_kept_inside_the_app(client):
    response = client.post("/language", data={"language": "en", "next": "//evil.example"})
    assert response.location == "/"
    response = client.post("/language", data={"language": "en", "next": "/login"})
    assert response.location == "/login"


def test_signed_in_user_visiting_login_goes_to_dashboard(client, world):
    _login(client, world.leader.email)
    assert client.get("/login").location == "/"


def test_an_expired_session_is_no_longer_signed_in(client, world):
    _login(client, world.leader.email)
    db.session.execute(sa.update(AuthSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    response = client.get("/")
    assert response.status_code == 302 and response.location.startswith("/login")
