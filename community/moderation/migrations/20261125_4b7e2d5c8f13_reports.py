"""reports

Revision ID: 4b7e2d5c8f13
Revises: 2ec359398d25
Create Date: 2026-11-25 06:15:00

"""
from alembic import op
import sqlalchemy as sa

import community.db


revision = '4b7e2d5c8f13'
down_revision = '2ec359398d25'
branch_labels = ('moderation',)
depends_on = None


def upgrade():
    op.create_table('report',
    sa.Column('target_type', sa.String(length=10), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=12), nullable=False),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', community.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', community.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', community.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("reason IN ('spam', 'offensive', 'off_topic', 'outdated', 'other')", name=op.f('ck_report_reason')),
    sa.CheckConstraint("status IN ('open', 'resolved', 'dismissed')", name=op.f('ck_report_status')),
    sa.CheckConstraint("target_type IN ('post', 'comment', 'question', 'answer')", name=op.f('ck_report_target_type')),
    sa.ForeignKeyConstraint(['reporter_id'], ['user.id'], name=op.f('fk_report_reporter_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user.id'], name=op.f('fk_report_resolved_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report')),
    sa.UniqueConstraint('target_type', 'target_id', 'reporter_id', name='once')
    )
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_reporter_id'), ['reporter_id'], unique=False)
        batch_op.create_index('ix_report_status_created', ['status', 'created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index('ix_report_status_created')
        batch_op.drop_index(batch_op.f('ix_report_reporter_id'))

    op.drop_table('report')
