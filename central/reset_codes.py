"""Reset codes (seed 003): a single-use code sent out of band trades, once, for the station's database key sealed
from escrow to the asking station. Throttled per station and per agent; wrong guesses are counted before refusing."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, and_, case, func, insert, select, update

from central import lineage
from central.security_tables import SecurityError, agents, aware, escrows, reset_codes
from central.throttle import Limit, Limits, Throttled, hold_station
from desktop.security.keyslots import escrow_context, reset_context
from desktop.security.sealed import SealedBoxError, open_sealed, seal

if TYPE_CHECKING:
    from central.security import EscrowKeys

log = logging.getLogger("guichet.central.security")
RESET_TTL = timedelta(minutes=15)
RESET_MAX_ATTEMPTS = 5
RESET_MAX_FAILURES_PER_HOUR = 10  # wrong codes per agent and hour, over all its codes
RESET_MAX_CODES_PER_HOUR = 3  # codes issued per agent and hour (more requests get the same answer, no code)
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RESET_LIMIT = Limits().reset_codes
# Nodes' clocks agree within seconds: a code issued further after `now` than this was issued before a clock went back
# (an NTP step, a VM restored). It is refused: counted from a clock a day back, a code expired yesterday lived again.
ISSUED_AHEAD = timedelta(minutes=1)


def _own_first(station_id: str) -> tuple[Any, ...]:
    """A login both this station and an earlier id of its code enrolled (a new laptop's agents made again): this
    station's own agent first, then the latest enrolled."""
    return (case((agents.c.station_id == station_id, 0), else_=1), agents.c.enrolled_at.desc(), agents.c.id)


def _code_hash(agent_id: str, code: str) -> str:
    return hashlib.sha256(f"{agent_id}|{code.strip().upper()}".encode()).hexdigest()


def issue_reset_code(
    engine: Engine, *, station_id: str, identifier: str, now: datetime, limit: Limit = RESET_LIMIT
) -> tuple[str, str | None, str] | None:
    """A fresh single-use code for the agent named by login or e-mail: (agent id, e-mail, code), or None.

    Throttled: a station asking too often gets Throttled (429); an agent who already had `limit.per_agent` codes
    in the window gets none, silently (the answer must not tell whether the account exists).
    """
    wanted = identifier.strip().lower()
    since = now - limit.window
    with engine.begin() as conn:
        hold_station(conn, station_id)  # counted then inserted: one code at a time per station
        of_station = conn.execute(
            select(func.count())
            .select_from(reset_codes.join(agents, agents.c.id == reset_codes.c.agent_id))
            .where(lineage.of_kin(conn, agents.c.station_id, station_id), _within(since, now + limit.window))
        ).scalar_one()
        if of_station >= limit.per_station:
            raise Throttled(int(limit.window.total_seconds()))
        row = conn.execute(
            select(agents.c.id, agents.c.email)
            .where(
                lineage.of_kin(conn, agents.c.station_id, station_id),
                agents.c.active.is_(True),
                (agents.c.login == wanted) | (agents.c.email == wanted),
            )
            .order_by(*_own_first(station_id))
        ).first()
        if row is None:
            return None
        of_agent = conn.execute(
            select(func.count())
            .select_from(reset_codes)
            .where(reset_codes.c.agent_id == row.id, _within(since, now + limit.window))
        ).scalar_one()
        if of_agent >= limit.per_agent:
            log.info("reset code not issued for agent %s: too many in the window", row.id)
            return None
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
        # A new code voids the older ones: only the latest message works.
        conn.execute(
            update(reset_codes)
            .where(reset_codes.c.agent_id == row.id, reset_codes.c.used_at.is_(None))
            .values(used_at=now)
        )
        conn.execute(
            insert(reset_codes).values(
                agent_id=row.id,
                code_hash=_code_hash(row.id, code),
                created_at=now,
                expires_at=now + RESET_TTL,
                attempts=0,
            )
        )
    return str(row.id), row.email, code


def _within(since: datetime, until: datetime) -> Any:
    """Codes issued in (since, until]: one issued later was issued before this node's clock went back (not counted,
    or the agent had no code nor try left until the clock caught up)."""
    return and_(reset_codes.c.created_at > since, reset_codes.c.created_at <= until)


def _recent_failures(conn: Any, agent_id: str, now: datetime) -> int:
    """Wrong codes tried for this agent in the last hour, over all its codes (a used code's last try was right)."""
    rows = conn.execute(
        select(reset_codes.c.attempts, reset_codes.c.used_at).where(
            reset_codes.c.agent_id == agent_id, _within(now - timedelta(hours=1), now + timedelta(hours=1))
        )
    ).all()
    return sum(r.attempts for r in rows)  # only wrong codes count an attempt


def redeem_reset_code(
    engine: Engine, keys: EscrowKeys, *, station_id: str, login: str, code: str, ephemeral_public: bytes, now: datetime
) -> bytes:
    """Check the code, recover the station's database key from escrow, seal it for the station's request.

    The code is burned only once the sealed answer exists: a bad one-time key or an unreadable escrow copy leaves
    it usable (a wrong code still counts as an attempt).
    """
    invalid = SecurityError(403, "Code invalide ou expiré.")
    if len(ephemeral_public) != 32:
        raise SecurityError(422, "Clé éphémère invalide.")
    with engine.begin() as conn:
        # Read, judged and counted one at a time per station: guesses sent together counted as one or two on
        # PostgreSQL (each read the tries, then wrote tries + 1), past RESET_MAX_ATTEMPTS (audit of 6 December 2026).
        hold_station(conn, station_id)
        agent = conn.execute(
            select(agents.c.id)
            .where(
                lineage.of_kin(conn, agents.c.station_id, station_id),
                agents.c.login == login.strip().lower(),
                agents.c.active.is_(True),
            )
            .order_by(*_own_first(station_id))
        ).first()
        if agent is None:
            raise invalid
        pending = conn.execute(
            select(reset_codes).where(reset_codes.c.agent_id == agent.id, reset_codes.c.used_at.is_(None))
        ).first()
        if (
            pending is None
            or aware(pending.expires_at) <= now
            or aware(pending.created_at) > now + ISSUED_AHEAD  # this clock went back: the code may be long dead
            or pending.attempts >= RESET_MAX_ATTEMPTS
        ):
            raise invalid
        if _recent_failures(conn, agent.id, now) >= RESET_MAX_FAILURES_PER_HOUR:
            raise invalid  # rate limit over every code of the hour: asking new codes does not buy new guesses
        # A wrong code's attempt is committed with the transaction before the refusal is raised (below, outside it):
        # the count is never rolled back with the refusal (issue 15, item 3).
        if not hmac.compare_digest(pending.code_hash, _code_hash(agent.id, code)):
            conn.execute(
                update(reset_codes).where(reset_codes.c.id == pending.id).values(attempts=reset_codes.c.attempts + 1)
            )
            wrong_code = True
        else:
            wrong_code = False
            escrow = conn.execute(select(escrows).where(escrows.c.station_id == station_id)).first()
            if escrow is None:
                raise SecurityError(409, "Aucune copie de séquestre pour ce poste : un superviseur doit réinitialiser.")
            try:
                key = open_sealed(keys.private, bytes(escrow.box), context=escrow_context(escrow.station_code))
            except SealedBoxError:
                raise SecurityError(409, "La copie de séquestre de ce poste est illisible.") from None
            try:
                answer = seal(ephemeral_public, key, context=reset_context(login))
            except ValueError:  # a low-order X25519 point: no shared secret
                raise SecurityError(422, "Clé éphémère invalide.") from None
            conn.execute(update(reset_codes).where(reset_codes.c.id == pending.id).values(used_at=now))
    if wrong_code:
        raise invalid
    return answer
