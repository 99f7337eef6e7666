"""The demo's Maprocuration requests as of the day the demo's central store first starts.

`desktop/resources/demo/requests.json` was written on DEMO_DAY: requests a few days old, one more than two months
old (R-CHAN-A-8's refusal, shown on purpose), for `presidentielle-2027` and `legislatives-2027`, one for a duration.
Loaded as written, the demo's fresh requests were expired two months later and their scrutin past after April 2027:
the demo's Maprocuration showed refusals where it shows a request to take over. `serve --demo-data` moves them to
its own day: each request keeps its age, a duration its start and end as far from the request, and a scrutin
already begun becomes the next one ahead with the same rounds (of its type first). The tests' embedded stores load
the file as written (their clocks are pinned to it).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from desktop.rules.calendar import Election, ElectionCalendar

DEMO_DAY = date(2026, 11, 24)  # the day requests.json was written against


def requests_on(items: list[dict[str, Any]], today: date, calendar: ElectionCalendar) -> list[dict[str, Any]]:
    """`items` (requests.json's) as of `today`: the same ages, scrutins not yet begun."""
    moved = timedelta(days=max(0, (today - DEMO_DAY).days))
    out: list[dict[str, Any]] = []
    for item in items:
        request = dict(item)
        at = datetime.fromisoformat(str(request["requested_at"]).replace("Z", "+00:00"))
        request["requested_at"] = (at + moved).isoformat().replace("+00:00", "Z")
        validity = dict(request.get("validity") or {})
        if validity.get("kind") == "DUREE":  # R-VALID-4a: a duration never starts before the act
            for end in ("start", "end"):
                validity[end] = (date.fromisoformat(str(validity[end])) + moved).isoformat()
        elif validity.get("kind") == "SCRUTIN":
            ahead = _ahead(calendar, str(validity.get("election_id")), str(validity.get("rounds")), today)
            if ahead is not None:
                validity["election_id"] = ahead.id
        request["validity"] = validity
        out.append(request)
    return out


def _ahead(calendar: ElectionCalendar, election_id: str, rounds: str, today: date) -> Election | None:
    """The election itself while it has not begun; else the next one with the rounds asked, its type first."""
    election = calendar.elections.get(election_id)
    if election is not None and election.t1 > today:
        return election
    two_rounds = rounds != "T1"
    fits = [e for e in calendar.elections.values() if e.t1 > today and (e.t2 is not None or not two_rounds)]
    kind = election.type if election is not None else None
    return min(fits, key=lambda e: (e.type != kind, e.t1, e.id), default=None)
