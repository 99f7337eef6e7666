"""Every command's help names each option's value in the reader's language: `--trusted FICHIER`, not argparse's
`--trusted TRUSTED` (the destination's English word, in 30 places of a French help; seen from the installed wheel,
session 36), and `FILE` in English."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import central.__main__ as central_cli
import desktop.__main__ as desk_cli
from desktop import i18n
from desktop.cli import audit, card, receipt, store
from desktop.cli.french import FrenchParser

# Values whose name is already the word a French reader uses (an acronym, or French as it stands).
SAME_IN_FRENCH = {"CAN", "MRZ", "NOM", "PORT", "VU"}


def _parsers() -> Iterator[tuple[str, argparse.ArgumentParser]]:
    def walk(parser: argparse.ArgumentParser, name: str) -> Iterator[tuple[str, argparse.ArgumentParser]]:
        yield name, parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub, child in action.choices.items():
                    yield from walk(child, f"{name} {sub}")

    for module, name in ((audit, "guichet audit"), (card, "guichet card"), (receipt, "guichet receipt")):
        yield from walk(module._parser(), name)
    yield from walk(store._parser(), "guichet store")
    yield from walk(central_cli._parser(), "guichet-central")
    yield from walk(desk_cli._parser(), "guichet")


def test_every_value_is_named_in_french() -> None:
    english = []
    for name, parser in _parsers():
        assert isinstance(parser, FrenchParser), name
        parser.format_help()  # names the values
        for action in parser._actions:
            if action.nargs == 0 or action.choices is not None or isinstance(action, argparse._SubParsersAction):
                continue
            if action.metavar is None and action.dest.upper() not in SAME_IN_FRENCH:
                shown = action.dest.upper() if action.option_strings else action.dest
                english.append(f"{name}: {'/'.join(action.option_strings) or 'argument'} shown as {shown}")
    assert english == []


def test_in_english_the_values_are_named_in_english() -> None:
    i18n.set_language("en")
    try:
        text = receipt._parser().format_help()
        verify = next(p for n, p in _parsers() if n == "guichet receipt trust").format_help()
    finally:
        i18n.set_language("fr")
    assert "--keys-dir FOLDER" in text
    assert "--copy FILE" in verify and "--central-key KEY" in verify and "FICHIER" not in verify
