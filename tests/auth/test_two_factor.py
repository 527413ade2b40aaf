"""Two-factor login: enrolment, the second step, recovery codes, throttling and the leader rule."""

import re
import time
from datetime import timedelta

import pyotp
import pytest
import sqlalchemy as sa

from network_app import audit
from network_app.audit import AuditEvent
from network_app.auth import two_factor
from network_app.auth.models import AuthSession, RecoveryCode, User
from network_app.auth.sessions import PENDING_SECOND_FACTOR
from network_app.config import load_config
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.networks.models import Network
from tests import factories


def enable_two_factor(user):
    """Two-factor login switched on directly; returns the secret and the recovery codes."""
    secret = two_factor.begin_enrolment(user)
    user.two_factor_enabled_at = utcnow()
    codes = two_factor.replace_recovery_codes(user, now=utcnow())
    db.session.commit()
    return secret, codes


def next_step_code(secret):
    """The code of the next time step: accepted (one step of clock skew), and never a replay of
    a code the test has already used in this step."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def forget_request_user():
    """The tests share one app context with the requests; Flask-Login caches the signed-in user
    on it, so a second client must not inherit the first one's."""
    from flask import g

    g.pop("_login_user", None)


def password_step(client, user):
    return client.post("/login", data={"email": user.email, "password": factories.PASSWORD})


def sessions_of(user):
    return db.session.scalar(sa.select(sa.func.count()).where(AuthSession.user_id == user.id))


# Enrolment


def test_enrolment_page_shows_the_secret_and_a_qr_code_without_inline_style(client, auth, world):
    auth.login(world.participant)
    response = client.get("/account/two-factor")
    assert response.status_code == 200
    user = db.session.get(User, world.participant.id)
    assert user.totp_secret_encrypted and not user.has_two_factor
    page = response.get_data(as_text=True)
    assert two_factor.grouped_secret(two_factor.secret_of(user)) in page
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert "<path" in svg
    assert "style" not in svg.lower() and "<script" not in svg.lower()
    assert response.headers["Cache-Control"] == "no-store"


def test_reloading_the_enrolment_page_keeps_the_same_secret(client, auth, world):
    auth.login(world.participant)
    client.get("/account/two-factor")
    first = two_factor.secret_of(db.session.get(User, world.participant.id))
    client.get("/account/two-factor")
    db.session.expire_all()
    assert two_factor.secret_of(db.session.get(User, world.participant.id)) == first


def test_wrong_code_does_not_enable_two_factor(client, auth, world):
    auth.login(world.participant)
    client.get("/account/two-factor")
    response = client.post(
        "/account/two-factor", data={"code": "000000", "password": factories.PASSWORD}
    )
    assert response.status_code == 200
    assert "Koden stämmer inte" in response.get_data(as_text=True)
    db.session.expire_all()
    assert not db.session.get(User, world.participant.id).has_two_factor


def test_right_code_enables_two_factor_and_shows_recovery_codes_once(client, auth, world):
    auth.login(world.participant)
    client.get("/account/two-factor")
    secret = two_factor.secret_of(db.session.get(User, world.participant.id))
    response = client.post(
        "/account/two-factor",
        data={"code": pyotp.TOTP(secret).now(), "password": factories.PASSWORD},
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    codes = re.findall(r"<code>([a-z0-9]{4}(?:-[a-z0-9]{4}){3})</code>", page)
    assert len(codes) == two_factor.RECOVERY_CODE_COUNT
    assert response.headers["Cache-Control"] == "no-store"
    db.session.expire_all()
    user = db.session.get(User, world.participant.id)
    assert user.has_two_factor
    stored = db.session.scalars(sa.select(RecoveryCode.code_hash)).all()
    assert len(stored) == len(codes)
    assert not set(codes) & set(stored), "recovery codes are stored only as hashes"
    # The codes are not shown again.
    assert codes[0] not in client.get("/account/two-factor").get_data(as_text=True)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "Ditt lösenord: Ange ditt lösenord för att bekräfta."),
        ("fel-losenord-helt", "Ditt lösenord: Lösenordet stämmer inte."),
    ],
)
def test_turning_on_two_factor_asks_for_the_password(client, auth, world, password, message):
    """A stolen session cannot enrol its own authenticator: the right code is not enough."""
    auth.login(world.participant)
    client.get("/account/two-factor")
    secret = two_factor.secret_of(db.session.get(User, world.participant.id))
    response = client.post(
        "/account/two-factor", data={"code": pyotp.TOTP(secret).now(), "password": password}
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    user = db.session.get(User, world.participant.id)
    assert not user.has_two_factor and user.totp_last_step is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 0


def test_wrong_passwords_at_enrolment_are_throttled_and_audited(app, client, auth, world):
    auth.login(world.participant)
    client.get("/account/two-factor")
    secret = two_factor.secret_of(db.session.get(User, world.participant.id))
    limit = app.config["LOGIN_THROTTLE_PER_DEVICE"]  # the browser is known: it signed in
    for _ in range(limit):
        client.post("/account/two-factor", data={"code": "000000", "password": "fel-gissning-1"})
    response = client.post(
        "/account/two-factor",
        data={"code": pyotp.TOTP(secret).now(), "password": factories.PASSWORD},
    )
    assert response.status_code == 429 and response.headers["Retry-After"] == "900"
    assert "För många felaktiga lösenord" in response.get_data(as_text=True)
    db.session.expire_all()
    assert not db.session.get(User, world.participant.id).has_two_factor
    details = db.session.scalars(
        sa.select(AuditEvent.detail)
        .where(AuditEvent.action == audit.PASSWORD_CONFIRMATION_FAILED)
        .order_by(AuditEvent.id)
    ).all()
    assert details == ["enable_two_factor"] * limit + ["enable_two_factor throttled"]


# The second step at login


def test_password_alone_does_not_sign_in_an_account_with_two_factor(client, world):
    secret, _ = enable_two_factor(world.participant)
    response = password_step(client, world.participant)
    assert response.status_code == 302
    assert response.location.endswith("/login/two-factor")
    assert sessions_of(world.participant) == 0
    dashboard = client.get("/")
    assert dashboard.status_code == 302 and dashboard.location.startswith("/login")


def test_totp_code_completes_the_login(client, world):
    secret, _ = enable_two_factor(world.participant)
    password_step(client, world.participant)
    page = client.get("/login/two-factor")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    response = client.post("/login/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302 and response.location == "/"
    assert sessions_of(world.participant) == 1
    assert client.get("/").status_code == 200


def test_the_login_keeps_the_next_page_through_the_second_step(client, world):
    secret, _ = enable_two_factor(world.participant)
    client.post(
        f"/login?next=/participations/{world.own.id}",
        data={"email": world.participant.email, "password": factories.PASSWORD},
    )
    response = client.post("/login/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.location == f"/participations/{world.own.id}"


def test_a_used_code_cannot_be_replayed(app, world):
    secret, _ = enable_two_factor(world.participant)
    code = pyotp.TOTP(secret).now()
    first, second = app.test_client(), app.test_client()
    password_step(first, world.participant)
    assert first.post("/login/two-factor", data={"code": code}).status_code == 302
    forget_request_user()
    password_step(second, world.participant)
    response = second.post("/login/two-factor", data={"code": code})
    assert response.status_code == 200
    assert sessions_of(world.participant) == 1


def test_recovery_code_works_once(app, world):
    _, codes = enable_two_factor(world.participant)
    first, second = app.test_client(), app.test_client()
    password_step(first, world.participant)
    response = first.post("/login/two-factor", data={"code": codes[0].upper().replace("-", " ")})
    assert response.status_code == 302
    forget_request_user()
    password_step(second, world.participant)
    assert second.post("/login/two-factor", data={"code": codes[0]}).status_code == 200
    assert sessions_of(world.participant) == 1


def test_wrong_codes_are_throttled_like_passwords(app, client, world):
    secret, _ = enable_two_factor(world.participant)
    limit = app.config["LOGIN_THROTTLE_PER_ACCOUNT_ADDRESS"]  # one unknown browser, one address
    password_step(client, world.participant)
    for _ in range(limit):
        assert client.post("/login/two-factor", data={"code": "123456"}).status_code == 200
    response = client.post("/login/two-factor", data={"code": next_step_code(secret)})
    assert response.status_code == 429 and response.headers["Retry-After"] == "900"
    assert sessions_of(world.participant) == 0


def test_the_right_password_does_not_reset_the_count_of_wrong_codes(app, client, world):
    enable_two_factor(world.participant)
    limit = app.config["LOGIN_THROTTLE_PER_ACCOUNT_ADDRESS"]
    for _ in range(limit):
        password_step(client, world.participant)
        client.post("/login/two-factor", data={"code": "123456"})
    assert password_step(client, world.participant).status_code == 429


def test_an_expired_second_step_starts_over(client, world):
    secret, _ = enable_two_factor(world.participant)
    password_step(client, world.participant)
    with client.session_transaction() as session:
        pending = dict(session[PENDING_SECOND_FACTOR])
        pending["since"] -= 3600
        session[PENDING_SECOND_FACTOR] = pending
    response = client.post("/login/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302 and response.location.startswith("/login")
    assert sessions_of(world.participant) == 0


def test_a_deactivated_account_cannot_finish_the_second_step(client, world):
    secret, _ = enable_two_factor(world.participant)
    password_step(client, world.participant)
    world.participant.active = False
    db.session.commit()
    client.post("/login/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert sessions_of(world.participant) == 0


@pytest.mark.parametrize("code", ["", " ", "12345", "1234567", "abcdef", "x" * 10_000, "١٢٣٤٥٦"])
def test_malformed_codes_are_refused_with_a_message(client, world, code):
    enable_two_factor(world.participant)
    password_step(client, world.participant)
    response = client.post("/login/two-factor", data={"code": code})
    assert response.status_code == 200
    assert 'class="field-error"' in response.get_data(as_text=True)
    assert sessions_of(world.participant) == 0


# Recovery codes and disabling, with the password


def test_new_recovery_codes_need_the_password(client, auth, world):
    _, old_codes = enable_two_factor(world.participant)
    password_step(client, world.participant)
    secret = two_factor.secret_of(world.participant)
    client.post("/login/two-factor", data={"code": pyotp.TOTP(secret).now()})
    refused = client.post("/account/two-factor/recovery-codes", data={"codes-password": "fel"})
    assert refused.status_code == 200
    assert "Lösenordet stämmer inte" in refused.get_data(as_text=True)
    assert two_factor.use_recovery_code(world.participant, old_codes[1], now=utcnow())
    db.session.rollback()
    response = client.post(
        "/account/two-factor/recovery-codes", data={"codes-password": factories.PASSWORD}
    )
    assert response.status_code == 200
    new_codes = re.findall(r"<code>([a-z0-9-]{19})</code>", response.get_data(as_text=True))
    assert len(new_codes) == two_factor.RECOVERY_CODE_COUNT
    user = db.session.get(User, world.participant.id)
    assert not two_factor.use_recovery_code(user, old_codes[1], now=utcnow())
    assert two_factor.use_recovery_code(user, new_codes[0], now=utcnow())


def test_disabling_needs_the_password(client, world):
    secret, _ = enable_two_factor(world.participant)
    password_step(client, world.participant)
    client.post("/login/two-factor", data={"code": pyotp.TOTP(secret).now()})
    refused = client.post("/account/two-factor/disable", data={"disable-password": "fel"})
    assert refused.status_code == 200
    db.session.expire_all()
    assert db.session.get(User, world.participant.id).has_two_factor
    response = client.post(
        "/account/two-factor/disable", data={"disable-password": factories.PASSWORD}
    )
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, world.participant.id)
    assert not user.has_two_factor and user.totp_secret_encrypted is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 0


def test_wrong_passwords_on_the_account_page_are_throttled(app, client, world):
    secret, _ = enable_two_factor(world.participant)
    password_step(client, world.participant)
    client.post("/login/two-factor", data={"code": pyotp.TOTP(secret).now()})
    for _ in range(app.config["LOGIN_THROTTLE_PER_ACCOUNT"]):
        client.post("/account/two-factor/disable", data={"disable-password": "fel"})
    response = client.post(
        "/account/two-factor/disable", data={"disable-password": factories.PASSWORD}
    )
    assert "För många felaktiga lösenord" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, world.participant.id).has_two_factor


# Required for leaders in production


@pytest.fixture
def leaders_need_two_factor(app):
    app.config["TWO_FACTOR_REQUIRED_FOR_LEADERS"] = True


def test_production_requires_two_factor_for_leaders(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-production-secret")
    monkeypatch.setenv("TWO_FACTOR_REQUIRED_FOR_LEADERS", "0")
    assert load_config()["TWO_FACTOR_REQUIRED_FOR_LEADERS"] is True
    monkeypatch.setenv("APP_ENV", "development")
    assert load_config()["TWO_FACTOR_REQUIRED_FOR_LEADERS"] is False


def test_leader_without_two_factor_is_sent_to_enrolment_and_can_do_nothing_else(
    client, auth, world, leaders_need_two_factor
):
    auth.login(world.leader)
    for path in ("/", "/accounts", "/organisations", f"/networks/{world.network.id}", "/audit"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.location.endswith("/account/two-factor"), path
    response = client.post("/networks/new", data={"name": "Smyg", "starts_on": "2027-01-01"})
    assert response.location.endswith("/account/two-factor")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Network)) == 1
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "Som projektledare måste du ha tvåstegsverifiering" in page
    assert client.post("/logout").location.startswith("/login")


def test_leader_with_two_factor_works_normally_and_cannot_disable_it(
    client, world, leaders_need_two_factor
):
    secret, _ = enable_two_factor(world.leader)
    password_step(client, world.leader)
    client.post("/login/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert client.get("/accounts").status_code == 200
    response = client.post(
        "/account/two-factor/disable", data={"disable-password": factories.PASSWORD}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, world.leader.id).has_two_factor


def test_participants_are_not_forced_to_enrol(client, auth, world, leaders_need_two_factor):
    auth.login(world.participant)
    assert client.get("/").status_code == 200


def test_totp_step_window_accepts_one_step_of_clock_skew(world):
    user = world.participant
    secret = two_factor.begin_enrolment(user)
    now = utcnow()
    late = pyotp.TOTP(secret).at(now - timedelta(seconds=30))
    assert two_factor.check_totp(user, late, now=now)
    too_old = pyotp.TOTP(secret).at(now - timedelta(seconds=95))
    user.totp_last_step = None
    assert not two_factor.check_totp(user, too_old, now=now)


def test_the_command_line_resets_two_factor_for_a_locked_out_account(runner, world):
    enable_two_factor(world.participant)
    result = runner.invoke(args=["reset-two-factor", world.participant.email])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    user = db.session.get(User, world.participant.id)
    assert not user.has_two_factor and user.totp_secret_encrypted is None
    assert runner.invoke(args=["reset-two-factor", "nobody@example.se"]).exit_code != 0
