"""digest bookkeeping

Revision ID: 5c9a3e1d7b24
Revises: caa6b39d0fc6
Create Date: 2026-11-25 06:15:00

"""
from alembic import op
import sqlalchemy as sa

import community.db


revision = '5c9a3e1d7b24'
down_revision = 'caa6b39d0fc6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notification_preference', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_digest_at', community.db.UTCDateTime(timezone=True), nullable=True))





def downgrade():
    with op.batch_alter_table('notification_preference', schema=None) as batch_op:
        batch_op.drop_column('last_digest_at')

