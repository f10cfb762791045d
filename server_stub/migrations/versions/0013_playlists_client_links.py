"""Review playlists (with their live session), client links, guest sessions and their audit trail; guest attribution on comments.

Revision ID: w19b_playlists_links
Revises: w12_project_color
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'w19b_playlists_links'
down_revision = 'w12_project_color'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        'playlists',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=False),
        sa.Column('created_at', WHEN, nullable=False),
        sa.Column('updated_at', WHEN, nullable=False),
        sa.Column('live_driver_id', sa.Integer(), nullable=True),
        sa.Column('live_state', JSON, nullable=True),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_playlists_project_id_projects')),
        sa.ForeignKeyConstraint(['live_driver_id'], ['users.id'], name=op.f('fk_playlists_live_driver_id_users')),
        sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_playlists_created_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_playlists')),
    )
    op.create_index(op.f('ix_playlists_project_id'), 'playlists', ['project_id'])
    op.create_table(
        'playlist_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('playlist_id', sa.Integer(), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['playlist_id'], ['playlists.id'],
                                name=op.f('fk_playlist_items_playlist_id_playlists')),
        sa.ForeignKeyConstraint(['version_id'], ['versions.id'], name=op.f('fk_playlist_items_version_id_versions')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_playlist_items')),
        sa.UniqueConstraint('playlist_id', 'position', name=op.f('uq_playlist_items_playlist_id_position')),
    )
    op.create_index(op.f('ix_playlist_items_version_id'), 'playlist_items', ['version_id'])
    op.create_table(
        'client_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('secret_sha256', sa.String(length=64), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=True),
        sa.Column('playlist_id', sa.Integer(), nullable=True),
        sa.Column('label', sa.String(length=200), nullable=False),
        sa.Column('passphrase_hash', sa.String(length=200), nullable=True),
        sa.Column('allow_download', sa.Boolean(), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=False),
        sa.Column('created_at', WHEN, nullable=False),
        sa.Column('expires_at', WHEN, nullable=False),
        sa.Column('revoked_at', WHEN, nullable=True),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_client_links_project_id_projects')),
        sa.ForeignKeyConstraint(['version_id'], ['versions.id'], name=op.f('fk_client_links_version_id_versions')),
        sa.ForeignKeyConstraint(['playlist_id'], ['playlists.id'],
                                name=op.f('fk_client_links_playlist_id_playlists')),
        sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_client_links_created_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_client_links')),
        sa.UniqueConstraint('secret_sha256', name=op.f('uq_client_links_secret_sha256')),
    )
    op.create_index(op.f('ix_client_links_project_id'), 'client_links', ['project_id'])
    op.create_table(
        'guest_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('link_id', sa.Integer(), nullable=False),
        sa.Column('session_sha256', sa.String(length=64), nullable=False),
        sa.Column('csrf', sa.String(length=64), nullable=False),
        sa.Column('guest_name', sa.String(length=100), nullable=False),
        sa.Column('created_at', WHEN, nullable=False),
        sa.Column('expires_at', WHEN, nullable=False),
        sa.Column('revoked_at', WHEN, nullable=True),
        sa.ForeignKeyConstraint(['link_id'], ['client_links.id'], name=op.f('fk_guest_sessions_link_id_client_links')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_guest_sessions')),
        sa.UniqueConstraint('session_sha256', name=op.f('uq_guest_sessions_session_sha256')),
    )
    op.create_index(op.f('ix_guest_sessions_link_id'), 'guest_sessions', ['link_id'])
    op.create_table(
        'guest_actions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('link_id', sa.Integer(), nullable=False),
        sa.Column('guest_session_id', sa.Integer(), nullable=True),
        sa.Column('guest_name', sa.String(length=100), nullable=False),
        sa.Column('action', sa.String(length=32), nullable=False),
        sa.Column('version_id', sa.Integer(), nullable=True),
        sa.Column('detail', JSON, nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('at', WHEN, nullable=False),
        sa.ForeignKeyConstraint(['link_id'], ['client_links.id'], name=op.f('fk_guest_actions_link_id_client_links')),
        sa.ForeignKeyConstraint(['guest_session_id'], ['guest_sessions.id'],
                                name=op.f('fk_guest_actions_guest_session_id_guest_sessions')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_guest_actions')),
    )
    op.create_index('ix_guest_actions_link_id_id', 'guest_actions', ['link_id', 'id'])
    with op.batch_alter_table('comments') as batch:
        batch.add_column(sa.Column('guest_name', sa.String(length=100), nullable=True))
        batch.add_column(sa.Column('client_link_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('comments') as batch:
        batch.drop_column('client_link_id')
        batch.drop_column('guest_name')
    for table in ('guest_actions', 'guest_sessions', 'client_links', 'playlist_items', 'playlists'):
        op.drop_table(table)
