"""Kept weekly totals of the hour entries (hours.totals), filled from the entries

Revision ID: i14s_hour_week_totals
Revises: i13m_meeting_materials
Create Date: 2026-12-01 11:00:00

"""

import sqlalchemy as sa
from alembic import op

import network_app.db_types

revision = "i14s_hour_week_totals"
down_revision = "i13m_meeting_materials"
branch_labels = None
depends_on = None

# Read and checked by hand. The fill is hours.totals.recount as it stands at this revision,
# written out: the week of the network an entry falls in (0 for its first seven days), the
# last day and the minutes of the entries that count (someone present), and the latest change
# of any entry of the week.
_WEEK = {
    "sqlite": "CAST((julianday(e.worked_on) - julianday(n.starts_on)) / 7.0 AS INTEGER)",
    "postgresql": "(e.worked_on - n.starts_on) / 7",
}
_FILL = """
INSERT INTO hour_week_totals
    (participation_id, week, worked_on, minutes, person_minutes, changed_at)
SELECT e.participation_id, {week} AS week,
    max(CASE WHEN e.people_present > 0 THEN e.worked_on END),
    coalesce(sum(CASE WHEN e.people_present > 0 THEN e.minutes ELSE 0 END), 0),
    coalesce(sum(CASE WHEN e.people_present > 0 THEN e.minutes * e.people_present ELSE 0 END), 0),
    max(e.updated_at)
FROM hour_entries e
JOIN participations p ON p.id = e.participation_id
JOIN networks n ON n.id = p.network_id
GROUP BY e.participation_id, {week}
"""


def upgrade():
    op.create_table(
        "hour_week_totals",
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("worked_on", sa.Date(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("person_minutes", sa.Integer(), nullable=False),
        sa.Column("changed_at", network_app.db_types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participation_id"],
            ["participations.id"],
            name=op.f("fk_hour_week_totals_participation_id_participations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("participation_id", "week", name=op.f("pk_hour_week_totals")),
    )
    bind = op.get_bind()
    op.execute(sa.text(_FILL.format(week=_WEEK[bind.dialect.name])))


def downgrade():
    op.drop_table("hour_week_totals")
