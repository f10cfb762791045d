"""Blobs: location — where the bytes live in the store when that is not the sha256's own key.

An S3 multipart upload is verified where it landed (its upload key) and stays there: copying it to the
sha256's key cost as much as the upload. NULL (every blob stored before, and every single PUT) means the
sha256's own key. Indexed: garbage collection asks, per upload key, whether a blob lives there.

Revision ID: w20a_blob_locations
Revises: w19e_annotation_thumbnails
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'w20a_blob_locations'
down_revision = 'w19e_annotation_thumbnails'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('blobs') as batch:
        batch.add_column(sa.Column('location', sa.String(length=300), nullable=True))
        batch.create_index('ix_blobs_location', ['location'])


def downgrade() -> None:
    with op.batch_alter_table('blobs') as batch:
        batch.drop_index('ix_blobs_location')
        batch.drop_column('location')
