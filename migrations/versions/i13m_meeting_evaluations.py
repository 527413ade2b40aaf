"""Meeting evaluations: anonymous answers, and apart from them who has answered

Revision ID: i13m_meeting_evaluations
Revises: i13m_registration_deadline
Create Date: 2026-12-01 07:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "i13m_meeting_evaluations"
down_revision = "i13m_registration_deadline"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "evaluation_marks",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_evaluation_marks_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_evaluation_marks_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", "user_id", name=op.f("pk_evaluation_marks")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("evaluation_marks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evaluation_marks_user_id"), ["user_id"], unique=False
        )
    op.create_table(
        "evaluation_answers",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("usefulness", sa.Integer(), nullable=False),
        sa.Column("most_valuable", sa.Text(), nullable=False),
        sa.Column("to_change", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "usefulness BETWEEN 1 AND 5", name=op.f("ck_evaluation_answers_usefulness_in_range")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_evaluation_answers_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_answers")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("evaluation_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evaluation_answers_meeting_id"), ["meeting_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("evaluation_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_answers_meeting_id"))
    op.drop_table("evaluation_answers")
    with op.batch_alter_table("evaluation_marks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_marks_user_id"))
    op.drop_table("evaluation_marks")
