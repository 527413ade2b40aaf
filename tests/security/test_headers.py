"""Response headers and cookies: CSP without unsafe-inline, no framing, no sniffing, a referrer
policy, session cookies HttpOnly/SameSite (Secure in production), personal pages never cached."""

import pytest

from network_app import create_app
from network_app.extensions import db
from tests.conftest import _test_config
from tests.security.helpers import forget_request_user
from tests.test_access import _requests


def csp_directives(response):
    policy = response.headers["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response):
    directives = csp_directives(response)
    policy = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"] and directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in {"same-origin", "no-referrer", "strict-origin"}


def assert_not_cached(response):
    assert response.headers["Cache-Control"] == "no-store"
    assert "Cookie" in response.headers.get_all("Vary") or "Cookie" in response.headers["Vary"]


def test_public_pages_and_errors_carry_the_security_headers(client, world):
    for path in ("/login", "/does-not-exist", "/invitation/not-a-token", "/static/css/app.css"):
        assert_security_headers(client.get(path))


def test_signed_in_pages_and_refusals_carry_the_security_headers(client, auth, world):
    auth.login(world.other_participant)
    for path in ("/", f"/participations/{world.own.id}", "/account/password", "/accounts"):
        assert_security_headers(client.get(path))


@pytest.mark.parametrize("role", ["leader", "participant", "observer"])
def test_every_page_a_signed_in_user_gets_is_kept_out_of_caches(app, client, auth, world, role):
    """Walks every GET route (exports included, as they come) as each role."""
    auth.login(getattr(world, role))
    checked = 0
    for endpoint, method, path in _requests(app, world):
        if method != "GET" or endpoint in {"static", "auth.logout"}:
            continue
        response = client.get(path)
        if response.status_code == 200:
            assert_not_cached(response)
            checked += 1
    assert checked >= 5


def test_the_second_login_step_is_kept_out_of_caches(client, world):
    from tests.auth.test_two_factor import enable_two_factor, password_step

    enable_two_factor(world.participant)
    password_step(client, world.participant)
    assert_not_cached(client.get("/login/two-factor"))


def test_session_cookie_is_http_only_and_same_site(client, world):
    response = client.post(
        "/login", data={"email": world.participant.email, "password": "ett-langt-testlosenord"}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie or "SameSite=Strict" in cookie


def test_production_session_cookie_is_secure_and_host_bound(monkeypatch, database_url, world):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-long-production-secret-for-the-test")
    production = create_app(_test_config(database_url, SECRET_KEY=None))
    production.config["SECRET_KEY"] = "a-long-production-secret-for-the-test"
    assert production.config["PRODUCTION"]
    forget_request_user()
    with production.test_client() as client:
        response = client.post(
            "/login",
            data={"email": world.participant.email, "password": "ett-langt-testlosenord"},
        )
        cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
        assert set(cookies) == {"__Host-session", "__Host-device"}
        cookie = cookies["__Host-session"]
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert "Path=/" in cookie and "Domain=" not in cookie
        device = cookies["__Host-device"]
        assert "Secure" in device and "HttpOnly" in device and "SameSite=Strict" in device
        assert "Path=/" in device and "Domain=" not in device
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    with production.app_context():
        db.session.remove()
