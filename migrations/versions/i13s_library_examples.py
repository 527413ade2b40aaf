"""The "Lärande exempel" library: approved learning examples the leader has published

Revision ID: i13s_library_examples
Revises: i15t_training_requests
Create Date: 2026-12-01 07:15:00

"""
from alembic import op
import sqlalchemy as sa

from network_app.db_types import UTCDateTime


# revision identifiers, used by Alembic.
revision = "i13s_library_examples"
down_revision = "i15t_training_requests"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "library_examples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("published_at", UTCDateTime(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["participation_id"],
            ["participations.id"],
            name=op.f("fk_library_examples_participation_id_participations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["users.id"],
            name=op.f("fk_library_examples_published_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_examples")),
        sa.UniqueConstraint(
            "participation_id", name=op.f("uq_library_examples_participation_id")
        ),
    )


def downgrade():
    op.drop_table("library_examples")
