"""desktop/i18n.py: French source with French plurals, the English catalog, a clean fallback, a safe switch."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import i18n
from desktop.i18n import _, ngettext


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("fr")


def test_french_is_the_source_and_the_default() -> None:
    assert i18n.language() == "fr"
    assert _("Lecture terminée.") == "Lecture terminée."
    assert _("une phrase que le catalogue ne connaît pas") == "une phrase que le catalogue ne connaît pas"


@pytest.mark.parametrize(("n", "word"), [(0, "résultat"), (1, "résultat"), (2, "résultats"), (25, "résultats")])
def test_french_plural_rule_is_n_greater_than_one(n: int, word: str) -> None:
    # French says « 0 résultat », English « 0 results »: the source language has its own rule (n > 1).
    assert ngettext("{count} résultat", "{count} résultats", n).format(count=n) == f"{n} {word}"


@pytest.mark.parametrize(("n", "word"), [(0, "results"), (1, "result"), (2, "results")])
def test_english_plural_rule_is_n_not_one(english: None, n: int, word: str) -> None:
    assert ngettext("{count} résultat", "{count} résultats", n).format(count=n) == f"{n} {word}"


@pytest.mark.parametrize(
    ("n", "said"),
    [(1, "Too many attempts: try again in 1 second."), (30, "Too many attempts: try again in 30 seconds.")],
)
def test_a_wait_is_said_in_seconds_with_their_plural(english: None, n: int, said: str) -> None:
    # It said « try again in 30 s. »: a unit abbreviation in a sentence, without a plural.
    singular, plural = (
        "Trop d'essais : réessayez dans {wait} seconde.",
        "Trop d'essais : réessayez dans {wait} secondes.",
    )
    assert ngettext(singular, plural, n).format(wait=n) == said


def test_english_catalog_is_shipped_and_read(english: None) -> None:
    assert i18n.language() == "en"
    assert _("Lecture terminée.") == "Reading finished."
    assert i18n.resources.resource("locale", "en", "LC_MESSAGES", "guichet.mo").is_file()


def test_a_message_the_catalog_lacks_falls_back_to_french_with_french_plurals(english: None) -> None:
    assert _("pas encore traduit") == "pas encore traduit"
    assert ngettext("{n} chose nouvelle", "{n} choses nouvelles", 0).format(n=0) == "0 chose nouvelle"


def test_an_unknown_language_means_french_without_crashing() -> None:
    i18n.set_language("de")
    assert i18n.language() == "fr"
    assert _("Lecture terminée.") == "Lecture terminée."


def test_a_corrupt_catalog_means_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "guichet.mo"
    broken.write_bytes(b"\xde\x12\x04\x95 not a catalog")
    monkeypatch.setattr(i18n.resources, "resource", lambda *parts: broken)
    monkeypatch.setattr(i18n, "_loaded", {})
    i18n.set_language("en")
    assert _("Lecture terminée.") == "Lecture terminée."


def test_a_missing_catalog_means_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n.resources, "resource", lambda *parts: tmp_path / "absent.mo")
    monkeypatch.setattr(i18n, "_loaded", {})
    i18n.set_language("en")
    assert _("Lecture terminée.") == "Lecture terminée."


def test_switching_while_workers_build_messages_gives_whole_messages() -> None:
    # A worker thread builds messages while the GUI thread switches the language: each message is entirely in
    # one language or the other, never a failure.
    seen: set[str] = set()
    stop = threading.Event()

    def worker() -> None:
        while not stop.is_set():
            seen.add(ngettext("{count} résultat", "{count} résultats", 2).format(count=2))

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        for _round in range(200):
            i18n.set_language("en")
            i18n.set_language("fr")
    finally:
        stop.set()
        thread.join()
    assert seen <= {"2 résultats", "2 results"}
    assert "2 résultats" in seen
