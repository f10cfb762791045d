"""Annotation thumbnails: the blob of a drawing's flattened thumbnail and the revision it was made from.

Revision ID: w19e_annotation_thumbnails
Revises: w19a_annotations
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'w19e_annotation_thumbnails'
down_revision = 'w19a_annotations'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("annotations") as batch:
        batch.add_column(sa.Column("thumbnail_sha256", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("thumbnail_revision", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("annotations") as batch:
        batch.drop_column("thumbnail_revision")
        batch.drop_column("thumbnail_sha256")
