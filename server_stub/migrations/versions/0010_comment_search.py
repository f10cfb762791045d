"""Search: the review comments already written find their assets (their words join asset_search).

Revision ID: w11_comment_search
Revises: w11_asset_sort_times
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'w11_comment_search'
down_revision = 'w11_asset_sort_times'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The same rules the comment service applies (brickyard.server.services.search_index).
    from brickyard.server.services.search_index import search_words, with_words

    connection = op.get_bind()
    said: dict[int, list[str]] = {}
    for asset_id, text in connection.execute(sa.text(
            "SELECT v.asset_id, c.text FROM comments c JOIN versions v ON v.id = c.version_id ORDER BY c.id")):
        said.setdefault(asset_id, []).append(search_words("", "", [], text, {}))
    bodies = dict(connection.execute(sa.text("SELECT asset_id, body FROM asset_search")).all())
    for asset_id, words in said.items():
        if asset_id in bodies:
            connection.execute(sa.text("UPDATE asset_search SET body = :b WHERE asset_id = :a"),
                               {"a": asset_id, "b": with_words(bodies[asset_id], " ".join(words))})
        else:
            connection.execute(sa.text("INSERT INTO asset_search (asset_id, body) VALUES (:a, :b)"),
                               {"a": asset_id, "b": with_words("", " ".join(words))})


def downgrade() -> None:
    pass  # the words stay: they only make more assets findable
