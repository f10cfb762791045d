"""Search and content hashes: asset_fields (metadata filters), asset_search (+ SQLite FTS5 / PostgreSQL
GIN full-text index), content_hashes (tensor hashes); backfilled from the assets and versions there are.

Revision ID: i13_ai_search
Revises: i11_review
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = 'i13_ai_search'
down_revision = 'i11_review'
branch_labels = None
depends_on = None

FTS_TRIGGERS = [
    "CREATE TRIGGER asset_search_ai AFTER INSERT ON asset_search BEGIN "
    "INSERT INTO asset_search_fts(rowid, body) VALUES (new.asset_id, new.body); END",
    "CREATE TRIGGER asset_search_ad AFTER DELETE ON asset_search BEGIN "
    "INSERT INTO asset_search_fts(asset_search_fts, rowid, body) VALUES ('delete', old.asset_id, old.body); END",
    "CREATE TRIGGER asset_search_au AFTER UPDATE ON asset_search BEGIN "
    "INSERT INTO asset_search_fts(asset_search_fts, rowid, body) VALUES ('delete', old.asset_id, old.body); "
    "INSERT INTO asset_search_fts(rowid, body) VALUES (new.asset_id, new.body); END",
]


def upgrade() -> None:
    op.create_table('asset_fields',
    sa.Column('asset_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('value', sa.String(length=256), nullable=False),
    sa.ForeignKeyConstraint(['asset_id'], ['assets.id'], name=op.f('fk_asset_fields_asset_id_assets')),
    sa.PrimaryKeyConstraint('asset_id', 'key', 'value', name=op.f('pk_asset_fields'))
    )
    op.create_index('ix_asset_fields_key_value', 'asset_fields', ['key', 'value'], unique=False)
    op.create_table('asset_search',
    sa.Column('asset_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['asset_id'], ['assets.id'], name=op.f('fk_asset_search_asset_id_assets')),
    sa.PrimaryKeyConstraint('asset_id', name=op.f('pk_asset_search'))
    )
    op.create_table('content_hashes',
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('form', sa.String(length=16), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_content_hashes_project_id_projects')),
    sa.ForeignKeyConstraint(['version_id'], ['versions.id'], name=op.f('fk_content_hashes_version_id_versions')),
    sa.PrimaryKeyConstraint('version_id', 'form', name=op.f('pk_content_hashes'))
    )
    op.create_index('ix_content_hashes_project_id_sha256', 'content_hashes', ['project_id', 'sha256'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_asset_search_body_fts ON asset_search USING gin (to_tsvector('simple', body))")
    else:
        op.execute("CREATE VIRTUAL TABLE asset_search_fts USING fts5(body, content='asset_search', "
                   "content_rowid='asset_id', tokenize='unicode61 remove_diacritics 2')")
        for trigger in FTS_TRIGGERS:
            op.execute(trigger)
    _backfill()


def _loads(value):
    return json.loads(value) if isinstance(value, str) else value


def _backfill() -> None:
    # The same rules the publish service applies (brickyard.server.services.search_index).
    from brickyard.server.services.search_index import field_rows, search_words, tensor_hash

    connection = op.get_bind()
    assets = connection.execute(sa.text("SELECT id, project_id, folder, name, tags, metadata FROM assets")).all()
    versions = connection.execute(sa.text("SELECT id, asset_id, comment, metadata FROM versions ORDER BY id")).all()
    texts: dict[int, list[str]] = {}
    project_of = {}
    for asset_id, project_id, folder, name, tags, meta in assets:
        project_of[asset_id] = project_id
        texts[asset_id] = [search_words(folder, name, _loads(tags) or [], "", {})]
        for key, value in field_rows(_loads(meta) or {}):
            connection.execute(sa.text("INSERT INTO asset_fields (asset_id, key, value) VALUES (:a, :k, :v)"),
                               {"a": asset_id, "k": key, "v": value})
    for version_id, asset_id, comment, meta in versions:
        meta = _loads(meta) or {}
        texts[asset_id].append(search_words("", "", [], comment or "", meta))
        digest = tensor_hash(meta)
        if digest:
            connection.execute(sa.text("INSERT INTO content_hashes (version_id, form, sha256, project_id) "
                                       "VALUES (:v, 'tensor', :s, :p)"),
                               {"v": version_id, "s": digest, "p": project_of[asset_id]})
    for asset_id, parts in texts.items():
        connection.execute(sa.text("INSERT INTO asset_search (asset_id, body) VALUES (:a, :b)"),
                           {"a": asset_id, "b": " ".join(p for p in parts if p)})


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        for name in ("asset_search_ai", "asset_search_ad", "asset_search_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS asset_search_fts")
    op.drop_table('content_hashes')
    op.drop_table('asset_search')
    op.drop_index('ix_asset_fields_key_value', table_name='asset_fields')
    op.drop_table('asset_fields')
