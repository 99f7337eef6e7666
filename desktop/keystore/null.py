"""A secret store that keeps nothing: for code that must not persist a secret (throw-away runs, tests)."""

from __future__ import annotations

from desktop.i18n import _


class NullSecretStore:
    """Finds nothing and keeps nothing: a key 'created' here lives only as long as its caller holds it."""

    @property
    def description(self) -> str:
        return _("Aucun secret conservé : ils sont perdus à la fermeture")

    def get(self, name: str) -> str | None:
        return None

    def set(self, name: str, value: str) -> None:
        return None

    def create(self, name: str, value: str) -> bool:
        return True

    def delete(self, name: str) -> None:
        return None
