"""The app as a whole: configuration, cookies, CSRF, error pages and security headers."""

import re

import pytest

from network_app import create_app
from network_app.config import ConfigurationError, load_config
from network_app.extensions import db
from tests import factories
from tests.conftest import _test_config


def _set_cookie_header(response, name):
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]
    assert headers, f"no {name} cookie set"
    return headers[-1]


def test_production_without_secret_key_refuses_to_start(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        load_config()
    with pytest.raises(ConfigurationError):
        create_app()


def test_development_makes_and_keeps_its_own_secret_key(monkeypatch):
    monkeypatch.delenv("APP_ENV", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first, second = load_config()["SECRET_KEY"], load_config()["SECRET_KEY"]
    assert len(first) >= 32 and first == second


def test_database_url_from_the_environment_gets_the_psycopg_driver(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/natverk")
    assert load_config()["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/natverk"


def test_session_cookie_is_httponly_and_samesite_lax_in_development(client, world):
    response = client.post(
        "/login", data={"email": world.leader.email, "password": factories.PASSWORD}
    )
    cookie = _set_cookie_header(response, "session")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # a laptop serves plain http://127.0.0.1


def test_session_cookie_is_secure_in_production(monkeypatch, database_url, world):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-production-secret-key-of-some-length")
    production = create_app(_test_config(database_url))
    try:
        assert production.config["PRODUCTION"]
        response = production.test_client().post(
            "/login", data={"email": world.leader.email, "password": factories.PASSWORD}
        )
        assert response.status_code == 302
        cookie = _set_cookie_header(response, "__Host-session")
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert "Path=/" in cookie and "Domain=" not in cookie
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    finally:
        with production.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_login_form_needs_its_csrf_token(client, world):
    data = {"email": world.leader.email, "password": factories.PASSWORD}
    refused = client.post("/login", data=data)
    assert refused.status_code == 400
    assert "Formuläret har gått ut" in refused.text

    page = client.get("/login")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text)
    token = token or re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    response = client.post("/login", data={**data, "csrf_token": token.group(1)})
    assert response.status_code == 302 and response.location == "/"


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_logout_and_every_post_need_the_csrf_token(client, world):
    page = client.get("/login")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    client.post(
        "/login",
        data={"email": world.leader.email, "password": factories.PASSWORD, "csrf_token": token},
    )
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200, "a forged logout does not sign the user out"
    response = client.post(f"/networks/{world.network.id}/closed", data={"closed": "1"})
    assert response.status_code == 400
    assert world.network.closed_at is None


def test_error_pages_are_in_swedish(client, world):
    client.post("/login", data={"email": world.participant.email, "password": factories.PASSWORD})
    missing = client.get("/networks/999999")
    assert missing.status_code == 404 and 'lang="sv"' in missing.text
    assert "Sidan finns inte" in missing.text
    forbidden = client.get("/accounts")
    assert forbidden.status_code == 403 and "behörighet" in forbidden.text.lower()
    assert client.get("/networks/99999999999").status_code == 404


def test_security_headers_and_no_caching_of_personal_pages(client, world):
    page = client.get("/login")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.headers["X-Frame-Options"] == "DENY"
    client.post("/login", data={"email": world.leader.email, "password": factories.PASSWORD})
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_no_inline_styles_or_scripts_in_pages(client, world):
    client.post("/login", data={"email": world.leader.email, "password": factories.PASSWORD})
    for path in ("/", f"/networks/{world.network.id}", f"/participations/{world.own.id}"):
        html = client.get(path).text
        assert " style=" not in html and "<script" not in html and "<style" not in html


def test_an_unexpected_error_gets_the_swedish_500_page_and_nothing_is_stored(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken():
        db.session.add(factories.make_organisation("Halvsparad kommun"))
        raise RuntimeError("a bug")

    app.add_url_rule("/broken-for-test", "broken_for_test", broken)
    response = app.test_client().get("/broken-for-test")
    assert response.status_code == 500
    assert "Något gick fel" in response.text
    from network_app.networks.models import Organisation

    assert db.session.query(Organisation).filter_by(name="Halvsparad kommun").count() == 0


def test_the_session_cookie_is_sent_when_it_changes_not_on_every_page(client, world):
    """It expires with the server-side session (SESSION_HOURS after login), so pages in between
    need not sign and send it again."""
    login = client.post(
        "/login", data={"email": world.leader.email, "password": factories.PASSWORD}
    )
    assert "Expires=" in _set_cookie_header(login, "session")
    client.get("/")  # the first page stores the form token in the session: sent then
    page = client.get("/")
    assert page.status_code == 200 and "Logga ut" in page.get_data(as_text=True)
    assert not [h for h in page.headers.getlist("Set-Cookie") if h.startswith("session=")]
