"""Blobs: claimed_at — when an upload or a "which are missing?" question last counted on the blob.

Garbage collection keeps a blob claimed within its grace period even while no version uses it yet:
that is the window between an upload (or a dedup answer) and the version that will reference it.

Revision ID: i17_blob_claims
Revises: i18_asset_aliases
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'i17_blob_claims'
down_revision = 'i18_asset_aliases'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('blobs') as batch:
        batch.add_column(sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('blobs') as batch:
        batch.drop_column('claimed_at')
