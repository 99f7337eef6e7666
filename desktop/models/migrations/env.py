"""Alembic environment: migrations run on the engine the application opened (the key is already applied)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from desktop.models import Base

engine = context.config.attributes.get("engine")
if not isinstance(engine, Engine):
    raise RuntimeError("migrations run through desktop.models.migrate, which passes the keyed engine")

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: Alembic rebuilds the table
        compare_type=True,
    )
    context.run_migrations()
