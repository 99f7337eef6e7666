"""one place-kind vocabulary: the rules' 'gendarmerie' becomes the station profile's 'brigade_gendarmerie'

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Procurations stored the rules engine's own place names before desktop/rules/terms.py made them one enum.
_RENAMED = (("gendarmerie", "brigade_gendarmerie"), ("tribunal", "tribunal_judiciaire"))


def upgrade() -> None:
    for old, new in _RENAMED:
        op.execute(f"UPDATE procurations SET place_kind = '{new}' WHERE place_kind = '{old}'")


def downgrade() -> None:
    for old, new in _RENAMED:
        op.execute(f"UPDATE procurations SET place_kind = '{old}' WHERE place_kind = '{new}'")
