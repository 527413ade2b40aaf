"""application partners: organisations applying together with the applicant (samverkanslösning)

Revision ID: i15j_application_partners
Revises: i13s_library_examples
Create Date: 2026-12-01 07:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'i15j_application_partners'
down_revision = 'i13s_library_examples'
branch_labels = None
depends_on = None


def upgrade():
    # A new table only.
    op.create_table('application_partners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('register_code', sa.String(length=4), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_partners_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['register_code'], ['register.code'], name=op.f('fk_application_partners_register_code_register'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_partners')),
    sa.UniqueConstraint('application_id', 'register_code', name=op.f('uq_application_partners_application_id_register_code'))
    )
    with op.batch_alter_table('application_partners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_partners_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_partners_register_code'), ['register_code'], unique=False)


def downgrade():
    with op.batch_alter_table('application_partners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_partners_register_code'))
        batch_op.drop_index(batch_op.f('ix_application_partners_application_id'))
    op.drop_table('application_partners')
