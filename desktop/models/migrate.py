"""Schema migrations (Alembic), run at start-up on the already-keyed connection.

Start-up stays cheap: Alembic is imported only when the store is behind. A new, empty store is created from the
models and stamped at the newest revision (what Alembic's own docs advise), the test suite checks that this gives the
same schema as running every migration.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

if TYPE_CHECKING:
    from alembic.config import Config


def _scripts() -> str:
    """The migration scripts' folder, read through importlib.resources as every shipped resource is (a wheel, the
    .deb's bundle: a folder of files Alembic reads; a store that cannot find them would not open)."""
    return str(resources.files(__package__ or "desktop.models").joinpath("migrations"))


HEAD = "0015"  # the newest revision; tests/models/test_migrations.py checks it against Alembic's scripts


class StoreFromNewerVersion(Exception):
    """The store was migrated by a newer Guichet than this one (its revision is unknown here): the version was rolled
    back (an update withdrawn, an older installer run again). This version neither migrates nor opens it: its tables
    may hold what it cannot read or would write wrong; the version that wrote it, or a newer one, opens it."""

    def __init__(self, revision: str) -> None:
        super().__init__(revision)
        self.revision = revision


def known_revision(revision: str) -> bool:
    """Whether this version's migrations know `revision` (a store at an unknown one was migrated by a newer version)."""
    from alembic.script import ScriptDirectory

    return any(script.revision == revision for script in ScriptDirectory(_scripts()).walk_revisions())


def _config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", _scripts())
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
        if current is not None and not known_revision(current):
            raise StoreFromNewerVersion(current)
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

    head = ScriptDirectory(_scripts()).get_current_head()
    assert head is not None
    return head
