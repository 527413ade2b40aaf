"""TOTP secrets encrypted at rest

Revision ID: i16_totp_encrypted
Revises: i16_rate_limits
Create Date: 2026-12-01 03:45:00

"""
import base64

from alembic import op
import sqlalchemy as sa
from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


# revision identifiers, used by Alembic.
revision = "i16_totp_encrypted"
down_revision = "i16_rate_limits"
branch_labels = None
depends_on = None

users = sa.table(
    "users",
    sa.column("id", sa.Integer),
    sa.column("totp_secret", sa.String),
    sa.column("totp_secret_encrypted", sa.String),
)


def _box():
    """The keys as network_app.auth.secret_box has them at this revision (kept here, so that
    the migration does not change when the app's code does)."""
    config = current_app.config
    explicit = [key.encode() for key in config.get("TOTP_KEYS") or ()]
    derived = [
        base64.urlsafe_b64encode(
            HKDF(
                algorithm=hashes.SHA256(), length=32, salt=None, info=b"network_app totp secrets v1"
            ).derive(key.encode())
        )
        for key in [config["SECRET_KEY"], *config.get("SECRET_KEY_FALLBACKS", ())]
    ]
    return MultiFernet([Fernet(key) for key in explicit + derived])


def upgrade():
    # Read and checked by hand: a new column, every secret encrypted into it, the clear one
    # dropped (SQLite drops a column natively since 3.35; no table is rebuilt).
    op.add_column("users", sa.Column("totp_secret_encrypted", sa.String(length=255), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(users.c.id, users.c.totp_secret).where(users.c.totp_secret.is_not(None))
    ).all()
    if rows:
        box = _box()
        for user_id, secret in rows:
            connection.execute(
                users.update()
                .where(users.c.id == user_id)
                .values(totp_secret_encrypted=box.encrypt(secret.encode()).decode("ascii"))
            )
    op.drop_column("users", "totp_secret")


def downgrade():
    op.add_column("users", sa.Column("totp_secret", sa.String(length=64), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(users.c.id, users.c.totp_secret_encrypted).where(
            users.c.totp_secret_encrypted.is_not(None)
        )
    ).all()
    if rows:
        box = _box()
        for user_id, token in rows:
            connection.execute(
                users.update()
                .where(users.c.id == user_id)
                .values(totp_secret=box.decrypt(token.encode()).decode())
            )
    op.drop_column("users", "totp_secret_encrypted")
