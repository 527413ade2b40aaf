"""the e-mail outbox: messages and their attachments

Revision ID: i14a_outbox
Revises: pb_indexes
Create Date: 2026-12-01 02:54:33

"""
from alembic import op
import sqlalchemy as sa

import network_app.db_types


revision = "i14a_outbox"
down_revision = "pb_indexes"
branch_labels = None
depends_on = None

KINDS = (
    "invitation", "registration_received", "reminder_7_days", "reminder_1_day", "meeting_moved",
    "meeting_cancelled", "behind_pace", "approval_requested", "new_comment",
    "deadline_approaching", "generic",
)


def upgrade():
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="messagekind", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column("recipient_address", sa.String(length=254), nullable=False),
        sa.Column("recipient_user_id", sa.Integer(), nullable=True),
        sa.Column("recipient_person_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("text_body", sa.Text(), nullable=False),
        sa.Column("html_body", sa.Text(), nullable=False),
        sa.Column("unsubscribe_url", sa.String(length=500), nullable=True),
        sa.Column("message_id", sa.String(length=250), nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "queued", "sending", "sent", "failed",
                name="messagestatus", native_enum=False, length=20,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", network_app.db_types.UTCDateTime(), nullable=False),
        sa.Column("next_attempt_at", network_app.db_types.UTCDateTime(), nullable=False),
        sa.Column("claimed_at", network_app.db_types.UTCDateTime(), nullable=True),
        sa.Column("claim_token", sa.String(length=32), nullable=True),
        sa.Column("sent_at", network_app.db_types.UTCDateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["recipient_person_id"], ["people.id"],
            name=op.f("fk_outbox_messages_recipient_person_id_people"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_user_id"], ["users.id"],
            name=op.f("fk_outbox_messages_recipient_user_id_users"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbox_messages_dedupe_key")),
        sa.UniqueConstraint("message_id", name=op.f("uq_outbox_messages_message_id")),
    )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_messages_claim_token"), ["claim_token"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_outbox_messages_recipient_person_id"),
            ["recipient_person_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_outbox_messages_recipient_user_id"), ["recipient_user_id"], unique=False
        )
        batch_op.create_index(
            "ix_outbox_messages_status_next_attempt_at", ["status", "next_attempt_at"], unique=False
        )

    op.create_table(
        "outbox_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("mimetype", sa.String(length=100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"], ["outbox_messages.id"],
            name=op.f("fk_outbox_attachments_message_id_outbox_messages"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_attachments")),
    )
    with op.batch_alter_table("outbox_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_attachments_message_id"), ["message_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("outbox_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_attachments_message_id"))
    op.drop_table("outbox_attachments")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_messages_status_next_attempt_at")
        batch_op.drop_index(batch_op.f("ix_outbox_messages_recipient_user_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_messages_recipient_person_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_messages_claim_token"))
    op.drop_table("outbox_messages")
