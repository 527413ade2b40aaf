"""Material for each meeting: the files' metadata (the bytes are on disk)

Revision ID: i13m_meeting_materials
Revises: i13m_meeting_evaluations
Create Date: 2026-12-01 07:15:00

"""

import sqlalchemy as sa
from alembic import op

import network_app.db_types

revision = "i13m_meeting_materials"
down_revision = "i13m_meeting_evaluations"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "meeting_materials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("file_type", sa.String(length=10), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", network_app.db_types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meeting_materials_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_meeting_materials_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_materials")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_meeting_materials_storage_key")),
    )
    with op.batch_alter_table("meeting_materials", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_materials_meeting_id"), ["meeting_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("meeting_materials", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_materials_meeting_id"))
    op.drop_table("meeting_materials")
