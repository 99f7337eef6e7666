"""Station-signed anchors kept on the central store: one way to check, compare, insert and read them back, for the
audit anchors (`central.security`) and the retention start anchors (`central.security_keys`) alike."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, insert, select

from central.security_tables import SecurityError, aware, station_keys
from desktop.security.anchors import Anchor, verify_anchor


def check_signed(conn: Connection, station_id: str, anchor: Anchor) -> None:
    """Refuse (403) an anchor not signed by the key this station registered."""
    key = conn.execute(select(station_keys.c.public_key).where(station_keys.c.station_id == station_id)).first()
    if key is None or not verify_anchor(bytes(key.public_key), anchor):
        raise SecurityError(403, "Ancre non signée par la clé de ce poste.")


def same_anchor(conn: Connection, table: Table, station_id: str, anchor: Anchor, *, conflict: str) -> bool:
    """True when this very anchor is already kept (a harmless retry); a different one under its seq is refused."""
    kept = conn.execute(select(table.c.mac).where(table.c.station_id == station_id, table.c.seq == anchor.seq)).first()
    if kept is None:
        return False
    if kept.mac != anchor.mac.hex():
        raise SecurityError(409, conflict)
    return True


def insert_anchor(conn: Connection, table: Table, station_id: str, anchor: Anchor, now: datetime) -> None:
    conn.execute(
        insert(table).values(
            station_id=station_id,
            seq=anchor.seq,
            station_code=anchor.station_code,
            mac=anchor.mac.hex(),
            at=anchor.at,
            received_at=now,
            signature=base64.b64encode(anchor.signature).decode("ascii"),
        )
    )


def anchor_of_row(row: Any, *, checkpoint: bool = False) -> Anchor:
    """The anchor a kept row stands for."""
    return Anchor(
        station_code=row.station_code,
        seq=row.seq,
        mac=bytes.fromhex(row.mac),
        at=aware(row.at),
        signature=base64.b64decode(row.signature),
        checkpoint=checkpoint,
    )
