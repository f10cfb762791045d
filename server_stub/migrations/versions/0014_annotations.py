"""Annotations: drawings (vector shapes) on a frame or a range of a version, attached to a comment, with
every revision kept.

Revision ID: w19a_annotations
Revises: w19b_playlists_links
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'w19a_annotations'
down_revision = 'w19b_playlists_links'
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    op.create_table(
        "annotations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("frame", sa.Integer(), nullable=False),
        sa.Column("frame_end", sa.Integer(), nullable=True),
        sa.Column("shapes", _JSON, nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_annotations_author_id_users")),
        sa.ForeignKeyConstraint(["comment_id"], ["comments.id"], name=op.f("fk_annotations_comment_id_comments")),
        sa.ForeignKeyConstraint(["version_id"], ["versions.id"], name=op.f("fk_annotations_version_id_versions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotations")),
        sa.UniqueConstraint("comment_id", name=op.f("uq_annotations_comment_id")),
    )
    with op.batch_alter_table("annotations") as batch_op:
        batch_op.create_index("ix_annotations_version_id_id", ["version_id", "id"], unique=False)
    op.create_table(
        "annotation_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("annotation_id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("change", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("frame", sa.Integer(), nullable=False),
        sa.Column("frame_end", sa.Integer(), nullable=True),
        sa.Column("shapes", _JSON, nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["annotation_id"], ["annotations.id"],
                                name=op.f("fk_annotation_revisions_annotation_id_annotations")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_annotation_revisions_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotation_revisions")),
        sa.UniqueConstraint("annotation_id", "revision", name=op.f("uq_annotation_revisions_annotation_id_revision")),
    )


def downgrade() -> None:
    op.drop_table("annotation_revisions")
    with op.batch_alter_table("annotations") as batch_op:
        batch_op.drop_index("ix_annotations_version_id_id")
    op.drop_table("annotations")
