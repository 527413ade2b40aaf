"""a network's application period; an organisation's contact address for invitations

Revision ID: i15r_application_period
Revises: i15r_register
Create Date: 2026-12-01 06:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = "i15r_application_period"
down_revision = "i15r_register"
branch_labels = None
depends_on = None


def upgrade():
    # New nullable columns only: SQLite adds them natively (ADD COLUMN) and rebuilds no table.
    # (A rebuild of networks would DROP it, and the DROP cascades to the participations.)
    op.add_column("organisations", sa.Column("contact_email", sa.String(length=254), nullable=True))
    op.add_column("networks", sa.Column("applications_open_on", sa.Date(), nullable=True))
    op.add_column("networks", sa.Column("application_deadline", sa.Date(), nullable=True))
    op.add_column("networks", sa.Column("decision_on", sa.Date(), nullable=True))


def downgrade():
    # SQLite drops a column natively since 3.35 (no rebuild).
    op.drop_column("networks", "decision_on")
    op.drop_column("networks", "application_deadline")
    op.drop_column("networks", "applications_open_on")
    op.drop_column("organisations", "contact_email")
