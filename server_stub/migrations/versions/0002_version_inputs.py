"""Lineage edges: version_inputs (version → the versions it was made from), backfilled from versions.inputs.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# brickyard://PROJECT/FOLDER/ASSET?version=N — the pinned form versions.inputs has always held
_PREFIX = "brickyard://"


def upgrade() -> None:
    op.create_table('version_inputs',
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('input_version_id', sa.Integer(), nullable=False),
    sa.Column('link', sa.String(length=16), nullable=False),
    sa.Column('evidence', sa.String(length=256), nullable=False),
    sa.ForeignKeyConstraint(['input_version_id'], ['versions.id'],
                            name=op.f('fk_version_inputs_input_version_id_versions')),
    sa.ForeignKeyConstraint(['version_id'], ['versions.id'], name=op.f('fk_version_inputs_version_id_versions')),
    sa.PrimaryKeyConstraint('version_id', 'input_version_id', name=op.f('pk_version_inputs'))
    )
    op.create_index(op.f('ix_version_inputs_input_version_id'), 'version_inputs', ['input_version_id'],
                    unique=False)
    _backfill()


def _backfill() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, inputs FROM versions")).all()
    edges = []
    for version_id, inputs in rows:
        if isinstance(inputs, str):
            inputs = json.loads(inputs)
        for text in inputs or []:
            found = _version_id(connection, text)
            if found is not None and found != version_id:
                edges.append({"v": version_id, "i": found})
    unique = {(e["v"], e["i"]): e for e in edges}
    for edge in unique.values():
        connection.execute(sa.text("INSERT INTO version_inputs (version_id, input_version_id, link, evidence) "
                                   "VALUES (:v, :i, 'declared', '')"), edge)


def _version_id(connection, text: str) -> int | None:
    if not text.startswith(_PREFIX) or "?version=" not in text:
        return None
    path, _, query = text[len(_PREFIX):].partition("?version=")
    number = query.split("&")[0]
    parts = path.split("/")
    if len(parts) < 2 or not number.isdecimal():
        return None
    project, folder, name = parts[0], "/".join(parts[1:-1]), parts[-1]
    return connection.execute(sa.text(
        "SELECT versions.id FROM versions JOIN assets ON assets.id = versions.asset_id "
        "JOIN projects ON projects.id = assets.project_id "
        "WHERE projects.code = :p AND assets.folder = :f AND assets.name = :n AND versions.number = :num"),
        {"p": project, "f": folder, "n": name, "num": int(number)}).scalar()


def downgrade() -> None:
    op.drop_index(op.f('ix_version_inputs_input_version_id'), table_name='version_inputs')
    op.drop_table('version_inputs')
