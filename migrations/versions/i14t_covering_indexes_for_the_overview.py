"""covering indexes for the leader's overview: attendance and the kept hour totals

Revision ID: i14t_overview_indexes
Revises: i14s_hour_week_totals
Create Date: 2026-12-01 14:00:00

"""

from alembic import op

revision = "i14t_overview_indexes"
down_revision = "i14s_hour_week_totals"
branch_labels = None
depends_on = None


def upgrade():
    # Read and checked by hand. The registrations' index on the member gains the meeting and
    # the attendance, and the weekly totals get one on (participation, last change, minutes),
    # so that the overview counts and sums from the indexes alone.
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_registrations_member_meeting_attended",
            ["group_member_id", "meeting_id", "attended"],
            unique=False,
        )
        batch_op.drop_index("ix_registrations_group_member_id")
    with op.batch_alter_table("hour_week_totals", schema=None) as batch_op:
        batch_op.create_index(
            "ix_hour_week_totals_activity",
            ["participation_id", "changed_at", "minutes"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("hour_week_totals", schema=None) as batch_op:
        batch_op.drop_index("ix_hour_week_totals_activity")
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.create_index("ix_registrations_group_member_id", ["group_member_id"], unique=False)
        batch_op.drop_index("ix_registrations_member_meeting_attended")
