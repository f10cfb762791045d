"""Comments: frame and frame_end — a comment pinned to one frame or a range of a version's media.

Revision ID: w11_comment_frames
Revises: w11_comment_search
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'w11_comment_frames'
down_revision = 'w11_comment_search'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('comments', sa.Column('frame', sa.Integer(), nullable=True))
    op.add_column('comments', sa.Column('frame_end', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column('comments', 'frame_end')
    op.drop_column('comments', 'frame')
