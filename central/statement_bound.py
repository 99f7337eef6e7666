"""The API's bound on one statement (PostgreSQL's statement_timeout), set for the API's engine by
`central.db.bound_lock_waits`: a statement that runs away is cancelled and answered 503, as a lock wait is."""

from __future__ import annotations

import os

# A statement of the API that runs this long (a national page over a huge table, a plan gone wrong, a bloated table)
# is cancelled (SQLSTATE 57014: a 503 the station resends) instead of holding a worker thread and a connection as long
# as it takes: a batch's statements take milliseconds, a page's reads well under a second. Longer than the lock wait,
# which ends a statement blocked by someone else first. Set by GUICHET_CENTRAL_STATEMENT_SECONDS (0: no bound).
# Migrations, `import-*` and the retention purge run on engines of their own, without it (`bound_lock_waits`).
STATEMENT_SECONDS = 30.0
ENV_STATEMENT_SECONDS = "GUICHET_CENTRAL_STATEMENT_SECONDS"


def statement_seconds() -> float:
    """The API's bound on one statement: GUICHET_CENTRAL_STATEMENT_SECONDS, else STATEMENT_SECONDS; 0 is none.
    Raises ValueError, in French, on a value that is no number of seconds (said before `serve` starts)."""
    raw = os.environ.get(ENV_STATEMENT_SECONDS, "").strip()
    if not raw:
        return STATEMENT_SECONDS
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 86400:  # NaN too
        raise ValueError(
            f"{ENV_STATEMENT_SECONDS} : « {raw[:40]} » n'est pas une durée en secondes (0 à 86400 ; 0 : sans limite)."
        )
    return value


def statement_ran_out(exc: BaseException) -> bool:
    """Whether this statement was cancelled (SQLSTATE 57014): it ran past `statement_seconds()`, most likely."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None) == "57014"
