"""history of changes to hour entries

Revision ID: h4_hours
Revises: m3_meetings
Create Date: 2026-11-23 14:40:00

"""
from alembic import op
import sqlalchemy as sa

import network_app.db_types


revision = "h4_hours"
down_revision = "m3_meetings"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "hour_entry_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("hour_entry_id", sa.Integer(), nullable=False),
        sa.Column(
            "action",
            sa.Enum("created", "updated", "deleted", name="changeaction", native_enum=False,
                    length=20),
            nullable=False,
        ),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", network_app.db_types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"], ["users.id"],
            name=op.f("fk_hour_entry_changes_changed_by_id_users"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["participation_id"], ["participations.id"],
            name=op.f("fk_hour_entry_changes_participation_id_participations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hour_entry_changes")),
    )
    with op.batch_alter_table("hour_entry_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hour_entry_changes_hour_entry_id"), ["hour_entry_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_hour_entry_changes_participation_id"), ["participation_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("hour_entry_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hour_entry_changes_participation_id"))
        batch_op.drop_index(batch_op.f("ix_hour_entry_changes_hour_entry_id"))
    op.drop_table("hour_entry_changes")
