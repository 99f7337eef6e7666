"""Local search among N procurations (default 1,000,000) in a temporary encrypted store.

Measures the desk service's search (``DeskServices.search``: audited, with history rows) by name prefix and by
NNE, next to raw SQL on the same indexes in the same run; prints median and p95 in milliseconds.

Run: ``.venv/bin/python bench/search.py [--count 1000000] [--queries 300]``. Fictitious people only.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.devices.printers.fake import NullPrinter
from desktop.models.db import Store, open_store
from desktop.models.ids import uuid7
from desktop.models.keys import StaticKeyProvider
from desktop.receipts.signing import StationSigner
from desktop.services.context import ActingAgent, ServiceContext, load_calendar
from desktop.services.desk import DeskServices, SearchQuery
from desktop.services.permissions import Principal
from desktop.services.procurations import search_key
from desktop.settings import Settings


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


def generate(store: Store, count: int, seed: int = 7) -> tuple[list[str], list[tuple[str, date]]]:
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
    return sample_nnes, sample_names


def timed(fn: Callable[[], object], runs: list[float]) -> None:
    start = time.perf_counter()
    fn()
    runs.append((time.perf_counter() - start) * 1000)


def summary(label: str, runs: list[float]) -> str:
    ordered = sorted(runs)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{label:<42} median {statistics.median(ordered):7.2f} ms   p95 {p95:7.2f} ms   (n={len(ordered)})"


RAW_BY_NAME = """
SELECT p.id, p.receipt_number, p.status, m.last_name, d.last_name FROM procurations p
JOIN electors m ON m.id = p.mandant_id JOIN electors d ON d.id = p.mandataire_id
WHERE p.mandant_id IN (SELECT id FROM electors WHERE search_name >= ? AND search_name < ? ORDER BY search_name
                       LIMIT 25)
   OR p.mandataire_id IN (SELECT id FROM electors WHERE search_name >= ? AND search_name < ? ORDER BY search_name
                          LIMIT 25)
ORDER BY p.established_at DESC LIMIT 200"""
RAW_BY_NNE = """
SELECT p.id, p.receipt_number, p.status, m.last_name, d.last_name FROM procurations p
JOIN electors m ON m.id = p.mandant_id JOIN electors d ON d.id = p.mandataire_id
WHERE p.mandant_id IN (SELECT id FROM electors WHERE nne = ?) OR p.mandataire_id IN (SELECT id FROM electors
                                                                                     WHERE nne = ?)
ORDER BY p.established_at DESC LIMIT 200"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="guichet-bench-search-"))
    store = open_store(work / "bench.db", StaticKeyProvider(b"\x42" * 32))
    t0 = time.perf_counter()
    nnes, people = generate(store, args.count)
    print(f"generated {args.count:,} procurations in {time.perf_counter() - t0:.1f} s ({work / 'bench.db'})")
    actor = Principal("75056-01", "bench", role="agent_police", capacity="OPJ", station_kind="commissariat")
    desk = DeskServices(
        ServiceContext(
            settings=Settings(data_dir=work),
            store=store,
            agent=ActingAgent(actor, "Bench"),
            calendar=load_calendar(),
            printer=NullPrinter(),
            signer=StationSigner(key_id="BNCH", private_key=Ed25519PrivateKey.generate(), identity_key=b"b" * 32),
            digest_key=b"b" * 32,
        )
    )
    rng = random.Random(11)
    name_queries = [(key[: rng.choice((3, 4, 5, 6))], born) for key, born in people]
    full_name_queries = [(key, born) for key, born in people]
    results: dict[str, list[float]] = {
        k: [] for k in ("svc_prefix", "svc_prefix_dob", "svc_nne", "raw_prefix", "raw_nne")
    }
    raw = store.engine.raw_connection()
    conn = raw.driver_connection
    assert conn is not None
    for i in range(args.queries):
        prefix, _born = name_queries[i % len(name_queries)]
        full, full_born = full_name_queries[i % len(full_name_queries)]
        nne = nnes[i % len(nnes)]
        timed(
            lambda p=prefix: desk.search(SearchQuery(p.lower()), include_central=False),  # type: ignore[misc]
            results["svc_prefix"],
        )
        timed(
            lambda f=full, b=full_born: desk.search(SearchQuery(f[:8], b), include_central=False),  # type: ignore[misc]
            results["svc_prefix_dob"],
        )
        timed(
            lambda n=nne: desk.search(SearchQuery(n), include_central=False),  # type: ignore[misc]
            results["svc_nne"],
        )
        hi = prefix + "\U0010ffff"
        timed(
            lambda p=prefix, h=hi: conn.execute(RAW_BY_NAME, (p, h, p, h)).fetchall(),  # type: ignore[misc]
            results["raw_prefix"],
        )
        timed(lambda n=nne: conn.execute(RAW_BY_NNE, (n, n)).fetchall(), results["raw_nne"])  # type: ignore[misc]
    raw.close()
    print(summary("service, name prefix (3-6 letters)", results["svc_prefix"]))
    print(summary("service, name prefix + birth date", results["svc_prefix_dob"]))
    print(summary("service, NNE", results["svc_nne"]))
    print(summary("raw SQL, name prefix (same index)", results["raw_prefix"]))
    print(summary("raw SQL, NNE (same index)", results["raw_nne"]))
    store.close()


if __name__ == "__main__":
    main()
