"""Look-ups among N procurations (10,000, 100,000 and 1,000,000 by default) in a temporary encrypted store.

Measures the desk service's search (``DeskServices.search``: audited, with history rows) by NNE, name prefix, name
prefix with birth date and receipt number, next to its baseline in the same run: the same SQL on the same indexes
(``desktop/services/lookup_local.py``) run raw on the driver, without the rows' history, the Python values or the
audit event. Each figure: p95 (goal ≤ 5 ms) and the median against the raw SQL's (goal ≤ 1.5×).

Each query runs on both paths, in turn first (``--service-first``: the service always first, as before 1 December:
the second path then found the query's pages in the OS cache, read from disk by the first).

Floor figures say what a look-up pays whatever it finds, next to the cheapest look-up's raw SQL (a receipt
number: one B-tree probe): the look-ups' kept connection (lookup_connection.py; since wave 2, session 6, what a
receipt number pays), the pooled read snapshot (checkout, BEGIN, ROLLBACK, return: what every look-up paid before;
a look-up by person still pays its BEGIN and ROLLBACK), and one sealed line of the consultation journal. Their goal,
≤ 0.5× that probe, is what the 1.5× goal leaves for them: above it, the receipt number's 1.5× cannot be met.
A cold file comes first (`measure_cold`): the store's file dropped from the OS cache (``posix_fadvise``), as after
a reboot, then the store opened with new connections and a share of the queries run through the service and as raw
SQL; in every other round the login's warm-up (desktop/services/warm_up.py) reads the file in first, timed. Figures:
the warm-up's time, and each look-up's p95 from the cold file, without and with the warm-up, next to the raw SQL's.

The look-ups still over 1.5× (a name prefix with a birth date, a receipt number) are also measured bare: the
service with its audit line and its rows' values switched off for that block (`measure_bare`, bench-only), next to
the raw SQL in the same way, to show what the service's path costs before them.

``--breakdown`` times the service's parts in the main phase's mix (`measure_breakdown`): the permission check, the
classification, the statements, the rows, the audit line, the notices, each look-up's sum per part, next to the
raw SQL of the same block: where the time over the raw SQL goes, as the counter's mix runs it (each part costs
two to three times what it costs in a loop of itself there: SQLite's page work between look-ups evicts the
interpreter's own data from the CPU's caches).

``--compare`` also times the service with its consultation committed directly (the path before the write-behind
journal, ``consultations.WRITE_BEHIND = False``): blocks of each path in turn, each next to its own raw SQL.

Generating a million procurations takes minutes: each store is kept in ``$TMPDIR/guichet-bench-search/`` and reused
by the next run (``--fresh`` to rebuild). Fictitious people only.
Run: ``.venv/bin/python bench/search.py [--counts 10000,100000,1000000] [--queries 300] [--compare]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _figures import Goal, figure, p95

from desktop.devices.printers.fake import NullPrinter
from desktop.models.db import Store, open_store
from desktop.models.ids import uuid7
from desktop.models.keys import StaticKeyProvider
from desktop.receipts.signing import StationSigner
from desktop.services import consultations, lookup_local
from desktop.services.consultation_writer import journal_for, settle
from desktop.services.context import ActingAgent, ServiceContext, load_calendar
from desktop.services.desk import DeskServices, SearchQuery
from desktop.services.lookup_connection import lookup_connection
from desktop.services.permissions import Principal
from desktop.services.procurations import search_key
from desktop.services.warm_up import read_into_cache
from desktop.settings import Settings
from desktop.sync.clock import StationClock

CACHE = Path(tempfile.gettempdir()) / "guichet-bench-search"
KEY = StaticKeyProvider(b"\x42" * 32)


def words(text: str) -> tuple[str, ...]:
    """A long list of names reads better as words."""
    return tuple(text.split())


SURNAMES = words(
    "MARTIN BERNARD THOMAS PETIT ROBERT RICHARD DURAND DUBOIS MOREAU LAURENT SIMON MICHEL LEFEBVRE LEROY "
    "ROUX DAVID BERTRAND MOREL FOURNIER GIRARD BONNET DUPONT LAMBERT FONTAINE ROUSSEAU VINCENT MULLER "
    "LEFEVRE FAURE ANDRE MERCIER BLANC GUERIN BOYER GARNIER CHEVALIER FRANCOIS LEGRAND GAUTHIER GARCIA "
    "PERRIN ROBIN CLEMENT MORIN NICOLAS HENRY ROUSSEL MATHIEU GAUTIER MASSON MARCHAND DUVAL DENIS DUMONT "
    "MARIE LEMAIRE NOEL MEYER DUFOUR MEUNIER BRUN BLANCHARD GIRAUD JOLY RIVIERE LUCAS BRUNET GAILLARD "
    "BARBIER ARNAUD MARTINEZ GERARD ROCHE RENARD SCHMITT ROY LEROUX COLIN VIDAL CARON PICARD ROGER FABRE "
    "AUBERT LEMOINE RENAUD DUMAS LACROIX OLIVIER PHILIPPE BOURGEOIS PIERRE BENOIT REY LECLERC PAYET "
    "ROLLAND LECLERCQ GUILLAUME LECOMTE LOPEZ JEAN DUPUY GUILLOT HUBERT BERGER CARPENTIER SANCHEZ"
)
GIVEN = words(
    "Jean Marie Pierre Michel Claire Sophie Luc Anne Louis Paul Julie Camille Nicolas Isabelle Thomas Emma "
    "Lucas Chloe Hugo Lea Jacques Monique Alain Nathalie Eric Sandrine Olivier Celine Philippe Valerie"
)


def names(rng: random.Random) -> tuple[str, str]:
    """A fictitious surname (sometimes double) and given names."""
    last = rng.choice(SURNAMES)
    if rng.random() < 0.15:
        last += "-" + rng.choice(SURNAMES)
    given = " ".join(rng.sample(GIVEN, rng.choice((1, 1, 2, 3))))
    return last, given


def elector_row(rng: random.Random, nne: str, now: str) -> tuple[object, ...]:
    """One row of `electors`."""
    last, given = names(rng)
    born = date(1930, 1, 1) + timedelta(days=rng.randrange(27000))
    return (uuid7(), nne, last, given, born.isoformat(), "communale", search_key(last, given), "saisie", now, 0)


def generate(store: Store, count: int, seed: int = 7) -> tuple[list[str], list[tuple[str, date]], list[str]]:
    """Bulk-insert `count` procurations with their electors and first history event; returns query samples."""
    rng = random.Random(seed)
    now = datetime(2026, 12, 1, 9, tzinfo=UTC)
    stamp = now.strftime("%Y-%m-%d %H:%M:%S.%f")
    raw = store.engine.raw_connection()
    conn = raw.driver_connection
    assert conn is not None
    mandataires = max(count // 2, 1)
    nnes = rng.sample(range(10_000_000, 999_999_999), count + mandataires)
    sample_nnes: list[str] = []
    sample_names: list[tuple[str, date]] = []
    sample_receipts: list[str] = []
    conn.execute("BEGIN")
    elector_sql = (
        "INSERT INTO electors (id, nne, last_name, given_names, birth_date, list_kind, search_name, "
        "identity_verified, created_at, eu_citizen) VALUES (?,?,?,?,?,?,?,?,?,?)"
    )
    mandataire_ids = []
    rows = [elector_row(rng, str(nnes[count + i]), stamp) for i in range(mandataires)]
    conn.executemany(elector_sql, rows)
    mandataire_ids = [str(r[0]) for r in rows]

    def procurations() -> Iterator[tuple[object, ...]]:
        for i in range(0, count, 50_000):
            batch = [elector_row(rng, str(nnes[j]), stamp) for j in range(i, min(i + 50_000, count))]
            conn.executemany(elector_sql, batch)
            for j, e in enumerate(batch):
                if rng.random() < 0.001:
                    sample_nnes.append(str(e[1]))
                    sample_names.append((str(e[6]), date.fromisoformat(str(e[4]))))
                    sample_receipts.append(f"GCH-BENCH-{i + j:09d}")
                at = (now - timedelta(minutes=i + j)).strftime("%Y-%m-%d %H:%M:%S.%f")
                yield (
                    uuid7(),
                    f"GCH-BENCH-{i + j:09d}",
                    e[0],
                    mandataire_ids[(i + j) % mandataires],
                    "cerfa_12668",
                    "commissariat",
                    "france",
                    "75056-01",
                    "agent",
                    "Agent",
                    "OPJ",
                    "SCRUTIN",
                    "presidentielle-2027",
                    "T1_T2",
                    0,
                    at,
                    "validee" if (i + j) % 3 else "provisoire",
                )

    proc_sql = (
        "INSERT INTO procurations (id, receipt_number, mandant_id, mandataire_id, channel, place_kind, "
        "established_in, station_code, agent_id, authority_name, authority_capacity, validity_kind, "
        "election_id, rounds, home_visit, established_at, status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
    )
    conn.executemany(proc_sql, procurations())
    conn.execute(
        "INSERT INTO procuration_events (procuration_id, at, status, source, note) "
        "SELECT id, established_at, status, 'guichet', NULL FROM procurations"
    )
    conn.execute("COMMIT")
    raw.close()
    return sample_nnes, sample_names, sample_receipts


def cached_store(count: int, fresh: bool) -> tuple[Store, dict[str, list]]:  # type: ignore[type-arg]
    """The store of `count` procurations and its query samples, generated once and kept for the next runs."""
    folder = CACHE / f"{count}"
    samples_file = folder / "samples.json"
    if fresh and folder.exists():
        shutil.rmtree(folder)
    if samples_file.exists():
        return open_store(folder / "bench.db", KEY), json.loads(samples_file.read_text())
    if folder.exists():
        shutil.rmtree(folder)  # a generation that did not finish
    folder.mkdir(parents=True)
    store = open_store(folder / "bench.db", KEY)
    t0 = time.perf_counter()
    nnes, people, receipts = generate(store, count)
    print(f"  generated {count:,} procurations in {time.perf_counter() - t0:.1f} s ({folder})", flush=True)
    samples = {"nne": nnes, "people": [(k, b.isoformat()) for k, b in people], "receipts": receipts}
    samples_file.write_text(json.dumps(samples))
    return store, samples


ACTOR = Principal("75056-01", "bench", role="agent_police", capacity="OPJ", station_kind="commissariat")
Cases = dict[str, list[tuple[str, str, date | None]]]  # label: (kind, text, birth date) of each query


def desk_over(store: Store, work: Path) -> DeskServices:
    """The desk as the application builds it: the station's corrected clock (desktop/context.py), not the wall's."""
    return DeskServices(
        ServiceContext(
            settings=Settings(data_dir=work),
            store=store,
            clock=StationClock().now,
            agent=ActingAgent(ACTOR, "Bench"),
            calendar=load_calendar(),
            printer=NullPrinter(),
            signer=StationSigner(key_id="BNCH", private_key=Ed25519PrivateKey.generate(), identity_key=b"b" * 32),
            digest_key=b"b" * 32,
        )
    )


def look_up_cases(samples: dict[str, list]) -> Cases:  # type: ignore[type-arg]
    rng = random.Random(11)
    people = [(key, date.fromisoformat(born)) for key, born in samples["people"]]
    return {
        "NNE": [("nne", n, None) for n in samples["nne"]],
        "name prefix": [("nom", k[: rng.choice((3, 4, 5, 6))], None) for k, _b in people],
        "name prefix + birth date": [("nom", k[: rng.choice((3, 4, 5, 6))], b) for k, b in people],
        "receipt number": [("recepisse", r, None) for r in samples["receipts"]],
    }


def drop_from_os_cache(path: Path) -> None:
    """Out of the OS cache, as after a reboot (clean pages only: the store was closed, its WAL checkpointed)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


COLD_ROUNDS = 4


def measure_cold(count: int, cases: Cases, queries: int) -> None:
    """Look-ups from a cold file (a fresh process after a reboot), with and without the login's warm-up.

    Each round drops the store's file from the OS cache and opens the store (new connections: empty page caches);
    in every other round the login's warm-up (desktop/services/warm_up.py) reads the file in first, timed. Then a
    share of the queries, each through the service and as raw SQL on a connection of its own, in turn first (the
    first one reads the query's pages from the disk for the other). Rounds alternate; the two kinds of round take
    the same queries."""
    if not hasattr(os, "posix_fadvise"):
        print("  cold file: no posix_fadvise here, not measured", flush=True)
        return
    database = CACHE / f"{count}" / "bench.db"
    per_round = max(queries // COLD_ROUNDS, 20)
    runs: dict[tuple[bool, bool], dict[str, list[float]]] = {  # (warmed up, service): label: times
        (warm, service): {label: [] for label in cases} for warm in (False, True) for service in (False, True)
    }
    warm_ups: list[float] = []
    for round_ in range(COLD_ROUNDS):
        warm = round_ % 2 == 1
        drop_from_os_cache(database)
        store = open_store(database, KEY)
        raw = store.engine.raw_connection()
        work = Path(tempfile.mkdtemp(prefix="guichet-bench-search-"))
        try:
            desk = desk_over(store, work)
            if warm:
                start = time.perf_counter()
                read_into_cache(database)  # what the login's background thread does
                warm_ups.append(time.perf_counter() - start)
            first = (round_ // 2) * per_round
            for i in range(first, first + per_round):
                for label, items in cases.items():
                    timed_pair(desk, raw.driver_connection, items[i % len(items)], runs[warm, True][label],
                               runs[warm, False][label], service_first=i % 2 == 0)  # fmt: skip
            settle(store, timeout=60)
        finally:
            raw.close()
            store.close()
            shutil.rmtree(work, ignore_errors=True)
    size = database.stat().st_size
    figure(f"store warm-up after a login, {count:,} ({size / 2**20:,.0f} MiB), whole file into the OS cache",
           warm_ups, unit="s", goal=Goal(at_most=5))  # fmt: skip
    for label in cases:
        for warm, state in ((False, "cold file"), (True, "cold file after the warm-up")):
            figure(f"look-up {count:,}, {label}, p95, {state}", p95(runs[warm, True][label]), unit="ms",
                   baseline=p95(runs[warm, False][label]), baseline_name="raw SQL p95",
                   goal=Goal(at_most=5))  # fmt: skip


def timed_pair(
    desk: DeskServices,
    conn: object,
    case: tuple[str, str, date | None],
    service_runs: list[float],
    raw_runs: list[float],
    *,
    service_first: bool,
) -> None:
    """One query through the service and as raw SQL, each timed into its list, in the order asked.

    Whoever runs a query first reads its pages from disk into the OS cache for the other: callers alternate the
    order, so each pays half of those reads (service always first made the raw SQL look 2-3x faster than it is)."""
    kind, text, born = case
    query = SearchQuery(text.lower() if kind == "nom" else text, born)
    # The raw SQL gets the prefix the service searches: the key of what was typed ("REY " is "REY").
    key, iso = (search_key(text) if kind == "nom" else text), (born.isoformat() if born else None)
    pair: list[Callable[[], None]] = [
        lambda: timed(lambda: desk.search(query, include_central=False), service_runs),
        lambda: timed(lambda: raw_lookup(conn, kind, key, iso), raw_runs),
    ]
    for run in pair if service_first else reversed(pair):
        run()


def timed(fn: Callable[[], object], runs: list[float]) -> None:
    start = time.perf_counter()
    fn()
    runs.append((time.perf_counter() - start) * 1000)


def raw_lookup(conn: object, kind: str, text: str, born: str | None) -> list[object]:
    """The service's own SQL, straight on the driver: electors, then their procurations with both names."""
    execute = conn.execute  # type: ignore[attr-defined]
    if kind == "recepisse":
        return list(execute(lookup_local.ROWS_BY_RECEIPT, (text,)).fetchall())
    if kind == "nne":
        people = execute(lookup_local.ELECTORS_BY_NNE, (text, lookup_local.MAX_ELECTORS)).fetchall()
    else:
        hi = text + "\U0010ffff"
        if born is None:
            sql, params = lookup_local.ELECTORS_BY_PREFIX, (text, hi, lookup_local.MAX_ELECTORS_PREFIX_ONLY)
        else:
            sql, params = lookup_local.ELECTORS_BY_PREFIX_BORN, (born, text, hi, lookup_local.MAX_ELECTORS)
        people = execute(sql, params).fetchall()
    ids = [p[0] for p in people]
    if not ids:
        return []
    return list(execute(lookup_local.rows_sql_for_people(len(ids)), ids + ids).fetchall())


def measure(
    count: int, queries: int, fresh: bool, compare: bool = False, service_first: bool = False, breakdown: bool = False
) -> None:
    store, samples = cached_store(count, fresh)
    store.close()
    cases = look_up_cases(samples)
    measure_cold(count, cases, queries)
    store = open_store(CACHE / f"{count}" / "bench.db", KEY)
    work = Path(tempfile.mkdtemp(prefix="guichet-bench-search-"))
    desk = desk_over(store, work)
    raw = store.engine.raw_connection()
    conn = raw.driver_connection
    service: dict[str, list[float]] = {label: [] for label in cases}
    baseline: dict[str, list[float]] = {label: [] for label in cases}
    direct: dict[str, list[float]] = {label: [] for label in cases}
    direct_raw: dict[str, list[float]] = {label: [] for label in cases}
    # --compare: blocks of each path in turn, each with its own raw runs (a direct commit empties every connection's
    # page cache, the raw one's included: mixed query by query, the two would share one cache state).
    phases = [True, False] * 3 if compare else [True]
    per_phase = queries * (2 if compare else 1) // len(phases)
    done = 0
    for phase, write_behind in enumerate(phases):
        consultations.WRITE_BEHIND = write_behind
        settle(store, timeout=60)
        s_out, b_out = (service, baseline) if write_behind else (direct, direct_raw)
        for i in range(-20 if phase < 2 else -5, per_phase):  # warm-up rounds, not counted
            for label, items in cases.items():
                s_runs, b_runs = (s_out[label], b_out[label]) if i >= 0 else ([], [])
                timed_pair(desk, conn, items[(done + i) % len(items)], s_runs, b_runs,
                           service_first=service_first or i % 2 == 0)  # fmt: skip
        done += per_phase
    consultations.WRITE_BEHIND = True
    bare = measure_bare(desk, conn, cases, queries)
    parts = measure_breakdown(desk, conn, cases, queries) if breakdown else None
    floors = measure_floor(store, ACTOR, queries)
    start = time.perf_counter()
    settled = settle(store, timeout=60)
    print(f"  journal moved into the audit chain {(time.perf_counter() - start) * 1000:.1f} ms after the last "
          f"look-up ({'complete' if settled else 'NOT complete'})", flush=True)  # fmt: skip
    raw.close()
    store.close()
    shutil.rmtree(work, ignore_errors=True)
    for label in cases:
        name = f"look-up {count:,}, {label}"
        figure(f"{name}, p95", p95(service[label]), unit="ms", baseline=p95(baseline[label]),
               baseline_name="raw SQL p95", goal=Goal(at_most=5))  # fmt: skip
        figure(f"{name}, median", service[label], unit="ms", baseline=baseline[label],
               baseline_name="raw SQL", goal=Goal(at_most=1.5, ratio=True))  # fmt: skip
        if compare:
            figure(f"{name}, p95, direct commit", p95(direct[label]), unit="ms",
                   baseline=p95(direct_raw[label]), baseline_name="raw SQL p95", goal=Goal(at_most=5))  # fmt: skip
            figure(f"{name}, median, direct commit", direct[label], unit="ms", baseline=direct_raw[label],
                   baseline_name="raw SQL", goal=Goal(at_most=1.5, ratio=True))  # fmt: skip

    for label in BARE_CASES:
        bare_runs, bare_raw = bare[label]
        figure(f"look-up {count:,}, {label}, median, floor: the service without its audit line and rows", bare_runs,
               unit="ms", baseline=bare_raw, baseline_name="raw SQL", goal=Goal(at_most=1.5, ratio=True))  # fmt: skip

    if parts is not None:
        for label, (by_part, raw_runs) in parts.items():
            for part, runs in by_part.items():
                figure(f"look-up {count:,}, {label}, in the mix: {part}", runs, unit="µs", baseline=raw_runs,
                       baseline_name="raw SQL, same block")  # fmt: skip

    probe = baseline["receipt number"]  # the cheapest look-up's raw SQL: one B-tree probe
    for what, runs in floors.items():
        figure(f"look-up {count:,}, floor: {what}", [r * 1000 for r in runs], unit="µs",
               baseline=[p * 1000 for p in probe],
               baseline_name="raw SQL, receipt number", goal=Goal(at_most=0.5, ratio=True))  # fmt: skip


# The look-ups whose median stays over 1.5x raw SQL: their service path measured bare, as a floor.
BARE_CASES = ("name prefix + birth date", "receipt number")


def measure_bare(
    desk: DeskServices, conn: object, cases: dict[str, list[tuple[str, str, date | None]]], queries: int
) -> dict[str, tuple[list[float], list[float]]]:
    """The service's own path around the SQL, next to the raw SQL, in the main phase's mix of look-ups: a floor.

    For this block only, the consultation's audit line is not written and the rows are not made into values (the
    product never runs so): what remains is the permission check, the classification, the kept connection, the
    statements and the result. Above 1.5x raw SQL here, no work on the audit line or the rows can meet the goal."""
    from desktop.services import lookup_local as local

    record, rows_of = consultations.record_consultation, local.rows_of
    consultations.record_consultation = lambda *_a, **_k: None
    local.rows_of = lambda *_a: []
    out: dict[str, tuple[list[float], list[float]]] = {label: ([], []) for label in cases}
    try:
        for i in range(-20, queries):
            for label, items in cases.items():
                s_runs, b_runs = out[label] if i >= 0 else ([], [])
                timed_pair(desk, conn, items[i % len(items)], s_runs, b_runs, service_first=i % 2 == 0)
    finally:
        consultations.record_consultation, local.rows_of = record, rows_of
    return out


# The service's parts (module, attribute, what it is), each timed in `measure_breakdown`; a part called twice in one
# look-up (a person's two statements) counts the sum. A wrapper costs ~0.3 µs, inside the parts that contain it.
BREAKDOWN_PARTS = (
    ("desktop.services.desk", "DeskServices.search", "the whole look-up"),
    ("desktop.services.guard", "require_audited", "the permission check"),
    ("desktop.services.lookup", "classify", "what was typed (classify)"),
    ("desktop.services.lookup", "search_store", "the store's part (search_store)"),
    ("desktop.services.lookup_local", "_fetch", "its SQL statements (_fetch)"),
    ("desktop.services.lookup_local", "rows_of", "its rows made into values (rows_of)"),
    ("desktop.services.consultations", "record_consultation", "the audit line (record_consultation)"),
    ("desktop.services.lookup", "_notices", "the notices (R-NC-4, R-ELIG-5)"),
)


def measure_breakdown(
    desk: DeskServices, conn: object, cases: Cases, queries: int
) -> dict[str, tuple[dict[str, list[float]], list[float]]]:
    """Each part of the service's path timed (µs) in the main phase's mix of look-ups, and the raw SQL (µs) beside.

    The functions are replaced by timed wrappers for this block only (bench-only); the service is otherwise the
    product's, audit line and rows included."""
    import importlib

    current: dict[str, float] = {}
    originals: list[tuple[object, str, object]] = []
    for module_name, attribute, part in BREAKDOWN_PARTS:
        owner: object = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for step in path:
            owner = getattr(owner, step)
        original = getattr(owner, name)
        originals.append((owner, name, original))

        def timed_part(
            *args: object, _fn: Callable[..., object] = original, _part: str = part, **kwargs: object
        ) -> object:
            start = time.perf_counter_ns()
            try:
                return _fn(*args, **kwargs)
            finally:
                current[_part] = current.get(_part, 0.0) + (time.perf_counter_ns() - start) / 1000

        setattr(owner, name, timed_part)
    out: dict[str, tuple[dict[str, list[float]], list[float]]] = {
        label: ({part: [] for *_m, part in BREAKDOWN_PARTS}, []) for label in cases
    }
    try:
        for i in range(-20, queries):
            for label, items in cases.items():
                current.clear()
                service_runs: list[float] = []
                raw_runs: list[float] = []
                timed_pair(desk, conn, items[i % len(items)], service_runs, raw_runs, service_first=i % 2 == 0)
                if i < 0:
                    continue
                by_part, raw = out[label]
                raw.append(raw_runs[0] * 1000)
                for part, runs in by_part.items():
                    runs.append(current.get(part, 0.0))
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
    return out


def measure_floor(store: Store, actor: Principal, queries: int) -> dict[str, list[float]]:
    """What a look-up pays whatever it finds: its connection (kept; pooled before), its consultation's sealed line.

    Each line is a real consultation event of the bench's store (detail ``critere=plancher``), moved into its chain."""
    journal = journal_for(store)
    runs: list[float] = []
    out = {"pooled read snapshot (checkout, BEGIN, ROLLBACK, return)": runs}
    for i in range(-queries, queries):  # the first half warms up
        start = time.perf_counter()
        with lookup_local.snapshot(store):
            pass
        if i >= 0:
            runs.append((time.perf_counter() - start) * 1000)
    kept = lookup_connection(store)
    held: list[float] = []
    out["kept look-up connection (lock, run, no statement)"] = held
    for i in range(-queries, queries):
        start = time.perf_counter()
        kept.run(_no_statement)
        if i >= 0:
            held.append((time.perf_counter() - start) * 1000)
    if journal is not None:
        now = datetime.now(UTC)
        line: list[float] = []
        out["one sealed journal line (seal, os.write)"] = line
        for _i in range(queries):
            timed(lambda: journal.append(actor=actor, action_name="consultation", now=now, record_kind="recherche",
                                         detail="critere=plancher;resultats=0"), line)  # fmt: skip
    return out


def _no_statement(_db: object) -> None:
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--counts", default="10000,100000,1000000", help="store sizes, comma-separated")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--fresh", action="store_true", help="generate the stores again")
    parser.add_argument("--compare", action="store_true", help="also time the direct commit (before the journal)")
    parser.add_argument("--breakdown", action="store_true", help="also time each part of the service in the mix")
    parser.add_argument(
        "--service-first", action="store_true", help="the service before the raw SQL at every query (before 1 Dec)"
    )
    args = parser.parse_args()
    for count in (int(c) for c in args.counts.split(",")):
        measure(count, args.queries, args.fresh, args.compare, args.service_first, args.breakdown)


if __name__ == "__main__":
    main()
