"""The programme model of a network, and extra meetings outside the programme

Existing networks get the 2020 model (their network meetings numbered and counted as before,
workshops extra) unless their meetings say otherwise: more than four numbered meetings, or
titles that call them "arbetsmöte", make the leader's own list with the words they used.

Revision ID: i13m_programme_model
Revises: i13s_library_examples
Create Date: 2026-12-01 06:30:00

"""

from alembic import op
import sqlalchemy as sa


revision = "i13m_programme_model"
down_revision = "i13b_coaching"
branch_labels = None
depends_on = None

networks = sa.table(
    "networks", sa.column("id", sa.Integer), sa.column("programme_model", sa.String)
)
meetings = sa.table(
    "meetings",
    sa.column("id", sa.Integer),
    sa.column("network_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("status", sa.String),
    sa.column("title", sa.String),
)


def upgrade():
    with op.batch_alter_table("networks", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "programme_model", sa.String(length=20), nullable=False, server_default="skr2020"
            )
        )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("extra", sa.Boolean(), nullable=False, server_default=sa.false())
        )

    numbered = (
        sa.select(meetings.c.network_id)
        .where(
            meetings.c.kind.in_(("network", "digital")), meetings.c.status != "cancelled"
        )
        .group_by(meetings.c.network_id)
        .having(sa.func.count() > 4)
    )
    working = sa.select(meetings.c.network_id).where(
        sa.func.lower(meetings.c.title).like("%arbetsm%te%")
    )
    op.execute(
        networks.update()
        .where(networks.c.id.in_(working))
        .values(programme_model="custom_working")
    )
    op.execute(
        networks.update()
        .where(networks.c.id.in_(numbered), networks.c.programme_model == "skr2020")
        .values(programme_model="custom_network")
    )


def downgrade():
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("extra")
    with op.batch_alter_table("networks", schema=None) as batch_op:
        batch_op.drop_column("programme_model")
