"""Schema migrations (Alembic), run at start-up on the already-keyed connection.

Start-up stays cheap: Alembic is imported only when the store is behind. A new, empty store is created from the
models and stamped at the newest revision (what Alembic's own docs advise), the test suite checks that this gives the
same schema as running every migration.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD = "0014"  # the newest revision; tests/models/test_migrations.py checks it against Alembic's scripts


def _config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the store to `revision` (default: the newest)."""
    if revision == "head":
        current = current_revision(engine)
        if current == HEAD:
            return
        if current is None and _is_empty(engine):
            _create_fresh(engine)
            return
    from alembic import command

    command.upgrade(_config(engine), revision)


def _is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM sqlite_master WHERE type='table'")).scalar() == 0


def _create_fresh(engine: Engine) -> None:
    from desktop.models import Base

    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": HEAD})


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        exists = conn.execute(
            text("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        ).scalar()
        if not exists:
            return None
        value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return None if value is None else str(value)


def head_revision() -> str:
    """The newest revision according to Alembic's scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head
