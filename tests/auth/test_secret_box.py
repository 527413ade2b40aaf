"""TOTP secrets are stored encrypted; keys rotate without locking anyone out."""

import flask_migrate
import pyotp
import sqlalchemy as sa
from cryptography.fernet import Fernet

from network_app import create_app
from network_app.auth import secret_box, two_factor
from network_app.auth.models import User
from network_app.extensions import db
from network_app.privacy import services as privacy_services
from tests import factories
from tests.auth.test_two_factor import enable_two_factor, password_step
from tests.conftest import _test_config


def _stored(user_id):
    return db.session.execute(
        sa.text("SELECT totp_secret_encrypted FROM users WHERE id = :id"), {"id": user_id}
    ).scalar()


def test_the_secret_is_stored_encrypted_and_still_checks_codes(app, client, world):
    secret, _ = enable_two_factor(world.participant)
    stored = _stored(world.participant.id)
    assert secret not in stored and stored.startswith("gAAAAA")  # a Fernet token
    assert two_factor.secret_of(world.participant) == secret
    password_step(client, world.participant)
    response = client.post("/login/two-factor", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302


def test_the_default_key_is_derived_from_the_secret_key(app):
    token = secret_box.encrypt("JBSWY3DPEHPK3PXP")
    key = secret_box.derived_key(app.config["SECRET_KEY"])
    assert Fernet(key).decrypt(token.encode()) == b"JBSWY3DPEHPK3PXP"
    assert secret_box.derived_key("another") != key


def _app_with(database_url, **config):
    return create_app(_test_config(database_url, **config))


def _in(app, action):
    with app.app_context():
        try:
            return action()
        finally:
            db.session.remove()
            db.engine.dispose()


def test_a_new_key_in_totp_keys_and_the_command_rotate_every_secret(app, database_url, world):
    secret, _ = enable_two_factor(world.participant)
    new_key = Fernet.generate_key().decode()
    rotating = _app_with(database_url, TOTP_KEYS=[new_key])
    # Before the command the old (derived) key still opens it; the command re-encrypts.
    assert _in(rotating, lambda: two_factor.secret_of(db.session.get(User, world.participant.id)))
    result = _in(rotating, lambda: rotating.test_cli_runner().invoke(args=["rotate-totp-secrets"]))
    assert result.exit_code == 0 and "Encrypted 1 TOTP secrets" in result.output
    db.session.expire_all()
    assert Fernet(new_key.encode()).decrypt(_stored(world.participant.id).encode()).decode() == (
        secret
    )


def test_a_new_secret_key_with_the_old_one_as_fallback_keeps_two_factor_working(
    app, database_url, world
):
    secret, _ = enable_two_factor(world.participant)
    old = app.config["SECRET_KEY"]
    rotated = _app_with(database_url, SECRET_KEY="a-new-secret-key", SECRET_KEY_FALLBACKS=[old])
    result = _in(rotated, lambda: rotated.test_cli_runner().invoke(args=["rotate-totp-secrets"]))
    assert result.exit_code == 0, result.output
    alone = _app_with(database_url, SECRET_KEY="a-new-secret-key")
    opened = _in(alone, lambda: two_factor.secret_of(db.session.get(User, world.participant.id)))
    assert opened == secret


def test_without_the_old_key_codes_fail_cleanly_and_recovery_codes_still_work(
    app, database_url, world
):
    secret, codes = enable_two_factor(world.participant)
    lost = _app_with(database_url, SECRET_KEY="a-key-nobody-kept")

    def sign_in():
        client = lost.test_client()
        client.post(
            "/login",
            data={"email": world.participant.email, "password": "x" * 0 + factories.PASSWORD},
        )
        wrong = client.post("/login/two-factor", data={"code": pyotp.TOTP(secret).now()})
        right = client.post("/login/two-factor", data={"code": codes[0]})
        refused = lost.test_cli_runner().invoke(args=["rotate-totp-secrets"])
        return wrong.status_code, right.status_code, refused

    wrong, right, refused = _in(lost, sign_in)
    assert (wrong, right) == (200, 302)
    assert refused.exit_code != 0 and "keep the old key" in refused.output


def test_secrets_and_hashes_never_reach_the_personal_data_export(app, world):
    from network_app.db_types import utcnow
    from network_app.meetings import feeds

    person = world.own.members[0].person
    world.participant.person = person
    secret, _ = enable_two_factor(world.participant)
    feeds.reset(world.participant, now=utcnow())
    db.session.commit()
    document = str(privacy_services.collect_personal_data(person).as_json(now=utcnow()))
    for column in ("totp_secret_encrypted", "code_hash", "password_hash", "'secret'"):
        assert column not in document
    assert _stored(world.participant.id) not in document and secret not in document


def test_the_migration_encrypts_existing_secrets_and_the_downgrade_restores_them(
    backend, empty_database
):
    migrated = create_app(_test_config(empty_database(backend, "totp")))
    with migrated.app_context():
        flask_migrate.upgrade(revision="i16_rate_limits")
        with db.engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO users (email, name, role, active, created_at, totp_secret) "
                    "VALUES ('a@example.se', 'A', 'leader', true, '2026-01-01 00:00:00+00:00', "
                    "'JBSWY3DPEHPK3PXP')"
                )
            )
        flask_migrate.upgrade(revision="i16_totp_encrypted")
        user = db.session.scalar(sa.select(User))
        assert user.totp_secret_encrypted.startswith("gAAAAA")
        assert two_factor.secret_of(user) == "JBSWY3DPEHPK3PXP"
        db.session.remove()
        flask_migrate.downgrade(revision="i16_rate_limits")
        with db.engine.connect() as connection:
            restored = connection.execute(sa.text("SELECT totp_secret FROM users")).scalar()
        assert restored == "JBSWY3DPEHPK3PXP"
        db.engine.dispose()
