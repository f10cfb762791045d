"""Blob uploads: who uploaded which blob, so a version may name only blobs its publisher holds or can read.

Revision ID: i16_blob_uploads
Revises: i12_previews
Create Date: 2026-12-04 23:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'i16_blob_uploads'
down_revision = 'i12_previews'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('blob_uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['sha256'], ['blobs.sha256'], name=op.f('fk_blob_uploads_sha256_blobs')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_blob_uploads_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blob_uploads')),
    sa.UniqueConstraint('sha256', 'user_id', name=op.f('uq_blob_uploads_sha256_user_id'))
    )


def downgrade() -> None:
    op.drop_table('blob_uploads')
