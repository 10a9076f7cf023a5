"""search queue and query log

Revision ID: 7e3b9c1d4a56
Revises: 2ec359398d25
Create Date: 2026-11-25 07:00:00

"""
import sqlalchemy as sa
from alembic import op

import community.db

revision = '7e3b9c1d4a56'
down_revision = '2ec359398d25'
branch_labels = ('search',)
depends_on = None


def upgrade():
    op.create_table('search_queue',
    sa.Column('doc_type', sa.String(length=30), nullable=False),
    sa.Column('obj_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', community.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_queue'))
    )
    op.create_table('search_query_log',
    sa.Column('query', sa.String(length=200), nullable=False),
    sa.Column('result_count', sa.Integer(), nullable=False),
    sa.Column('doc_type', sa.String(length=30), nullable=True),
    sa.Column('filtered', sa.Boolean(), nullable=False),
    sa.Column('page', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', community.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_query_log'))
    )
    with op.batch_alter_table('search_query_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_query_log_created_at'), ['created_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('search_query_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_query_log_created_at'))
    op.drop_table('search_query_log')
    op.drop_table('search_queue')
