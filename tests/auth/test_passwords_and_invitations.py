"""Passwords, their change, and one-time invitation links valid for seven days."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from network_app.auth import services
from network_app.auth.models import AuthSession, Invitation, Role
from network_app.db_types import utcnow
from network_app.extensions import db
from network_app.notifications.models import MessageKind, OutboxMessage
from tests import factories

NEW_PASSWORD = "ett-helt-nytt-losenord"


def _login(client, email, password=factories.PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


# Hashing


def test_passwords_are_hashed_with_scrypt_and_verified(app):
    hashed = services.hash_password("tolv-tecken-minst")
    assert hashed.startswith("scrypt:")
    assert "tolv-tecken-minst" not in hashed
    user = factories.make_user(password_hash=hashed)
    assert services.password_matches(user, "tolv-tecken-minst")
    assert not services.password_matches(user, "tolv-tecken-mins")
    assert not services.password_matches(None, "tolv-tecken-minst")


# Changing the password


def _change(client, current=factories.PASSWORD, new=NEW_PASSWORD, repeat=None):
    return client.post(
        "/account/password",
        data={"current_password": current, "password": new, "repeat": repeat or new},
    )


def test_changing_the_password_ends_other_sessions_and_keeps_this_one(app, world):
    this, other = app.test_client(), app.test_client()
    _login(this, world.participant.email)
    _login(other, world.participant.email)
    old_cookie = this.get_cookie("session").value

    response = _change(this)
    assert response.status_code == 302
    assert this.get("/").status_code == 200, "the browser that changed it stays signed in"
    assert other.get("/").location.startswith("/login"), "every other session is ended"
    replay = app.test_client()
    replay.set_cookie("session", old_cookie, domain="localhost")
    assert replay.get("/").location.startswith("/login"), "the session before the change is gone"
    assert db.session.scalar(sa.select(sa.func.count(AuthSession.id))) == 1

    this.post("/logout")
    assert _login(this, world.participant.email).status_code == 200  # old password refused
    assert _login(this, world.participant.email, NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "data, message",
    [
        ({"current": "fel-nuvarande-losenord"}, "Nuvarande lösenord: Lösenordet stämmer inte."),
        (
            {"new": "elva-tecken", "repeat": "elva-tecken"},
            "Nytt lösenord: Lösenordet måste ha minst 12",
        ),
        ({"repeat": "ett-annat-losenord"}, "Upprepa lösenordet: Lösenorden är inte likadana."),
        ({"current": ""}, "Nuvarande lösenord: Ange ditt nuvarande lösenord."),
        ({"new": "x" * 257, "repeat": "x" * 257}, "Nytt lösenord: Lösenordet måste ha minst 12"),
        ({"new": "aaaaaaaaaaaa", "repeat": "aaaaaaaaaaaa"}, "Nytt lösenord: Lösenordet får inte"),
        ({"new": "Password1234", "repeat": "Password1234"}, "Nytt lösenord: Lösenordet finns på"),
        (
            {"new": "egen@example.se", "repeat": "egen@example.se"},
            "Nytt lösenord: Lösenordet liknar ditt namn eller din e-postadress",
        ),
        (
            {"new": "TestAnvandare1", "repeat": "TestAnvandare1"},
            "Nytt lösenord: Lösenordet liknar ditt namn",
        ),
    ],
)
def test_refused_password_change_names_the_field_and_changes_nothing(client, world, data, message):
    _login(client, world.participant.email)
    before = world.participant.password_hash
    response = _change(client, **data)
    assert response.status_code == 200
    assert message in response.text
    db.session.expire_all()
    assert world.participant.password_hash == before


def test_a_password_of_exactly_twelve_characters_is_accepted(client, world):
    _login(client, world.participant.email)
    assert _change(client, new="tolv-tecken!").status_code == 302


# Invitations


def _invite(user, *, now=None, valid_for=timedelta(days=7)):
    invitation, token = services.create_invitation(
        user, created_by=None, now=now or utcnow(), valid_for=valid_for
    )
    db.session.commit()
    return invitation, token


def _new_account(role=Role.PARTICIPANT, organisation=None):
    return services.create_account(
        email="ny.person@example.se", name="Ny Person", role=role, organisation=organisation
    )


def test_invitation_is_valid_for_seven_days_by_default(app, client, world):
    _login(client, world.leader.email)
    response = client.post(f"/accounts/{world.participant.id}/invitation")
    assert response.status_code == 200
    invitation = db.session.scalar(sa.select(Invitation))
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert app.config["INVITATION_VALID_FOR"] == timedelta(days=7)


def test_invitation_sets_the_password_and_signs_in(app, client, world):
    user = _new_account(organisation=world.own.organisation)
    _, token = _invite(user)
    page = client.get(f"/invitation/{token}")
    assert page.status_code == 200 and "Välkommen, Ny Person" in page.text

    response = client.post(
        f"/invitation/{token}", data={"password": NEW_PASSWORD, "repeat": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response.location == "/"
    assert client.get("/").status_code == 200
    db.session.expire_all()
    assert user.password_hash.startswith("scrypt:")


def test_a_used_invitation_is_refused(client, world):
    user = _new_account(organisation=world.own.organisation)
    _, token = _invite(user)
    client.post(f"/invitation/{token}", data={"password": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    client.post("/logout")
    response = client.get(f"/invitation/{token}")
    assert response.status_code == 410
    assert "Inbjudningslänken är redan använd." in response.text
    response = client.post(
        f"/invitation/{token}",
        data={"password": "ett-annat-losenord", "repeat": "ett-annat-losenord"},
    )
    assert response.status_code == 410
    assert _login(client, user.email, "ett-annat-losenord").status_code == 200


def test_an_expired_invitation_is_refused(client, world):
    user = _new_account(organisation=world.own.organisation)
    now = utcnow()
    invitation, token = _invite(user, now=now - timedelta(days=7, seconds=1))
    response = client.get(f"/invitation/{token}")
    assert response.status_code == 410
    assert "Inbjudningslänken har gått ut." in response.text
    response = client.post(
        f"/invitation/{token}", data={"password": NEW_PASSWORD, "repeat": NEW_PASSWORD}
    )
    assert response.status_code == 410
    db.session.expire_all()
    assert user.password_hash is None


def test_invitation_expiry_boundary(app, world):
    user = _new_account(organisation=world.own.organisation)
    now = utcnow()
    _, token = _invite(user, now=now)
    assert services.find_invitation(token, now=now + timedelta(days=6, hours=23, minutes=59))
    with pytest.raises(services.InvitationExpired):
        services.find_invitation(token, now=now + timedelta(days=7))


def test_an_unknown_token_is_refused(client):
    response = client.get("/invitation/not-a-token")
    assert response.status_code == 404
    assert "Länken är inte giltig." in response.text


def test_a_new_link_makes_the_earlier_one_stop_working(client, world):
    user = _new_account(organisation=world.own.organisation)
    _, first = _invite(user)
    _, second = _invite(user)
    assert client.get(f"/invitation/{first}").status_code == 404
    assert client.get(f"/invitation/{second}").status_code == 200


def test_a_deactivated_accounts_link_is_refused(client, world):
    user = _new_account(organisation=world.own.organisation)
    _, token = _invite(user)
    user.active = False
    db.session.commit()
    assert client.get(f"/invitation/{token}").status_code == 404


@pytest.mark.parametrize(
    "password, repeat, message",
    [
        ("kort", "kort", "Välj lösenord: Lösenordet måste ha minst 12 och högst 256 tecken."),
        ("", "", "Välj lösenord: Ange ett nytt lösenord."),
        (NEW_PASSWORD, "något-annat-helt", "Upprepa lösenordet: Lösenorden är inte likadana."),
        ("111111111111", "111111111111", "Välj lösenord: Lösenordet får inte vara ett tecken"),
        ("QAZWSXEDCRFV", "QAZWSXEDCRFV", "Välj lösenord: Lösenordet finns på listan"),
        ("NyPerson2026!", "NyPerson2026!", "Välj lösenord: Lösenordet liknar ditt namn"),
        ("ny.person@example", "ny.person@example", "Välj lösenord: Lösenordet liknar ditt"),
    ],
)
def test_refused_invitation_password_names_the_field_and_stores_nothing(
    client, world, password, repeat, message
):
    user = _new_account(organisation=world.own.organisation)
    _, token = _invite(user)
    response = client.post(f"/invitation/{token}", data={"password": password, "repeat": repeat})
    assert response.status_code == 200
    assert message in response.text
    db.session.expire_all()
    assert user.password_hash is None
    assert db.session.scalar(sa.select(Invitation.used_at)) is None


def test_the_service_refuses_a_weak_password_whatever_path_it_came_by(world):
    before = world.participant.password_hash
    with pytest.raises(services.PasswordRefused):
        services.set_password(world.participant, "password1234")
    assert world.participant.password_hash == before


def test_the_token_is_stored_only_as_a_hash(world):
    user = _new_account(organisation=world.own.organisation)
    invitation, token = _invite(user)
    assert token not in invitation.token_hash
    assert invitation.token_hash == services.hash_token(token)


# E-mail: through the outbox


def _invitation_messages():
    return db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == MessageKind.INVITATION)
    ).all()


def test_the_invitation_is_queued_in_the_outbox_with_the_link(client, world):
    _login(client, world.leader.email)
    response = client.post(f"/accounts/{world.participant.id}/invitation")
    [message] = _invitation_messages()
    assert message.recipient_address == world.participant.email
    assert message.recipient_user_id == world.participant.id
    token_link = re.search(r"https?://\S+/invitation/\S+", message.text_body).group(0)
    assert token_link in response.text, "the leader sees the same link to copy"
    assert "utkorgen" in response.text, "without SMTP the page says nothing is sent"


def test_a_new_link_queues_a_new_message_and_the_old_link_stops_working(client, world):
    _login(client, world.leader.email)
    client.post(f"/accounts/{world.participant.id}/invitation")
    client.post(f"/accounts/{world.participant.id}/invitation")
    first, second = _invitation_messages()
    assert first.dedupe_key != second.dedupe_key
    old_token = re.search(r"/invitation/(\S+)", first.text_body).group(1)
    assert client.get(f"/invitation/{old_token}").status_code == 404


@pytest.mark.parametrize("app_config", [{"MAIL_SERVER": "smtp.example.se"}])
def test_with_smtp_the_page_says_the_link_is_mailed(client, world):
    _login(client, world.leader.email)
    response = client.post(f"/accounts/{world.participant.id}/invitation")
    assert "skickas med e-post" in response.text
    assert len(_invitation_messages()) == 1


# The invitation page without login (issue 16, point 9)


def test_the_invitation_page_is_kept_out_of_every_cache(client, world):
    user = _new_account(organisation=world.own.organisation)
    _, token = _invite(user)
    page = client.get(f"/invitation/{token}")
    refused_form = client.post(f"/invitation/{token}", data={"password": "kort", "repeat": ""})
    unknown = client.get("/invitation/okand-lank")
    assert (page.status_code, refused_form.status_code, unknown.status_code) == (200, 200, 404)
    assert user.email in page.text
    for response in (page, refused_form, unknown):
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Referrer-Policy"] == "no-referrer"


def test_invitation_links_are_limited_per_address_in_the_database(app, database_url, world):
    from network_app import create_app
    from tests.conftest import _test_config

    app.config["INVITATION_RATE_LIMIT"] = 3
    other_worker = create_app(_test_config(database_url, INVITATION_RATE_LIMIT=3))
    try:
        first, second = app.test_client(), other_worker.test_client()
        here, elsewhere = {"REMOTE_ADDR": "10.0.0.1"}, {"REMOTE_ADDR": "10.0.0.2"}
        for _ in range(2):
            assert first.get("/invitation/gissning", environ_base=here).status_code == 404
        assert second.get("/invitation/gissning", environ_base=here).status_code == 404
        refused = second.get("/invitation/gissning", environ_base=here)
        assert refused.status_code == 429 and refused.headers["Retry-After"] == "60"
        assert first.get("/invitation/gissning", environ_base=here).status_code == 429
        assert first.get("/invitation/gissning", environ_base=elsewhere).status_code == 404
    finally:
        with other_worker.app_context():
            db.session.remove()
            db.engine.dispose()


def test_the_invitation_limit_lifts_after_its_window(app):
    from network_app.auth import rate_limits

    rate = rate_limits.RateLimit(bucket="invitation", limit=2, window=timedelta(minutes=1))
    start = utcnow()
    assert rate_limits.allow(rate, "10.0.0.1", now=start)
    assert rate_limits.allow(rate, "10.0.0.1", now=start)
    assert not rate_limits.allow(rate, "10.0.0.1", now=start + timedelta(seconds=59))
    assert rate_limits.allow(rate, "10.0.0.1", now=start + timedelta(seconds=61))
