"""Preview jobs and the review media they make (issue 12).

Revision ID: i12_previews
Revises: i13_ai_search
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'i12_previews'
down_revision = 'i13_ai_search'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('preview_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('representation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('run_after', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('claim', sa.String(length=64), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['representation_id'], ['representations.id'], name=op.f('fk_preview_jobs_representation_id_representations')),
    sa.ForeignKeyConstraint(['version_id'], ['versions.id'], name=op.f('fk_preview_jobs_version_id_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_preview_jobs')),
    sa.UniqueConstraint('representation_id', name=op.f('uq_preview_jobs_representation_id'))
    )
    with op.batch_alter_table('preview_jobs', schema=None) as batch_op:
        batch_op.create_index('ix_preview_jobs_state_run_after', ['state', 'run_after'], unique=False)
        batch_op.create_index(batch_op.f('ix_preview_jobs_version_id'), ['version_id'], unique=False)

    op.create_table('previews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('media_type', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('duration', sa.Float(), nullable=True),
    sa.Column('fps', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['job_id'], ['preview_jobs.id'], name=op.f('fk_previews_job_id_preview_jobs')),
    sa.ForeignKeyConstraint(['sha256'], ['blobs.sha256'], name=op.f('fk_previews_sha256_blobs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_previews')),
    sa.UniqueConstraint('job_id', 'role', name=op.f('uq_previews_job_id_role'))
    )
    with op.batch_alter_table('previews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_previews_sha256'), ['sha256'], unique=False)


def downgrade() -> None:
    op.drop_table('previews')
    op.drop_table('preview_jobs')
