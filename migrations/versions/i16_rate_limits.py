"""rate limits kept in the database (the invitation page)

Revision ID: i16_rate_limits
Revises: i16_login_devices
Create Date: 2026-12-01 03:30:00

"""
from alembic import op
import sqlalchemy as sa

import network_app.db_types


# revision identifiers, used by Alembic.
revision = "i16_rate_limits"
down_revision = "i16_login_devices"
branch_labels = None
depends_on = None


def upgrade():
    # Read and checked by hand.
    op.create_table(
        "rate_limit_hits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bucket", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("hit_at", network_app.db_types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_limit_hits")),
    )
    with op.batch_alter_table("rate_limit_hits", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rate_limit_hits_bucket_key_hit_at", ["bucket", "key", "hit_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_rate_limit_hits_hit_at"), ["hit_at"], unique=False)


def downgrade():
    with op.batch_alter_table("rate_limit_hits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rate_limit_hits_hit_at"))
        batch_op.drop_index("ix_rate_limit_hits_bucket_key_hit_at")
    op.drop_table("rate_limit_hits")
