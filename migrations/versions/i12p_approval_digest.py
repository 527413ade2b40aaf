"""Approval of the anonymised learning example by its digest; redactions by hand

Revision ID: i12p_approval_digest
Revises: i16_totp_encrypted
Create Date: 2026-12-01 06:30:00

"""
from alembic import op
import sqlalchemy as sa

from network_app.db_types import UTCDateTime


# revision identifiers, used by Alembic.
revision = "i12p_approval_digest"
down_revision = "i16_totp_encrypted"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("report_approvals") as batch_op:
        batch_op.add_column(sa.Column("content_digest", sa.String(length=64), nullable=True))
    op.create_table(
        "report_redactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_report_redactions_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["participation_id"],
            ["participations.id"],
            name=op.f("fk_report_redactions_participation_id_participations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_redactions")),
    )
    with op.batch_alter_table("report_redactions") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_redactions_participation_id"), ["participation_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("report_redactions") as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_redactions_participation_id"))
    op.drop_table("report_redactions")
    with op.batch_alter_table("report_approvals") as batch_op:
        batch_op.drop_column("content_digest")
