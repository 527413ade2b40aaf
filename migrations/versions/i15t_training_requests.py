"""training requests: the training offer's requests and the trainings they become (issue 15 point 5)

Revision ID: i15t_training_requests
Revises: i15r_joint_members
Create Date: 2026-12-01 06:13:00.104894

"""
from alembic import op
import sqlalchemy as sa

import network_app.db_types


revision = 'i15t_training_requests'
down_revision = 'i15r_joint_members'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('training_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('register_code', sa.String(length=4), nullable=False),
    sa.Column('status', sa.Enum('requested', 'scheduled', 'held', 'cancelled', name='trainingstatus', native_enum=False, length=20), nullable=False),
    sa.Column('channel', sa.Enum('public_form', 'app', name='requestchannel', native_enum=False, length=20), nullable=False),
    sa.Column('length', sa.Enum('short', 'long', name='seminarlength', native_enum=False, length=20), nullable=False),
    sa.Column('delivery', sa.Enum('on_site', 'remote', name='delivery', native_enum=False, length=20), nullable=False),
    sa.Column('assembly', sa.Enum('council', 'board', 'both', name='assembly', native_enum=False, length=20), nullable=False),
    sa.Column('preferred_on', sa.Date(), nullable=False),
    sa.Column('preferred_on_2', sa.Date(), nullable=True),
    sa.Column('preferred_on_3', sa.Date(), nullable=True),
    sa.Column('expected_participants', sa.Integer(), nullable=False),
    sa.Column('wants_test_session', sa.Boolean(), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=True),
    sa.Column('contact_email', sa.String(length=254), nullable=True),
    sa.Column('contact_phone', sa.String(length=50), nullable=True),
    sa.Column('contact_erased_at', network_app.db_types.UTCDateTime(), nullable=True),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', network_app.db_types.UTCDateTime(), nullable=False),
    sa.Column('confirmation_hash', sa.String(length=64), nullable=True),
    sa.Column('confirmation_expires_at', network_app.db_types.UTCDateTime(), nullable=True),
    sa.Column('confirmed_at', network_app.db_types.UTCDateTime(), nullable=True),
    sa.Column('starts_at', network_app.db_types.UTCDateTime(), nullable=True),
    sa.Column('ends_at', network_app.db_types.UTCDateTime(), nullable=True),
    sa.Column('place', sa.String(length=300), nullable=True),
    sa.Column('online_url', sa.String(length=500), nullable=True),
    sa.Column('trainer', sa.String(length=200), nullable=True),
    sa.Column('test_starts_at', network_app.db_types.UTCDateTime(), nullable=True),
    sa.Column('test_ends_at', network_app.db_types.UTCDateTime(), nullable=True),
    sa.Column('training_on', sa.Date(), nullable=True),
    sa.Column('participants', sa.Integer(), nullable=True),
    sa.Column('scheduled_at', network_app.db_types.UTCDateTime(), nullable=True),
    sa.Column('held_at', network_app.db_types.UTCDateTime(), nullable=True),
    sa.Column('cancelled_at', network_app.db_types.UTCDateTime(), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', network_app.db_types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', network_app.db_types.UTCDateTime(), nullable=False),
    sa.CheckConstraint('ends_at IS NULL OR ends_at > starts_at', name=op.f('ck_training_requests_times_in_order')),
    sa.CheckConstraint('expected_participants BETWEEN 1 AND 500', name=op.f('ck_training_requests_expected_participants_in_range')),
    sa.CheckConstraint('participants IS NULL OR participants BETWEEN 1 AND 500', name=op.f('ck_training_requests_participants_in_range')),
    sa.ForeignKeyConstraint(['register_code'], ['register.code'], name=op.f('fk_training_requests_register_code_register'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_training_requests_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_requests')),
    sa.UniqueConstraint('confirmation_hash', name=op.f('uq_training_requests_confirmation_hash'))
    )
    with op.batch_alter_table('training_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_requests_register_code'), ['register_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_requests_requested_by_id'), ['requested_by_id'], unique=False)
        batch_op.create_index('ix_training_requests_status_requested_at', ['status', 'requested_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_requests_training_on'), ['training_on'], unique=False)


def downgrade():
    with op.batch_alter_table('training_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_requests_training_on'))
        batch_op.drop_index('ix_training_requests_status_requested_at')
        batch_op.drop_index(batch_op.f('ix_training_requests_requested_by_id'))
        batch_op.drop_index(batch_op.f('ix_training_requests_register_code'))

    op.drop_table('training_requests')
