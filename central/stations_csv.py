"""The stations file of bulk enrolment: `code;libelle[;...]`, header required; every bad line reported at once."""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from desktop.cli.french import os_error
from desktop.givenfile import MB, read_given
from desktop.rules.spreadsheet import safe_row
from desktop.rules.terms import PlaceKind
from desktop.rules.textlimits import desk_forbidden, wire_forbidden
from desktop.settings_values import STATION_CODE_MAX_BYTES, shown_code, station_code_ok

DELIMITER = ";"
REQUIRED = ("code", "libelle")
# Optional: the kind of place (desktop.rules.terms.PlaceKind: commissariat, consulat…). Given, the central store
# says where the station's acts are established (France or abroad) and refuses one the station says otherwise.
KIND = "type"
KINDS = tuple(kind.value for kind in PlaceKind)
ADDED = ("jeton", "expire_le")
# What a station's settings take (desktop/settings_values.validate): a longer code made a token no station could
# redeem (session 25; the file took 64 characters).
MAX_CODE = STATION_CODE_MAX_BYTES  # bytes of UTF-8
MAX_LABEL = 200
# 100,000 stations of 160 characters: what is larger is not a stations file. A 50 MB file of bad lines took 3 GB of
# memory and 26 s listing nine million errors nobody reads.
MAX_FILE_BYTES = 16 * MB
MAX_SHOWN = 30  # an administrator fixes a file from the first errors; thousands of lines help nobody


class StationsFileError(Exception):
    """The file is refused; `errors` are French sentences, each starting with its line number."""

    def __init__(self, errors: list[str]) -> None:
        shown = errors[:MAX_SHOWN]
        if len(errors) > MAX_SHOWN:
            shown.append(f"… et {len(errors) - MAX_SHOWN} autre(s) erreur(s).")
        super().__init__("\n".join(shown))
        self.errors = errors


@dataclass(frozen=True, slots=True)
class StationLine:
    """One station of the file, with every column as read (kept for the output file)."""

    line: int
    code: str
    label: str
    values: tuple[str, ...]
    place_kind: str | None = None


@dataclass(frozen=True, slots=True)
class StationsFile:
    header: tuple[str, ...]
    stations: tuple[StationLine, ...]


def _decode(raw: bytes) -> str:
    # Spreadsheets on Windows save "CSV (point-virgule)" in Windows-1252, « Texte Unicode » in UTF-16 with its BOM
    # (read as Windows-1252, its header was refused as missing); everything else sends UTF-8.
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_stations(path: Path) -> StationsFile:
    """Parse and check the whole file; raises StationsFileError listing every bad line."""
    try:
        text = _decode(read_given(path, limit=MAX_FILE_BYTES))
    except OSError as exc:
        raise StationsFileError([f"Fichier {path} illisible : {os_error(exc)}"]) from None
    return parse_stations(text)


def parse_stations(text: str) -> StationsFile:
    """The same checks on text already read."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=DELIMITER, strict=False)
    try:
        rows = list(reader)
    except csv.Error:  # not strict, its one error: a field over csv.field_size_limit(), as an unclosed quote makes
        raise StationsFileError(
            [
                f"ligne {reader.line_num} : champ de plus de {csv.field_size_limit()} caractères, "
                "sans doute un guillemet jamais refermé : corrigez cette ligne."
            ]
        ) from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise StationsFileError(
            ["ligne 1 : en-tête attendu (au moins « code;libelle », séparés par des points-virgules)."]
        )
    header = tuple(_column(cell) for cell in rows[0])
    errors: list[str] = []
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        columns = ", ".join(f"« {name} »" for name in missing)
        errors.append(f"ligne 1 : colonne(s) {columns} absente(s) de l'en-tête (attendu au moins : code;libelle).")
    for name in ADDED:
        if name in header:
            errors.append(f"ligne 1 : la colonne « {name} » est ajoutée par la commande : retirez-la du fichier.")
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
    if duplicated:
        errors.append(f"ligne 1 : colonne(s) en double : {', '.join(duplicated)}.")
    if errors:
        raise StationsFileError(errors)
    code_at, label_at = header.index("code"), header.index("libelle")
    kind_at = header.index(KIND) if KIND in header else None
    seen: dict[str, int] = {}
    stations: list[StationLine] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank lines (a trailing one is common)
        if len(row) != len(header):
            errors.append(
                f"ligne {number} : {len(row)} champ(s) au lieu de {len(header)} "
                "(séparateur attendu : point-virgule ; un libellé contenant « ; » doit être entre guillemets)."
            )
            continue
        code, label = row[code_at].strip(), row[label_at].strip()
        kind = row[kind_at].strip().lower() if kind_at is not None else ""
        line_errors = _check(number, code, label)
        if kind and kind not in KINDS:
            line_errors.append(
                f"ligne {number} : type « {kind[:40]} » inconnu (attendu : {', '.join(KINDS)}, ou vide)."
            )
        if not line_errors and code in seen:
            line_errors.append(f"ligne {number} : le code « {code} » figure déjà ligne {seen[code]}.")
        if line_errors:
            errors.extend(line_errors)
            continue
        seen[code] = number
        stations.append(StationLine(number, code, label, tuple(cell.strip() for cell in row), kind or None))
    if not errors and not stations:
        errors.append("Aucun poste dans le fichier : une ligne par poste après l'en-tête.")
    if errors:
        raise StationsFileError(errors)
    return StationsFile(header=header, stations=tuple(stations))


def _column(name: str) -> str:
    """Header names compare without case or accents: "Libellé" is "libelle"."""
    decomposed = unicodedata.normalize("NFKD", name.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _check(number: int, code: str, label: str) -> list[str]:
    errors: list[str] = []
    if not code:
        errors.append(f"ligne {number} : code du poste vide.")
    elif not station_code_ok(code):
        shown = shown_code(code[:64])  # an invisible character made visible
        errors.append(
            f"ligne {number} : code du poste « {shown} » invalide (lettres sans accent, chiffres, « - », « _ », "
            f"« . », une lettre ou un chiffre en premier, {MAX_CODE} octets au plus : il figure dans chaque numéro "
            "de récépissé, comme le réglage station_code du poste)."
        )
    if not label:
        errors.append(f"ligne {number} : libellé du poste vide.")
    elif len(label) > MAX_LABEL:
        errors.append(f"ligne {number} : libellé du poste trop long ({len(label)} caractères, {MAX_LABEL} au plus).")
    # What the wire refuses in a text (NUL among them, which PostgreSQL refuses too): the station sends its code as
    # the label of its enrolment (EnrolRequest), and the label is shown on the national page. Nor an invisible or
    # direction-changing character, as the counter refuses them in a name: « Commissariat de \u202eSNEL » read
    # « Commissariat de LENS » on the national page and in the tokens file.
    if any(wire_forbidden(c) for c in code):  # an invisible one makes it invalid (station_code_ok), said above
        errors.append(f"ligne {number} : caractère de contrôle interdit dans le code du poste (tabulation…).")
    if any(desk_forbidden(c) for c in label):
        errors.append(
            f"ligne {number} : caractère de contrôle, invisible ou de direction interdit dans le libellé du poste "
            "(tabulation, espace sans largeur, inversion du sens d'écriture…)."
        )
    return errors


def label_fault(label: str) -> str | None:
    """Why a station label typed on the command line (`enrol LABEL`) is refused, in French, or None: the checks a
    stations file's label gets (length, no control character)."""
    faults = [fault.removeprefix("ligne 0 : ") for fault in _check(0, "x", label.strip()) if "libellé" in fault]
    return faults[0] if faults else None


def render_tokens(stations: StationsFile, issued: dict[str, tuple[str, str]]) -> bytes:
    """The output file: the input's columns plus `jeton;expire_le` (UTF-8, `;`), in the input's order; a cell that a
    spreadsheet would run as a formula (`=…`, `+…`, `-…`, `@…`) is written with a leading `'` (CSV injection)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(safe_row([*stations.header, *ADDED]))
    for station in stations.stations:
        token, expires = issued[station.code]
        writer.writerow(safe_row([*station.values, token, expires]))
    return out.getvalue().encode("utf-8")
