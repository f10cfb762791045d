"""Assets: published_at (the newest version's date) and updated_at (the last publish or status change),
and an index per sort order of the asset browser; backfilled from the versions and review threads.

Revision ID: w11_asset_sort_times
Revises: i17_blob_claims
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'w11_asset_sort_times'
down_revision = 'i17_blob_claims'
branch_labels = None
depends_on = None

EPOCH = sa.text("'1970-01-01 00:00:00'")
INDEXES = {
    "ix_assets_project_id_name": ["project_id", "name", "folder", "id"],
    "ix_assets_project_id_kind": ["project_id", "kind", "folder", "name", "id"],
    "ix_assets_project_id_published_at": ["project_id", "published_at", "id"],
    "ix_assets_project_id_updated_at": ["project_id", "updated_at", "id"],
}


def upgrade() -> None:
    # Added NOT NULL with a placeholder default and filled at once: SQLite can add such a column in place,
    # where making it NOT NULL afterwards would copy the table (refused while other tables point at it).
    for column in ('published_at', 'updated_at'):
        op.add_column('assets', sa.Column(column, sa.DateTime(timezone=True), nullable=False,
                                          server_default=EPOCH))
    # A status change is the newest review comment that came with a decision (comments.status).
    op.execute("UPDATE assets SET published_at = coalesce("
               "(SELECT max(v.created_at) FROM versions v WHERE v.asset_id = assets.id), assets.created_at)")
    op.execute("UPDATE assets SET updated_at = coalesce((SELECT max(c.created_at) FROM comments c "
               "JOIN versions v ON v.id = c.version_id WHERE v.asset_id = assets.id AND c.status IS NOT NULL "
               "AND c.created_at > assets.published_at), assets.published_at)")
    for name, columns in INDEXES.items():
        op.create_index(name, 'assets', columns, unique=False)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name='assets')
    op.drop_column('assets', 'updated_at')
    op.drop_column('assets', 'published_at')
