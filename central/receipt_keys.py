"""Stations' receipt keys: one station per key id, and the signed list a third party trusts (GET receipt-keys).

A receipt names its station's key by a 4-character id derived from the key (desktop/receipts/keys.derive_key_id),
and a trusted-keys file holds one key per id. The central store therefore refuses a station's key whose id another
station's key already holds (active or revoked: a revoked id is refused whatever key signs under it), and publishes,
signed by its anchor key, every key of a station that is neither revoked nor enrolled without the administrator's
word for its code (desktop/receipts/published.py has the format; docs/SECURITY.md « Published receipt keys »).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import APIRouter, Request, Response
from sqlalchemy import Connection, Engine, func, select, update

from central import lineage
from central.db import lock_keys
from central.edge import errors
from central.schema import enrolment_tokens, stations
from central.security_tables import SecurityError, aware, station_keys
from desktop.receipts.keys import derive_key_id
from desktop.receipts.published import MAX_PUBLISHED_KEYS, sign_document, unsigned_document
from desktop.receipts.signing import receipt_station_code
from desktop.sync.wire.check import canonical_json
from desktop.sync.wire.security import PublishedReceiptKeys

log = logging.getLogger("guichet.central.receipt_keys")
KEY_ID_TAKEN = "cle_prise"  # the Refusal's `error` code the desk acts on (desktop/sync/anchoring.py)
CACHE_SECONDS = 300


class KeyIdTaken(SecurityError):
    """A station's receipt key whose id another station's key holds: the desk draws a new key and sends it."""

    def __init__(self, key_id: str) -> None:
        super().__init__(
            409,
            f"L'identifiant de clé de récépissé {key_id} est déjà celui de la clé d'une autre station : "
            "ce poste doit tirer une nouvelle clé de récépissé et l'enregistrer à nouveau "
            "(Guichet le fait seul à la synchronisation suivante).",
        )
        self.key_id = key_id


def fill_key_ids(conn: Connection) -> None:
    """Older rows (before key ids were kept) get theirs: derived from the key, as the station derives it."""
    rows = conn.execute(
        select(station_keys.c.station_id, station_keys.c.public_key).where(station_keys.c.key_id.is_(None))
    )
    for row in rows.all():
        conn.execute(
            update(station_keys)
            .where(station_keys.c.station_id == row.station_id)
            .values(key_id=derive_key_id(bytes(row.public_key)))
        )


def require_free_key_id(conn: Connection, *, station_id: str, public_key: bytes) -> str:
    """The key's id, once no other station's key holds it (KeyIdTaken otherwise); locks the id till the commit."""
    key_id = derive_key_id(public_key)
    lock_keys(conn, [f"receipt-key-id|{key_id}"])  # two stations drawing one id at once: the second sees the first
    holders = conn.execute(
        select(station_keys.c.station_id, station_keys.c.public_key, stations.c.revoked_at)
        .join(stations, stations.c.id == station_keys.c.station_id, isouter=True)
        .where(station_keys.c.key_id == key_id, station_keys.c.station_id != station_id)
    ).all()
    earlier = lineage.ancestors(conn, station_id)
    for holder in holders:
        # The same counter enrolled again keeps its laptop and its key: its earlier id's own key, not revoked, is
        # taken again (one key, one code: published once). Anything else is refused: another station's key (pushed
        # by a station that read it, or drawn by chance), the same code's other laptop (its receipts stay published
        # under that id, and a verifier holds one key per id), a revoked station's (every receipt under a revoked
        # id reads « révoquée », whatever key signed it).
        same_counter = holder.station_id in earlier and bytes(holder.public_key) == public_key
        if not same_counter or holder.revoked_at is not None:
            raise KeyIdTaken(key_id)
    return key_id


@dataclass(frozen=True, slots=True)
class _Row:
    key_id: str
    public_key: bytes
    code: str | None
    revoked: bool
    changed: datetime


def _rows(conn: Connection) -> list[_Row]:
    # The code is the one the administrator issued the station's bulk token for (central/enrolment.py): a station
    # enrolled with the shared secret names itself, and its word would bind its key to any town's code.
    # One grouped pass over the tokens, joined: a correlated sub-query per key took 65 s for 20,000 keys on SQLite.
    codes = (
        select(enrolment_tokens.c.station_id, func.min(enrolment_tokens.c.station_code).label("code"))
        .where(enrolment_tokens.c.station_id.is_not(None))
        .group_by(enrolment_tokens.c.station_id)
        .subquery()
    )
    query = (
        select(
            station_keys.c.key_id,
            station_keys.c.public_key,
            station_keys.c.registered_at,
            stations.c.revoked_at,
            codes.c.code,
        )
        .select_from(station_keys)
        .join(stations, stations.c.id == station_keys.c.station_id)
        .join(codes, codes.c.station_id == station_keys.c.station_id, isouter=True)
        .where(station_keys.c.key_id.is_not(None))
        .order_by(station_keys.c.key_id, station_keys.c.station_id)
        .limit(MAX_PUBLISHED_KEYS + 1)
    )
    out = []
    for r in conn.execute(query):
        moments = [aware(r.registered_at)] + ([aware(r.revoked_at)] if r.revoked_at is not None else [])
        out.append(_Row(str(r.key_id), bytes(r.public_key), r.code, r.revoked_at is not None, max(moments)))
    return out


def published_document(engine: Engine) -> dict[str, Any]:
    """The trusted keys and the revoked ids, not signed yet: the same for the same store, whoever asks."""
    with engine.connect() as conn:
        rows = _rows(conn)
    if len(rows) > MAX_PUBLISHED_KEYS:
        raise SecurityError(503, "Trop de clés de station à publier : prévenez l'administrateur du répertoire central.")
    by_id: dict[str, list[_Row]] = {}
    for r in rows:
        by_id.setdefault(r.key_id, []).append(r)
    revoked = {kid for kid, group in by_id.items() if any(r.revoked for r in group)}
    keys = {}
    for kid, group in by_id.items():
        raws, codes = {r.public_key for r in group}, {r.code for r in group}
        # One key and one code the administrator gave (the same counter enrolled again is one key): else nothing
        # is published under the id (two keys kept before ids were checked; a station that named itself).
        if kid not in revoked and len(raws) == 1 and len(codes) == 1 and group[0].code is not None:
            keys[kid] = (group[0].public_key, receipt_station_code(group[0].code))
    as_of = max((r.changed for r in rows), default=datetime(2000, 1, 1, tzinfo=UTC))
    return unsigned_document(keys=keys, revoked=revoked, as_of=as_of)


def fingerprint(engine: Engine) -> tuple[Any, ...]:
    """What changes whenever the published list may: keys registered, stations revoked (a station's code is fixed
    when its token is redeemed, before it can send a key)."""
    with engine.connect() as conn:
        keys = conn.execute(select(func.count(), func.max(station_keys.c.registered_at))).one()
        revoked = conn.execute(
            select(func.count(), func.max(stations.c.revoked_at)).where(stations.c.revoked_at.is_not(None))
        ).one()
    return (*keys, *revoked)


def add_routes(
    router: APIRouter, engine: Engine, *, signer: Ed25519PrivateKey, run: Callable[[Callable[[], Any]], Any]
) -> None:
    """GET /receipt-keys: public, read-only, the same bytes (and ETag) until a key is registered or revoked."""

    documented: dict[int | str, dict[str, Any]] = {
        200: {"model": PublishedReceiptKeys, "description": "clés de station et identifiants révoqués, signés"},
        304: {"description": "inchangé depuis l'ETag donné (If-None-Match)"},
        **errors(503),
    }

    kept: dict[tuple[Any, ...], tuple[bytes, str]] = {}

    def answer() -> tuple[bytes, str]:
        # Anyone may ask, often: the list is built again only when a key was registered or a station revoked
        # (20,000 keys take about a second to build on SQLite, the fingerprint a few milliseconds).
        mark = fingerprint(engine)
        found = kept.get(mark)
        if found is None:
            document = sign_document(published_document(engine), signer)
            body = (canonical_json(document) + "\n").encode("utf-8")
            found = (body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
            kept.clear()
            kept[mark] = found
        return found

    @router.get("/receipt-keys", name="receipt_keys", response_class=Response, responses=documented)
    def receipt_keys(request: Request) -> Response:
        """The stations' receipt keys and the revoked ids, signed by the anchor key (GET /v1/security/anchor-key)."""
        body, tag = run(answer)
        headers = {"ETag": tag, "Cache-Control": f"public, max-age={CACHE_SECONDS}"}
        if request.headers.get("if-none-match") == tag:
            return Response(status_code=304, headers=headers)
        return Response(body, media_type="application/json", headers=headers)
