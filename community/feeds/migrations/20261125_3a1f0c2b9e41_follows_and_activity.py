"""follows and activity

Revision ID: 3a1f0c2b9e41
Revises: 270d4f8fd447
Create Date: 2026-11-25 06:15:00

"""
from alembic import op
import sqlalchemy as sa

import community.db


revision = '3a1f0c2b9e41'
down_revision = '270d4f8fd447'
branch_labels = ('feeds',)
depends_on = None


def upgrade():
    op.create_table('follow',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('target_type', sa.String(length=10), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('created_at', community.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("target_type IN ('space', 'post', 'tag', 'user', 'question')", name=op.f('ck_follow_target_type')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_follow_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'target_type', 'target_id', name=op.f('pk_follow'))
    )
    with op.batch_alter_table('follow', schema=None) as batch_op:
        batch_op.create_index('ix_follow_target', ['target_type', 'target_id'], unique=False)

    op.create_table('activity',
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('verb', sa.String(length=40), nullable=False),
    sa.Column('target_type', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('space_id', sa.Integer(), nullable=True),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('created_at', community.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_activity_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_activity_post_id_post'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['space_id'], ['space.id'], name=op.f('fk_activity_space_id_space'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity'))
    )
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index('ix_activity_created', ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_post_id'), ['post_id'], unique=False)
        batch_op.create_index('ix_activity_space_created', ['space_id', 'created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_space_created')
        batch_op.drop_index(batch_op.f('ix_activity_post_id'))
        batch_op.drop_index('ix_activity_created')
        batch_op.drop_index(batch_op.f('ix_activity_actor_id'))

    op.drop_table('activity')
    with op.batch_alter_table('follow', schema=None) as batch_op:
        batch_op.drop_index('ix_follow_target')

    op.drop_table('follow')
