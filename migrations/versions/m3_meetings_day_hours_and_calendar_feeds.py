"""meeting day hours and calendar feeds

Revision ID: m3_meetings
Revises: b7c049599ebc
Create Date: 2026-11-23 14:40:00

"""
from alembic import op
import sqlalchemy as sa

import network_app.db_types


revision = "m3_meetings"
down_revision = "b7c049599ebc"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "calendar_feeds",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("created_at", network_app.db_types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_calendar_feeds_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_calendar_feeds")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("day_end_time", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("day_start_time", sa.Time(), nullable=True))


def downgrade():
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("day_start_time")
        batch_op.drop_column("day_end_time")
    op.drop_table("calendar_feeds")
