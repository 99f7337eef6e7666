"""The screens' translations (Qt Linguist): regenerate the .ts sources, compile the .qm, check for drift.

Run: ``.venv/bin/python tools/i18n_qt.py update|compile|check [--root FOLDER]``.

- ``update`` re-reads every ``tr()`` / ``translate()`` / ``QT_TRANSLATE_NOOP`` in ``desktop/views`` into
  ``desktop/resources/i18n/guichet_<lang>.ts`` (``pyside6-lupdate``, no source locations: moving a line is no
  change). French is the source language: ``guichet_fr.ts`` holds only its plural forms (``-pluralonly``).
- ``compile`` turns each ``.ts`` into the ``.qm`` the application loads (``pyside6-lrelease``); the ``.qm`` files are
  build products (git-ignored), made by ``make venv`` and by the installers' build.
- ``check`` fails (exit 1) if the ``.ts`` files are not what ``update`` would write, or if a translation is missing
  or unfinished: a string added to the screens without its English translation fails the test suite.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATALOG = "guichet"
SOURCE_LANGUAGE = "fr"
LANGUAGES = ("en", "fr")
I18N = Path("desktop") / "resources" / "i18n"
VIEWS = Path("desktop") / "views"


def tool(name: str) -> str:
    """``pyside6-lupdate`` / ``pyside6-lrelease`` next to the running interpreter, else on PATH."""
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        candidate = folder / f"pyside6-{name}"
        if candidate.exists():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        raise SystemExit(f"pyside6-{name} introuvable : installez PySide6 dans l'environnement (make venv).")
    return found


def sources(root: Path) -> list[str]:
    """Every Python file of the screens, relative to ``root`` (sorted: the .ts does not depend on the file system)."""
    return sorted(str(p.relative_to(root)) for p in (root / VIEWS).rglob("*.py"))


def ts_path(root: Path, language: str) -> Path:
    return root / I18N / f"{CATALOG}_{language}.ts"


def lupdate(root: Path, language: str, target: Path) -> None:
    """Merge the strings of the code into ``target`` (created if absent), keeping the translations it has."""
    cmd = [tool("lupdate"), "-silent", "-locations", "none", "-no-obsolete", "-source-language", SOURCE_LANGUAGE]
    cmd += ["-target-language", language]
    if language == SOURCE_LANGUAGE:
        cmd.append("-pluralonly")
    cmd += [*sources(root), "-ts", str(target)]
    subprocess.run(cmd, cwd=root, check=True, capture_output=True, text=True)


def update(root: Path) -> int:
    for language in LANGUAGES:
        target = ts_path(root, language)
        target.parent.mkdir(parents=True, exist_ok=True)
        lupdate(root, language, target)
        print(f"{target.relative_to(root)} à jour")
    return 0


def compile_all(root: Path) -> int:
    for language in LANGUAGES:
        source = ts_path(root, language)
        if not source.exists():
            print(f"{source} manquant : lancez « tools/i18n_qt.py update »", file=sys.stderr)
            return 1
        qm = source.with_suffix(".qm")
        cmd = [tool("lrelease"), "-silent", "-nounfinished", str(source), "-qm", str(qm)]
        subprocess.run(cmd, check=True, capture_output=True, text=True)
        print(f"{qm.relative_to(root)} compilé")
    return 0


@dataclass(frozen=True)
class Gap:
    """A message of a .ts file that the application would show untranslated."""

    language: str
    context: str
    source: str
    why: str


def gaps(ts: Path, language: str) -> list[Gap]:
    """Unfinished, empty or incomplete-plural translations of ``ts``."""
    found: list[Gap] = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None or translation.get("type") in {"unfinished", "obsolete", "vanished"}:
                found.append(Gap(language, name, source, "non traduit"))
                continue
            if message.get("numerus") == "yes":
                forms = [f.text or "" for f in translation.iter("numerusform")]
                if len(forms) < 2 or not all(f.strip() for f in forms):
                    found.append(Gap(language, name, source, "formes du pluriel incomplètes"))
            elif not (translation.text or "").strip():
                found.append(Gap(language, name, source, "traduction vide"))
    return found


def _compiled_drift(source: Path, tmp: Path) -> list[str]:
    """The committed .qm against what its .ts compiles to now (a wheel ships the committed one)."""
    qm = source.with_suffix(".qm")
    fresh = tmp / f"fresh-{qm.name}"
    cmd = [tool("lrelease"), "-silent", "-nounfinished", str(source), "-qm", str(fresh)]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    if qm.exists() and qm.read_bytes() == fresh.read_bytes():
        return []
    return [f"{qm.name} n'est pas compilé depuis {source.name} : lancez « tools/i18n_qt.py compile » et committez-le"]


def check(root: Path) -> int:
    """0 when the .ts files match the code and every translation is finished; 1 with the reasons otherwise."""
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="guichet-i18n-") as tmp:
        for language in LANGUAGES:
            committed = ts_path(root, language)
            if not committed.exists():
                problems.append(f"{committed.relative_to(root)} manquant")
                continue
            fresh = Path(tmp) / committed.name
            shutil.copy2(committed, fresh)
            lupdate(root, language, fresh)
            if fresh.read_bytes() != committed.read_bytes():
                problems.append(
                    f"{committed.relative_to(root)} n'est pas à jour avec le code : "
                    "lancez « tools/i18n_qt.py update », puis traduisez les nouveaux textes"
                )
            for gap in gaps(fresh, language):
                problems.append(f"{committed.name} [{gap.context}] {gap.source!r} : {gap.why}")
            problems += _compiled_drift(committed, Path(tmp))
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("command", choices=("update", "compile", "check"))
    parser.add_argument("--root", type=Path, default=ROOT, help="the source tree (the installers' clean copy)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "update":
        return update(root)
    if args.command == "compile":
        return compile_all(root)
    return check(root)


if __name__ == "__main__":
    sys.exit(main())
