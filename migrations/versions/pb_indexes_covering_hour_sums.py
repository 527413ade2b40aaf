"""covering index for the sums of hour entries

Revision ID: pb_indexes
Revises: s6_security
Create Date: 2026-11-23 17:45:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = "pb_indexes"
down_revision = "s6_security"
branch_labels = None
depends_on = None


def upgrade():
    # Read and checked by hand: the index on (participation, day) gains the two summed columns,
    # so that the progress and goals pages sum an organisation's entries from the index alone.
    with op.batch_alter_table("hour_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_hour_entries_participation_sums",
            ["participation_id", "worked_on", "minutes", "people_present"],
            unique=False,
        )
        batch_op.drop_index("ix_hour_entries_participation_worked_on")


def downgrade():
    with op.batch_alter_table("hour_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_hour_entries_participation_worked_on", ["participation_id", "worked_on"], unique=False
        )
        batch_op.drop_index("ix_hour_entries_participation_sums")
