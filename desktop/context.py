"""The running application's parts, assembled once at start-up and handed to the views."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from desktop.models.db import Store, open_store
from desktop.models.keys import FileKeyProvider, KeyProvider, default_key_provider
from desktop.services.journal import Actor
from desktop.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    """Settings, the opened store, and who is acting; the views get this and call services with it."""

    settings: Settings
    store: Store
    key_description: str
    actor: Actor
    agent_name: str = "Agent de démonstration"
    agent_capacity: str = "OPJ"
    closers: list[object] = field(default_factory=list)

    @property
    def demo(self) -> bool:
        return self.settings.demo

    def close(self) -> None:
        for closer in reversed(self.closers):
            stop = getattr(closer, "close", None) or getattr(closer, "stop", None)
            if callable(stop):
                try:
                    stop()
                except Exception:  # closing must go on for the others
                    log.exception("error while closing %s", type(closer).__name__)
        self.store.close()


def build_context(settings: Settings, *, keys: KeyProvider | None = None) -> AppContext:
    """Open the store (creating and migrating it) and seed demo data in demo mode."""
    if keys is None:
        # The demo never touches the OS keystore: its key lives in its own throw-away folder.
        keys = FileKeyProvider(settings.keys_dir / "database.key") if settings.demo else None
    if keys is None:
        keys = default_key_provider(settings.station_code, settings.keys_dir)
    store = open_store(settings.database_path, keys)
    ctx = AppContext(
        settings=settings,
        store=store,
        key_description=keys.description,
        actor=Actor(station_code=settings.station_code, agent_id="demo-agent" if settings.demo else None),
    )
    if settings.demo:
        from desktop.demo import seed_demo

        seed_demo(ctx)
    return ctx
