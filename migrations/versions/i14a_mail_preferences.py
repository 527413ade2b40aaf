"""each account's mail language and the optional kinds it has turned off

Revision ID: i14a_mail_preferences
Revises: i14a_outbox
Create Date: 2026-12-01 02:55:00

"""
from alembic import op
import sqlalchemy as sa

import network_app.db_types


revision = "i14a_mail_preferences"
down_revision = "i14a_outbox"
branch_labels = None
depends_on = None

KINDS = (
    "invitation", "registration_received", "reminder_7_days", "reminder_1_day", "meeting_moved",
    "meeting_cancelled", "behind_pace", "approval_requested", "new_comment",
    "deadline_approaching", "generic",
)


def upgrade():
    op.create_table(
        "mail_settings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_mail_settings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_mail_settings")),
    )
    op.create_table(
        "mail_opt_outs",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="messagekind", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column("created_at", network_app.db_types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_mail_opt_outs_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "kind", name=op.f("pk_mail_opt_outs")),
    )


def downgrade():
    op.drop_table("mail_opt_outs")
    op.drop_table("mail_settings")
