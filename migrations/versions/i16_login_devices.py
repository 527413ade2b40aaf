"""login failures: the account and the device cookie of each failure

Revision ID: i16_login_devices
Revises: i14a_mail_preferences
Create Date: 2026-12-01 03:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "i16_login_devices"
down_revision = "i14a_mail_preferences"
branch_labels = None
depends_on = None


def upgrade():
    # Read and checked by hand. Rows from before count as failures of unknown browsers, which
    # is what they were; the table holds at most the last 15 minutes anyway.
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("device_key", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_login_failures_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_login_failures_device_key"), ["device_key"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_login_failures_user_id_users"),
            "users",
            ["user_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade():
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_login_failures_user_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_login_failures_device_key"))
        batch_op.drop_index(batch_op.f("ix_login_failures_user_id"))
        batch_op.drop_column("device_key")
        batch_op.drop_column("user_id")
