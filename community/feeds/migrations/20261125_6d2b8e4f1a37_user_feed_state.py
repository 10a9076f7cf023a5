"""user feed state (last visit of the home feed)

Revision ID: 6d2b8e4f1a37
Revises: 3a1f0c2b9e41
Create Date: 2026-11-25 09:00:00

"""
import sqlalchemy as sa
from alembic import op

import community.db

revision = '6d2b8e4f1a37'
down_revision = '3a1f0c2b9e41'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'user_feed_state',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('last_seen_at', community.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'],
                                name=op.f('fk_user_feed_state_user_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_user_feed_state')),
    )


def downgrade():
    op.drop_table('user_feed_state')
