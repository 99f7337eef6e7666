"""electors: `search_name` re-keyed with the names' one fold (desktop/rules/names.py)

The counter's fold kept « Œ », « Æ », a modifier apostrophe « ʼ » and Cyrillic or Greek look-alikes as letters of their
own: a person stored so was not found again under the usual spelling (R-LIMIT-1, R-PARTY-4 walked around).

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.rules.names import fold_name

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_ELECTORS = sa.table(
    "electors",
    sa.column("id", sa.String),
    sa.column("last_name", sa.String),
    sa.column("given_names", sa.String),
    sa.column("search_name", sa.String),
)


def upgrade() -> None:
    # As services/procurations.search_key keys a new elector: the fold of « NOM Prénoms » (case does not count).
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(_ELECTORS.c.id, _ELECTORS.c.last_name, _ELECTORS.c.given_names, _ELECTORS.c.search_name)
    )
    changed = [
        {"k_id": id_, "k_search": key}
        for id_, last, given, stored in rows
        if (key := fold_name(f"{last} {given}")) != stored
    ]
    if changed:
        conn.execute(
            _ELECTORS.update()
            .where(_ELECTORS.c.id == sa.bindparam("k_id"))
            .values(search_name=sa.bindparam("k_search")),
            changed,
        )


def downgrade() -> None:
    # The keys stay as the new fold made them: they only ever change for names the older fold split apart.
    pass
