"""After retention, no trace: a realistic day at a counter and a consulate, pushed to the central store, then the
clock moves past every retention period, both purges run, and the station syncs again. Then an auditor holding every
key looks for the people of that day everywhere (R-DATA-2, R-DATA-6):

- the desk's store opened with its key: every table and column (reflected, so a new table is searched too);
- the desk's encrypted file and its WAL decrypted page by page: free pages and old WAL frames keep what SQL no
  longer shows unless `secure_delete` zeroes them and the WAL is emptied;
- the desk's folders (receipts, logs, temp, preferences);
- the central store, on SQLite (its file too) and on PostgreSQL: every table and column.

A person of the day who still has a live procuration keeps it (and is not searched); everyone else must be gone.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from central import retention as central_retention
from central.auth import enrol_station
from central.db import create_schema, make_engine
from central.embedded import load_demo_data
from central.register import import_electors
from central.schema import procurations
from central.security import create_security_schema
from desktop.context import AppContext, purge_expired
from desktop.models import IssuedReceipt, Procuration
from desktop.rules.ivote import Credential
from desktop.services.desk import DeskServices, EstablishInput, PersonInput
from desktop.services.ivote import IvoteService
from desktop.sync.client import CentralClient, Credentials
from desktop.sync.worker import SyncWorker

from .atrestkit import Secret, date_forms, leaks
from .forensickit import decrypted_pages, decrypted_wal, found_in, found_in_rows, table_rows
from .test_at_rest import (
    IVOTE_EMAIL,
    IVOTE_NUMIC,
    MANDANT,
    MANDATAIRE,
    REVOKING,
    SECOND,
    Station,
    _connect,
    _open_counter,
    _procurations,
    _push,
    consulate_case,
    secrets,
    station_on,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "central"))
from centralkit import pg  # noqa: F401  (the PostgreSQL cluster fixture)

LIVE = PersonInput(nne="583920174", last_name="VELOCIRAPTORIX", given_names="Anselme", birth_date=date(1958, 3, 9))


@dataclass
class Central:
    engine: Engine
    sqlite_file: Path | None


def _register(engine: Engine, path: Path) -> None:
    """The day's people are on the electoral lists (R-PARTY-1): their procurations are validated, as most are."""
    lines = ["nne;nom_naissance;nom_usage;prenoms;sexe;date_naissance;type_liste;code_inscription;libelle_inscription"]
    for who in (MANDANT, MANDATAIRE, REVOKING, SECOND, LIVE):
        assert who.birth_date is not None
        lines.append(f"{who.nne};{who.last_name};;{who.given_names};F;{who.birth_date:%d/%m/%Y};LP;75056;Paris")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with engine.begin() as conn:
        import_electors(conn, path, replace=False)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Central]:
    folder = tmp_path / "central"
    folder.mkdir()
    if request.param == "sqlite":
        file: Path | None = folder / "central.sqlite3"
        url = f"sqlite:///{file}"
    else:
        file, url = None, request.getfixturevalue("pg").database()
    engine = make_engine(url)
    create_schema(engine)
    create_security_schema(engine)
    load_demo_data(engine)
    _register(engine, folder / "register.csv")
    yield Central(engine, file)
    engine.dispose()


@pytest.fixture
def station(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, central: Central) -> Iterator[Station]:
    with station_on(central.engine, tmp_path, monkeypatch) as made:
        yield made


LATER = datetime(2028, 6, 1, 12, 0, tzinfo=UTC)  # presidentielle-2027 (25 April 2027) + a year is past


def _live_procuration(desk: DeskServices) -> str:
    """MANDATAIRE of the day's purged procuration gives one of their own, valid a year: it must stay."""
    today = desk.today()  # the station's day (R-TIME-1): from 23:00 UTC, Paris is a day ahead of the machine's date
    form = EstablishInput(
        mandant=MANDATAIRE,
        mandataire=LIVE,
        validity_kind="DUREE",
        valid_from=today,
        valid_until=today + timedelta(days=360),
    )
    kept = desk.establish(form)
    assert kept.saved, kept.violations
    assert kept.procuration_id
    return kept.procuration_id


def _consulate(station: Station, app: AppContext) -> None:
    """A passport renewal through its 8 steps (closed) and an internet-vote credential, at a consulate (same disk)."""
    consulate = consulate_case(station, app)
    passports, cid, at, ctx, start = (
        consulate.passports, consulate.case_id, consulate.at, consulate.ctx, consulate.start
    )  # fmt: skip
    at["now"] = start + timedelta(days=30)
    assert passports.record_shipment(cid, on=date(2026, 3, 5)).ok
    assert passports.record_reception(cid, on=date(2026, 3, 10)).ok
    assert passports.record_ants_confirmation(cid, on=date(2026, 3, 11)).ok
    closed = passports.record_return(cid, on=date(2026, 3, 25))
    assert closed.ok and closed.case is not None and closed.case.summary.status == "cloture", closed
    ivote = IvoteService(ctx)
    got = ivote.request_renewal(numic=IVOTE_NUMIC, email=IVOTE_EMAIL, renew=frozenset({Credential.IDENTIFIANT}))
    assert got.ok and got.receipt_number, got
    assert ivote.print_receipt(got.receipt_number).printed


def _later(app: AppContext, when: datetime) -> None:
    app.clock.now = lambda: when  # type: ignore[method-assign]


def _wanted(receipts: list[str]) -> list[Secret]:
    """Everyone of the day but MANDATAIRE (a live procuration of their own), and the purged records' receipts."""
    keep = {MANDATAIRE.last_name, MANDATAIRE.nne, *MANDATAIRE.given_names.split()}
    keep |= {f for f in date_forms(MANDATAIRE.birth_date.isoformat())} if MANDATAIRE.birth_date else set()
    out = [s for s in secrets() if s.text not in keep]
    return out + [Secret("récépissé", n) for n in receipts]


def _unregistered(wanted: list[Secret]) -> list[Secret]:
    """What the central store's file may not show: the register's rows show the registered people's names, so for
    them the file is searched for what only an entry's body writes (`"nom":"…"`, `"nne":"…"`)."""
    registered = {MANDANT, REVOKING, SECOND}
    texts = {t for who in registered for t in (who.last_name, who.nne, *who.given_names.split())}
    texts |= {t for who in registered if who.birth_date for t in date_forms(who.birth_date.isoformat())}
    out = [s for s in wanted if s.text not in texts]
    for who in registered:
        assert who.birth_date is not None
        out += [Secret("corps", f'"nom":"{who.last_name}"'), Secret("corps", f'"nne":"{who.nne}"')]
        out += [Secret("corps", f'"date_naissance":"{who.birth_date.isoformat()}"')]
    return out


def _pg_files(engine: Engine, wanted: list[Secret]) -> list[str]:
    """The files of every table of the database (heap and TOAST), read from the cluster's data folder after a
    CHECKPOINT: the old row versions an UPDATE left are there until VACUUM takes them."""
    out = []
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("CHECKPOINT"))
        folder = Path(conn.execute(text("SHOW data_directory")).scalar_one())
        rels = conn.execute(
            text(
                "SELECT c.relname, pg_relation_filepath(c.oid) FROM pg_class c JOIN pg_namespace n "
                "ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'pg_toast') AND c.relkind IN ('r', 't')"
            )
        ).all()
    for name, rel in rels:
        for f in sorted(folder.glob(rel + "*")):
            if name != "electors":
                out += [f"{name} {f.name}: {h}" for h in found_in(f.read_bytes(), wanted)]
    return out


def _receipts(app: AppContext) -> list[str]:
    with app.store.read() as s:
        return list(s.scalars(select(IssuedReceipt.number)))


def _search(app: AppContext, central: Central, station: Station, wanted: list[Secret]) -> list[str]:
    key = app.store.engine.info_key_ref[0]  # type: ignore[attr-defined]
    problems = [f"poste {h}" for h in found_in_rows(table_rows(app.store.engine), wanted)]
    db = station.settings.database_path
    problems += [f"poste, fichier déchiffré: {h}" for h in found_in(decrypted_pages(db, key), wanted)]
    wal = db.with_name(db.name + "-wal")
    problems += [f"poste, WAL déchiffré: {h}" for h in found_in(decrypted_wal(wal, key), wanted)]
    problems += [f"poste, dossiers: {f}" for f in leaks(station.roots, wanted)]
    # The electoral register is the register's data, not a procuration's (docs/SECURITY.md, Retention).
    central_rows = table_rows(central.engine, skip=["electors"])
    problems += [f"central {h}" for h in found_in_rows(central_rows, wanted)]
    if central.sqlite_file is None:
        problems += [f"central, fichier PostgreSQL {h}" for h in _pg_files(central.engine, _unregistered(wanted))]
    if central.sqlite_file is not None:
        in_file = _unregistered(wanted)
        for f in sorted(central.sqlite_file.parent.glob("central.sqlite3*")):
            problems += [f"central, fichier {f.name}: {h}" for h in found_in(f.read_bytes(), in_file)]
    return problems


def test_after_retention_nothing_of_the_day_is_left_anywhere(station: Station, central: Central, qapp: object) -> None:
    opj, app = _open_counter(station)
    try:
        client = _connect(station, app)
        desk = DeskServices(app.services())
        _procurations(desk)
        purged_receipts = _receipts(app)
        live = _live_procuration(desk)
        _consulate(station, app)
        purged_receipts += [n for n in _receipts(app) if n.startswith(("RPD", "VPI"))]
        _push(app, client)
        _push(app, client)
        wanted = _wanted(purged_receipts)
        assert app.store.checkpoint()
        before = " ".join(_search(app, central, station, wanted))  # the search finds the day where it is
        for place in ("poste outbox", "poste, fichier déchiffré", "central entries", "central, fichier"):
            assert place in before, place
        # The central store purges first; the station's next sync must bring nothing back to it.
        central_retention.purge(central.engine, calendar=app.calendar, now=LATER)
        _later(app, LATER)
        _push(app, client)
        purge_expired(app)  # the station's next start
        _push(app, client)
        purge_expired(app)
        # PostgreSQL: the replaced row versions stay in its files until `purge --compact` rewrites the tables.
        central_retention.compact(central.engine)
        problems = _search(app, central, station, wanted)
        assert problems == [], "\n".join(problems)
        with app.store.read() as s:  # the live procuration and its people stay whole
            kept = s.get(Procuration, live)
            assert kept is not None and kept.mandant.last_name == MANDATAIRE.last_name
        with central.engine.connect() as conn:
            row = conn.execute(select(procurations.c.mandant_key).where(procurations.c.id == live)).one()
            assert row.mandant_key == f"nne:{MANDATAIRE.nne}"
        # The station enrolled again keeping its store (desktop/sync/recovery.py `rebind`): it sends its history
        # once more, where the purged acts are only « {"purge": true} »: none may be set aside as unreadable (the
        # agent read a refusal for each), and nothing comes back to either side.
        again = enrol_station(central.engine, label="Commissariat test")
        client = CentralClient(
            "http://testserver", Credentials(again.station_id, again.token), transport=station.central._transport
        )
        app.closers.append(client.close)
        _push(app, client)
        assert SyncWorker(app.store, client, app.clock, actor=app.actor).status().refused == ()
        problems = _search(app, central, station, wanted)
        assert problems == [], "\n".join(problems)
    finally:
        app.close()
        opj.result.store.close()
