"""The gettext catalogs of the messages built outside Qt (rules, services, command lines): extract, update, compile,
check.

    python tools/i18n_gettext.py extract   # desktop/**.py -> desktop/resources/locale/guichet.pot (Babel)
    python tools/i18n_gettext.py update    # the .pot -> each <lang>/LC_MESSAGES/guichet.po (new entries empty)
    python tools/i18n_gettext.py compile   # each .po -> guichet.mo beside it (standard library only)
    python tools/i18n_gettext.py check     # fails when the .pot lags the code or a translation is missing/fuzzy

``--root`` points at another checkout (the drift test runs the check on a temporary copy). Keywords: ``_``,
``ngettext`` (singular, plural) and ``N_``. The template is written without locations or dates that matter: ``check``
compares the messages only, so moving a line never fails it. ``compile`` needs no Babel: the installers' build
environments (requirements/build.txt) run it before PyInstaller.
"""

from __future__ import annotations

import argparse
import ast
import struct
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from string import Formatter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Babel is a dev tool: imported only where extract, update and check need it
    from babel.messages.catalog import Catalog

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = "guichet"
LANGUAGES = ("en",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
# The receipts are a legal French document and never call _(); the views translate through Qt (tr(), .ts/.qm).
SKIPPED = ("desktop/receipts/",)
# But for the passport case's step titles (N_), which the Renouvellements screen shows in the agent's language, and
# the published keys' refusals, which `guichet receipt trust` says in the user's.
KEPT = ("desktop/receipts/keys.py", "desktop/receipts/next_steps.py", "desktop/receipts/published.py")


def locale_dir(root: Path) -> Path:
    return root / "desktop" / "resources" / "locale"


def template_path(root: Path) -> Path:
    return locale_dir(root) / f"{DOMAIN}.pot"


def po_path(root: Path, language: str) -> Path:
    return locale_dir(root) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def sources(root: Path) -> Iterator[Path]:
    for path in sorted((root / "desktop").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if "__pycache__" not in rel and (not rel.startswith(SKIPPED) or rel in KEPT):
            yield path


def extracted(root: Path) -> Catalog:
    """Every message of the code, as a Babel catalog without locations."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file

    catalog = Catalog(project="Guichet", domain=DOMAIN, charset="utf-8", fuzzy=False)
    for path in sources(root):
        for _line, message, _comments, _context in extract_from_file(
            "python", str(path), keywords=KEYWORDS, strip_comment_tags=True
        ):
            if isinstance(message, tuple) and len(message) == 1:
                message = message[0]
            if not message or (isinstance(message, tuple) and not all(message)):
                continue
            catalog.add(message)
    return catalog


def _ids(catalog: Catalog) -> set[Any]:
    return {m.id for m in catalog if m.id}


def write_catalog(path: Path, catalog: Catalog) -> None:
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        write_po(stream, catalog, width=120, no_location=True, omit_header=False, sort_output=True)


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    from babel.messages.pofile import read_po

    with path.open("rb") as stream:
        return read_po(stream, locale=locale, domain=DOMAIN)


def extract(root: Path) -> int:
    catalog = extracted(root)
    write_catalog(template_path(root), catalog)
    print(f"{template_path(root).relative_to(root)} : {len(_ids(catalog))} messages")
    return 0


def update(root: Path) -> int:
    template = read_catalog(template_path(root))
    for language in LANGUAGES:
        path = po_path(root, language)
        if path.exists():
            catalog = read_catalog(path, language)
        else:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale=language, project="Guichet", domain=DOMAIN, charset="utf-8", fuzzy=False)
        # No fuzzy matching: a new message stays empty (check fails) until someone translates it.
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        catalog.fuzzy = False
        write_catalog(path, catalog)
        print(f"{path.relative_to(root)} : {len(_ids(catalog))} messages")
    return 0


def _fields(text: str) -> set[str]:
    """The replacement fields of a str.format() message ({count}, {label}…): msgid and msgstr must name the same."""
    try:
        return {name for _lit, name, _spec, _conv in Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<malformed>"}


def problems(root: Path) -> list[str]:
    """What is wrong with the catalogs: a stale template, a missing, empty, fuzzy or ill-formed translation."""
    out: list[str] = []
    code = _ids(extracted(root))
    if not template_path(root).exists():
        return [f"{template_path(root).relative_to(root)} absent : lancez « tools/i18n_gettext.py extract »"]
    template = _ids(read_catalog(template_path(root)))
    for missing in sorted(map(str, code - template)):
        out.append(f"guichet.pot en retard sur le code : {missing!r} (lancez extract puis update)")
    for stale in sorted(map(str, template - code)):
        out.append(f"guichet.pot garde un message disparu du code : {stale!r} (lancez extract puis update)")
    for language in LANGUAGES:
        path = po_path(root, language)
        if not path.exists():
            out.append(f"{path.relative_to(root)} absent (lancez update)")
            continue
        catalog = read_catalog(path, language)
        by_id = {m.id: m for m in catalog if m.id}
        for msgid in sorted(code, key=str):
            message = by_id.get(msgid)
            if message is None:
                out.append(f"{language} : message absent {msgid!r} (lancez update puis traduisez)")
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings):
                out.append(f"{language} : traduction vide {msgid!r}")
            elif message.fuzzy:
                out.append(f"{language} : traduction à revoir (fuzzy) {msgid!r}")
            else:
                ids = msgid if isinstance(msgid, tuple) else (msgid,)
                wanted = set().union(*(_fields(i) for i in ids))
                for text in strings:
                    if _fields(str(text)) != wanted:
                        out.append(f"{language} : champs {{…}} différents de l'original {msgid!r}")
                        break
        out += _compiled_drift(path)
    return out


def _compiled_drift(po: Path) -> list[str]:
    """The committed .mo against what its .po compiles to now (a wheel ships the committed one)."""
    mo = po.with_suffix(".mo")
    with tempfile.TemporaryDirectory(prefix="guichet-mo-") as tmp:
        fresh = Path(tmp) / mo.name
        write_mo(parse_po(po.read_text(encoding="utf-8")), fresh)
        if mo.exists() and mo.read_bytes() == fresh.read_bytes():
            return []
    return [f"{mo.name} n'est pas compilé depuis {po.name} : lancez « tools/i18n_gettext.py compile » et committez-le"]


def check(root: Path) -> int:
    found = problems(root)
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        print(f"{len(found)} problème(s) dans les catalogues gettext.", file=sys.stderr)
        return 1
    print("Catalogues gettext à jour et complets.")
    return 0


# --- compile: a .po reader and .mo writer in the standard library (the build environments carry no Babel) ---


def _unquote(text: str) -> str:
    return str(ast.literal_eval(text))  # a .po string is a C-like quoted string; Python reads the same escapes


def parse_po(text: str) -> dict[str, str]:
    """A .po file as {msgid (plural forms joined by NUL): msgstr (forms joined by NUL)}; fuzzy and empty entries left
    out (gettext then falls back to the French source)."""
    entries: dict[str, str] = {}
    fields: dict[str, list[str]] = {}
    section: str | None = None
    fuzzy = False

    def flush() -> None:
        nonlocal fields, section, fuzzy
        if "msgid" in fields and not fuzzy:
            msgid = "".join(fields["msgid"])
            if "msgid_plural" in fields:
                msgid += "\0" + "".join(fields["msgid_plural"])
                forms = sorted((k for k in fields if k.startswith("msgstr[")), key=lambda k: int(k[7:-1]))
                msgstr = "\0".join("".join(fields[k]) for k in forms)
            else:
                msgstr = "".join(fields.get("msgstr", []))
            if msgstr.replace("\0", "") or not msgid:
                entries[msgid] = msgstr
        fields, section, fuzzy = {}, None, False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if section is not None and section.startswith("msgstr"):
                flush()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            continue
        if line.startswith('"'):
            if section is not None:
                fields[section].append(_unquote(line))
            continue
        keyword, _space, rest = line.partition(" ")
        if keyword == "msgid" and section is not None and section.startswith("msgstr"):
            flush()
        section = keyword
        fields.setdefault(keyword, []).append(_unquote(rest))
    flush()
    return entries


def write_mo(entries: dict[str, str], path: Path) -> None:
    """GNU .mo format (little-endian, no hash table): what gettext.GNUTranslations reads."""
    keys = sorted(entries)
    ids = [k.encode("utf-8") for k in keys]
    strs = [entries[k].encode("utf-8") for k in keys]
    header_size = 7 * 4
    table = header_size + 2 * 8 * len(keys)
    offsets_ids, offsets_strs, blob = [], [], b""
    for data in ids:
        offsets_ids.append((len(data), table + len(blob)))
        blob += data + b"\0"
    for data in strs:
        offsets_strs.append((len(data), table + len(blob)))
        blob += data + b"\0"
    out = struct.pack("<7I", 0x950412DE, 0, len(keys), header_size, header_size + 8 * len(keys), 0, 0)
    out += b"".join(struct.pack("<2I", *o) for o in offsets_ids)
    out += b"".join(struct.pack("<2I", *o) for o in offsets_strs)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".mo.tmp")
    tmp.write_bytes(out + blob)
    tmp.replace(path)


def compile_catalogs(root: Path) -> int:
    for language in LANGUAGES:
        po = po_path(root, language)
        if not po.exists():
            print(f"{po.relative_to(root)} absent", file=sys.stderr)
            return 1
        entries = parse_po(po.read_text(encoding="utf-8"))
        write_mo(entries, po.with_suffix(".mo"))
        print(f"{po.with_suffix('.mo').relative_to(root)} : {len(entries) - ('' in entries)} messages")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Catalogues gettext de Guichet (messages hors Qt).")
    parser.add_argument("command", choices=("extract", "update", "compile", "check"))
    parser.add_argument("--root", type=Path, default=ROOT, help="racine du projet (par défaut : ce dépôt)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    commands = {"extract": extract, "update": update, "compile": compile_catalogs, "check": check}
    return commands[args.command](root)


if __name__ == "__main__":
    raise SystemExit(main())
