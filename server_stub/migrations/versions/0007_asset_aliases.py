"""Asset aliases: the names an asset had before a rename or move, so old references keep resolving;
and versions.status_comment: why a version was last approved or rejected, shown beside its status.

Revision ID: i18_asset_aliases
Revises: i16_blob_uploads
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'i18_asset_aliases'
down_revision = 'i16_blob_uploads'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('asset_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('folder', sa.String(length=512), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('asset_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['asset_id'], ['assets.id'], name=op.f('fk_asset_aliases_asset_id_assets')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_asset_aliases_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_asset_aliases')),
    sa.UniqueConstraint('project_id', 'folder', 'name', name=op.f('uq_asset_aliases_project_id_folder_name'))
    )
    op.create_index(op.f('ix_asset_aliases_asset_id'), 'asset_aliases', ['asset_id'], unique=False)
    op.add_column('versions', sa.Column('status_comment', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    op.drop_column('versions', 'status_comment')
    op.drop_index(op.f('ix_asset_aliases_asset_id'), table_name='asset_aliases')
    op.drop_table('asset_aliases')
