"""The electors register: import from an REU-like CSV extract and matching of the parties named by counters.

CSV layout (UTF-8, `;`-separated, one header line; documented in docs/SYNC.md):
`nne;nom_naissance;nom_usage;prenoms;sexe;date_naissance;type_liste;code_inscription;libelle_inscription`
with `date_naissance` as JJ/MM/AAAA, `prenoms` separated by spaces, and `type_liste` one of
LP (liste principale, communale), LCM / LCE (complémentaires municipale / européenne), LCME (both), LEC (consulaire),
NC (Nouvelle-Calédonie).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, bindparam, delete, insert, or_, select, tuple_, update

from central.db import among
from central.schema import electors, sequencer
from desktop.givenfile import MB, read_given
from desktop.rules.names import fold_name
from desktop.rules.textlimits import (
    GIVEN_NAME_MAX,
    GIVEN_NAMES_MAX,
    GIVEN_NAMES_TEXT_MAX,
    PLACE_MAX,
    SURNAME_MAX,
    text_fault,
)
from desktop.rules.types import ListKind
from desktop.sync.wire import Identity

# A register is read in memory, about 2 KB per elector (docs/DEPLOYMENT.md): 2 GB of CSV (some 20 million electors)
# would want 40 GB; what is larger is not a register extract (a disk image, a link to a device), refused unread.
REGISTER_MAX_BYTES = 2048 * MB

LIST_CODES = {
    "LP": ListKind.COMMUNALE,
    "LCM": ListKind.COMPLEMENTAIRE_MUN,
    "LCE": ListKind.COMPLEMENTAIRE_EUR,
    "LCME": ListKind.COMPLEMENTAIRE_MUN_EUR,
    "LEC": ListKind.CONSULAIRE,
    "NC": ListKind.NC,
}
T = TypeVar("T")
HEADER = [
    "nne",
    "nom_naissance",
    "nom_usage",
    "prenoms",
    "sexe",
    "date_naissance",
    "type_liste",
    "code_inscription",
    "libelle_inscription",
]
_NNE = re.compile(r"^[0-9]{8,9}$")
EARLIEST_BIRTH = date(1900, 1, 1)


class RegisterError(ValueError):
    """The register file is malformed (the message gives the line number, never the person)."""


@dataclass(frozen=True, slots=True)
class Registered:
    """An elector as the register knows them."""

    nne: str
    nom: str
    nom_usage: str | None
    prenoms: tuple[str, ...]
    date_naissance: date
    list_kind: ListKind
    code_inscription: str
    libelle_inscription: str


# How names and places are compared: the counter's own fold (desktop/rules/names.py), so the central store and the
# counters see the same person under every spelling (upper case, no accent, « Œ » as « OE », Cyrillic and Greek
# look-alikes as Latin letters, one space for any run of punctuation). Cached, with an ASCII fast path (issue 21).
norm = fold_name


def _text_fault(cells: Sequence[str]) -> str | None:
    """Why the texts of a line cannot be registered (the wire's limits, no control character), or None."""
    _, nom, nom_usage, prenoms, _, _, _, code, libelle = cells
    for label, value, limit in (
        ("nom", nom, SURNAME_MAX),
        ("nom d'usage", nom_usage, SURNAME_MAX),
        ("code d'inscription", code, PLACE_MAX),
        ("libellé d'inscription", libelle, PLACE_MAX),
    ):
        fault = text_fault(value, limit=limit)
        if fault:
            return f"{label} : {fault}"
    names = prenoms.split()
    fault = text_fault(prenoms, limit=GIVEN_NAMES_TEXT_MAX)
    if fault:
        return f"prénoms : {fault}"
    if len(names) > GIVEN_NAMES_MAX or any(len(n) > GIVEN_NAME_MAX for n in names):
        return f"prénoms : {GIVEN_NAMES_MAX} prénoms de {GIVEN_NAME_MAX} caractères au plus"
    return None


def parse_csv(text: str, *, today: date | None = None) -> list[dict[str, Any]]:
    """Parse and validate the CSV text into rows for the electors table (an empty register is refused)."""
    if not text.strip("\ufeff \r\n\t"):
        raise RegisterError("fichier vide : le registre n'est pas modifié")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise RegisterError(f"ligne {line} : caractère nul interdit")
    latest = today or date.today()
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    try:
        header = next(reader, None)
        if header is None or [h.strip().lower() for h in header] != HEADER:
            raise RegisterError(f"ligne 1 : en-tête du registre inattendu ({header_hint(header, HEADER)})")
        rows: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        for number, cells in numbered(reader):
            rows += _parse_line(cells, number, seen, latest)
    except csv.Error:
        raise RegisterError(f"ligne {reader.line_num} : ligne CSV illisible (guillemets, champ trop long)") from None
    if not rows:
        raise RegisterError("aucun électeur dans le fichier (en-tête seul) : le registre n'est pas modifié")
    return rows


def numbered(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """A csv reader's records, each with the line it starts on (a quoted field may hold line breaks)."""
    start = reader.line_num + 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def _parse_line(cells: list[str], number: int, seen: dict[str, int], latest: date) -> list[dict[str, Any]]:
    """One register line as a row ([] for a blank line); raises RegisterError with the line number."""
    if not cells or all(not c.strip() for c in cells):
        return []
    if len(cells) != len(HEADER):
        raise RegisterError(
            f"ligne {number} : {len(cells)} champ(s) au lieu de {len(HEADER)} (séparateur attendu : point-virgule ; "
            "un texte contenant « ; » doit être entre guillemets)"
        )
    nne, nom, nom_usage, prenoms, sexe, naissance, liste, code, libelle = (c.strip() for c in cells)
    if not _NNE.match(nne):
        raise RegisterError(f"ligne {number} : champ nne : NNE invalide (8 ou 9 chiffres)")
    if nne in seen:
        raise RegisterError(f"ligne {number} : champ nne : NNE en double (déjà ligne {seen[nne]})")
    seen[nne] = number
    for field, value in (
        ("nom_naissance", nom),
        ("prenoms", prenoms),
        ("code_inscription", code),
        ("libelle_inscription", libelle),
    ):
        if not value:
            raise RegisterError(f"ligne {number} : champ {field} vide")
    if sexe not in ("M", "F"):
        raise RegisterError(f"ligne {number} : champ sexe invalide (M ou F)")
    if liste not in LIST_CODES:
        raise RegisterError(f"ligne {number} : champ type_liste invalide ({', '.join(LIST_CODES)})")
    fault = _text_fault([nne, nom, nom_usage, prenoms, sexe, naissance, liste, code, libelle])
    if fault:
        raise RegisterError(f"ligne {number} : {fault}")
    try:
        born = datetime.strptime(naissance, "%d/%m/%Y").date()
    except ValueError:
        raise RegisterError(f"ligne {number} : champ date_naissance invalide (JJ/MM/AAAA)") from None
    if not EARLIEST_BIRTH <= born <= latest:
        raise RegisterError(f"ligne {number} : champ date_naissance impossible (future ou avant 1900)")
    return [
        {
            "nne": nne,
            "nom": nom,
            "nom_usage": nom_usage or None,
            "prenoms": " ".join(prenoms.split()),
            "date_naissance": born,
            "sexe": sexe,
            "list_kind": LIST_CODES[liste].value,
            "code_inscription": code,
            "libelle_inscription": libelle,
            "nom_key": norm(nom),
            "nom_usage_key": norm(nom_usage) or None,
        }
    ]


def read_utf8(path: Path, error: type[ValueError] = RegisterError) -> str:
    """A file's text in UTF-8 (with or without BOM); other bytes (Excel's Windows-1252) raise `error` naming the
    line, since a register's names would be misread if guessed. Over REGISTER_MAX_BYTES, a FIFO or a device is
    refused before reading (desktop.givenfile.GivenFileError, an OSError)."""
    raw = read_given(path, limit=REGISTER_MAX_BYTES)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # « Texte Unicode »: no line of it is readable
        raise error(
            "ligne 1 : fichier enregistré en UTF-16 (« Texte Unicode ») : enregistrez-le au format « CSV UTF-8 »"
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise error(
            f"ligne {line} : octets qui ne sont pas de l'UTF-8 (fichier enregistré en Windows-1252 ou Latin-1 ?) : "
            "enregistrez-le au format « CSV UTF-8 »"
        ) from None


def header_hint(header: Sequence[str] | None, expected: Sequence[str]) -> str:
    """What the operator reads about a refused header line: the expected columns, and why this one differs."""
    want = ";".join(expected)
    if header and len(header) == 1 and "," in header[0]:
        return f"séparateur attendu : point-virgule, pas la virgule ; attendu : {want}"
    if header and sorted(h.strip().lower() for h in header) == sorted(expected):
        return f"colonnes dans un autre ordre ; attendu, dans cet ordre : {want}"
    return f"attendu : {want}"


def import_electors(conn: Connection, path: Path, *, replace: bool = True) -> int:
    """Load a register file (replacing the previous register by default); returns the number of electors."""
    rows = parse_csv(read_utf8(path))
    if replace:
        conn.execute(delete(electors))
    for start in range(0, len(rows), 1000):
        conn.execute(insert(electors), rows[start : start + 1000])
    return len(rows)


# The version of the fold `nom_key` and `nom_usage_key` hold, in the sequencer's row `name_fold`. None (no row): the
# central store's own fold before the names had one (« Œ », Cyrillic and Greek letters read as spaces), and no usage
# key. Raise it whenever desktop/rules/names.py folds a name otherwise: the next start re-keys the register.
NAME_FOLD_VERSION = 1
NAME_FOLD_ROW = "name_fold"


class RegisterFromNewerVersion(RuntimeError):
    """The register was keyed by a newer guichet-central's fold of names: this node would match names otherwise (a
    party it does not find is refused, R-PARTY-2) and, re-keying it back, break the newer nodes' matching. It does
    not start."""

    def __init__(self, have: int) -> None:
        super().__init__(
            f"le registre des électeurs a été indexé par une version plus récente de guichet-central (pli des noms "
            f"n° {have}, n° {NAME_FOLD_VERSION} pour celle-ci) : ce nœud ne démarre pas, pour ne pas le réindexer à "
            "l'ancienne ni refuser des électeurs qu'il ne trouverait pas. Installez la version des autres nœuds."
        )
        self.have = have


def rekey_electors(conn: Connection, *, chunk: int = 5000) -> int:
    """Key every elector's names with the current fold if the register was keyed with an older one (a migration, run
    by `db.create_schema` under its lock: every node keys the same way); returns how many electors were re-keyed.
    A register a newer version keyed is left as it is: `RegisterFromNewerVersion` (a node of before restarted during
    a rolling update re-keyed the whole register back to its fold, under the schema lock)."""
    have = conn.execute(select(sequencer.c.value).where(sequencer.c.name == NAME_FOLD_ROW)).scalar()
    if have == NAME_FOLD_VERSION:
        return 0
    if have is not None and int(have) > NAME_FOLD_VERSION:
        raise RegisterFromNewerVersion(int(have))
    rekey = (
        update(electors)
        .where(electors.c.nne == bindparam("k_nne"))
        .values(nom_key=bindparam("k_nom"), nom_usage_key=bindparam("k_usage"))
    )
    done, last = 0, ""
    while True:
        page = select(electors.c.nne, electors.c.nom, electors.c.nom_usage).where(electors.c.nne > last)
        rows = conn.execute(page.order_by(electors.c.nne).limit(chunk)).all()
        if not rows:
            break
        keys = [{"k_nne": nne, "k_nom": norm(nom), "k_usage": norm(usage or "") or None} for nne, nom, usage in rows]
        conn.execute(rekey, keys)
        done, last = done + len(rows), rows[-1][0]
    if have is None:
        conn.execute(insert(sequencer).values(name=NAME_FOLD_ROW, value=NAME_FOLD_VERSION))
    else:
        conn.execute(update(sequencer).where(sequencer.c.name == NAME_FOLD_ROW).values(value=NAME_FOLD_VERSION))
    return done


_LIST_KINDS = {kind.value: kind for kind in ListKind}
# What `resolve` reads of an elector, unpacked by position: an attribute of SQLAlchemy's `Row` is a failed look-up
# caught and retried by name, about a microsecond each on the apply path (issue 21).
_READ = (
    electors.c.nne,
    electors.c.nom,
    electors.c.nom_usage,
    electors.c.prenoms,
    electors.c.date_naissance,
    electors.c.list_kind,
    electors.c.code_inscription,
    electors.c.libelle_inscription,
    electors.c.nom_key,
    electors.c.nom_usage_key,
)


def _registered(values: Sequence[Any]) -> tuple[Registered, tuple[str, ...]]:
    """The elector of a row of `_READ`, and the keys of their names (birth name, usage name if any)."""
    nne, nom, nom_usage, prenoms, born, list_kind, code, libelle, nom_key, usage_key = values
    found = Registered(nne, nom, nom_usage, tuple(prenoms.split()), born, _LIST_KINDS[list_kind], code, libelle)
    return found, (nom_key,) if usage_key is None or usage_key == nom_key else (nom_key, usage_key)


def _same_person(who: Identity, reg: Registered, *, check_place: bool) -> bool:
    """The counter's identity agrees with the register (name, first given name, birth date, place if asked)."""
    if who.date_naissance != reg.date_naissance:
        return False
    if norm(who.nom) not in {norm(reg.nom), norm(reg.nom_usage or reg.nom)}:
        return False
    if not who.prenoms or not reg.prenoms or norm(who.prenoms[0]).split()[:1] != norm(reg.prenoms[0]).split()[:1]:
        return False
    if check_place and who.inscription is not None:
        return norm(who.inscription) in {norm(reg.code_inscription), norm(reg.libelle_inscription)}
    return True


def resolve(conn: Connection, people: Sequence[Identity]) -> list[Registered | None]:
    """Match each identity against the register in two queries: by NNE, else by name and birth date (R-CHAN-A-2)."""
    return [found[0] if len(found) == 1 else None for found in _candidates(conn, people)]  # ambiguous is unknown


def _candidates(conn: Connection, people: Sequence[Identity]) -> list[list[Registered]]:
    """Every elector of the register each identity may be (`resolve`'s two queries): none, one, or several."""
    nnes = sorted({p.nne for p in people if p.nne})
    by_nne: dict[str, Registered] = {}
    for chunk in _chunks(nnes, 500):
        for row in conn.execute(select(*_READ).where(among(conn, electors.c.nne, chunk))):
            elector, _ = _registered(row)
            by_nne[elector.nne] = elector
    pairs = sorted({(norm(p.nom), p.date_naissance) for p in people if not p.nne})
    # By birth name or usage name (R-CHAN-A-2: « nom » is either); an elector found under both is one elector.
    by_name: dict[tuple[str, date], dict[str, Registered]] = {}
    for chunk_pairs in _chunks(pairs, 300):
        query = select(*_READ).where(
            or_(
                tuple_(electors.c.nom_key, electors.c.date_naissance).in_(chunk_pairs),
                tuple_(electors.c.nom_usage_key, electors.c.date_naissance).in_(chunk_pairs),
            )
        )
        for row in conn.execute(query):
            elector, keys = _registered(row)
            for key in keys:
                by_name.setdefault((key, elector.date_naissance), {})[elector.nne] = elector
    out: list[list[Registered]] = []
    for p in people:
        if p.nne:
            reg = by_nne.get(p.nne)
            out.append([reg] if reg is not None and _same_person(p, reg, check_place=False) else [])
        else:
            candidates = by_name.get((norm(p.nom), p.date_naissance), {}).values()
            out.append([r for r in candidates if _same_person(p, r, check_place=True)])
    return out


# The splits tried for one typed name: a surname and given names hold at most a dozen words between them.
TYPED_SPLITS_MAX = 12


def resolve_typed(conn: Connection, person: Identity) -> Registered | None:
    """A person searched by name at a counter (a look-up, not a procuration's party): as the station split it first;
    when the register knows no such elector, the same words split elsewhere between surname and given names (a
    station that read « LE GALL Yann » as the surname « LE »). One elector found that way is the answer; two are as
    good as none, as in `resolve`. One access-log line, as one look-up: the splits are of the words sent.

    Only when the split sent names nobody: had it named two electors (two « MARTIN Paul » born that day), another
    split's one elector (« MARTIN PAUL » André) is not the person the agent asked for, and their procurations are
    not this look-up's to show (R-DATA-3)."""
    words = [word for part in (person.nom, *person.prenoms) for word in part.split()]
    sent = len(person.nom.split())
    splits = [
        person.model_copy(update={"nom": " ".join(words[:k]), "prenoms": (" ".join(words[k:]),)})
        for k in range(1, min(len(words), TYPED_SPLITS_MAX + 1))
        if k != sent
    ]
    sent_found, *found = _candidates(conn, [person, *splits])
    if sent_found:
        return sent_found[0] if len(sent_found) == 1 else None
    # Every elector any other split names: a split naming two, beside another naming one, is three people.
    elsewhere = {reg.nne: reg for candidates in found for reg in candidates}
    return next(iter(elsewhere.values())) if len(elsewhere) == 1 else None


def _chunks(items: Sequence[T], size: int) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
