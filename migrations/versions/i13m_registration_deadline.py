"""A meeting's registration deadline: the last day the groups answer

Revision ID: i13m_registration_deadline
Revises: i13m_programme_model
Create Date: 2026-12-01 06:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "i13m_registration_deadline"
down_revision = "i13m_programme_model"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("registration_closes_on", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("registration_closes_on")
