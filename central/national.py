"""The national picture for the ministry's administrators: figures per station and per day, and a small HTML page.

`GET /v1/national` (JSON) needs the central store's administrative secret as a bearer token (scripts on the
server). `GET /admin/national` (server-rendered HTML, inline SVG chart, no script) needs a signed-in administrator:
a named account once one exists, the secret before (central/admin_session.py: a signed, HttpOnly, SameSite=Strict
cookie valid for 8 hours). Figures only: no elector's data is read here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Annotated, Any
from zoneinfo import ZoneInfo, available_timezones

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import ColumnElement, Engine, case, func, select
from sqlalchemy.exc import DataError

from central import admin_session, auth
from central.edge import BearerDep, CallerDep, bearer_token, errors
from central.schema import entries, procurations, reviews, stations, utc
from desktop.sync.wire import DayFigures
from desktop.sync.wire import StationFigures as StationFiguresAnswer

ZONE = ZoneInfo("Europe/Paris")  # the ministry's days, and a station's when it names no zone of its own
SILENT_AFTER = timedelta(hours=24)
LATE_AFTER = timedelta(hours=24)
DAYS = 30


@dataclass
class StationFigures:
    """One station: last contact, and per day the acts made, the refusals, the entries that arrived late."""

    id: str
    label: str
    last_contact: datetime
    last_seq: int
    acts: Counter[date] = field(default_factory=Counter)
    refusals: Counter[date] = field(default_factory=Counter)
    late: Counter[date] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)

    def silent_for(self, now: datetime) -> timedelta:
        return now - self.last_contact


@dataclass(frozen=True)
class NationalFigures:
    """The whole picture at `now`: days (of `zone`) oldest first, every station, national procurations per day."""

    now: datetime
    days: tuple[date, ...]
    stations: tuple[StationFigures, ...]
    procurations_per_day: tuple[int, ...]
    pending_reviews: int = 0  # the review queue's undecided entries (central/review.py), all stations
    zone: ZoneInfo = ZONE

    @property
    def silent(self) -> list[StationFigures]:
        """Stations without contact for 24 h, longest silence first."""
        found = [s for s in self.stations if s.silent_for(self.now) >= SILENT_AFTER]
        return sorted(found, key=lambda s: s.last_contact)

    def most_refused(self, limit: int = 10) -> list[StationFigures]:
        """Stations with the most refusals over the period (none listed without a refusal)."""
        found = [s for s in self.stations if sum(s.refusals.values())]
        return sorted(found, key=lambda s: (-sum(s.refusals.values()), s.label))[:limit]

    def station_answer(self, station_id: str) -> StationFiguresAnswer:
        """One station's days with activity, as the station's client parses them."""
        s = next(x for x in self.stations if x.id == station_id)
        return StationFiguresAnswer(
            station_id=s.id,
            last_contact=s.last_contact,
            days=tuple(
                DayFigures(day=d, acts=s.acts[d], refusals=s.refusals[d], late=s.late[d])
                for d in self.days
                if s.acts[d] or s.refusals[d] or s.late[d]
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "generated_at": self.now.isoformat(),
            "time_zone": str(self.zone),
            "days": [d.isoformat() for d in self.days],
            "procurations_per_day": list(self.procurations_per_day),
            "pending_reviews": self.pending_reviews,
            "stations": [
                {
                    "id": s.id,
                    "label": s.label,
                    "last_contact": s.last_contact.isoformat(),
                    "silent_hours": round(s.silent_for(self.now).total_seconds() / 3600, 1),
                    "last_seq": s.last_seq,
                    "per_day": [
                        {"day": d.isoformat(), "acts": s.acts[d], "refusals": s.refusals[d], "late": s.late[d]}
                        for d in self.days
                        if s.acts[d] or s.refusals[d] or s.late[d]
                    ],
                    "refusals_by_rule": dict(s.rules.most_common()),
                }
                for s in self.stations
            ],
        }


def _day(engine: Engine, column: Any, now: datetime, zone: ZoneInfo) -> ColumnElement[Any]:
    """The calendar day in `zone` of a stored instant, computed by the database (one row per station and day)."""
    if engine.dialect.name == "postgresql":
        return func.date(func.timezone(str(zone), column))
    # SQLite stores naive UTC text: shift by the zone's offset now (exact but across a summer-time change: there,
    # the hour between the two offsets counts on the neighbouring day; the embedded store's figures, not a server's).
    offset = now.astimezone(zone).utcoffset() or timedelta(0)
    return func.date(column, f"{int(offset.total_seconds() // 60):+d} minutes")


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def national_figures(
    engine: Engine, *, now: datetime, days: int = DAYS, station_id: str | None = None, zone: ZoneInfo = ZONE
) -> NationalFigures:
    """Figures of every station (or of one) over the last `days` days up to `now`, days of `zone` (Paris's: the
    ministry's; a station's own for its dashboard, so that its 30 days are the ones it counts itself)."""
    last = now.astimezone(zone).date()
    period = tuple(last - timedelta(days=days - 1 - i) for i in range(days))
    since = datetime(period[0].year, period[0].month, period[0].day, tzinfo=zone).astimezone(UTC)
    with engine.connect() as conn:
        found = {
            r.id: StationFigures(r.id, r.label, utc(r.last_contact), int(r.last_seq or 0))
            for r in conn.execute(
                select(stations.c.id, stations.c.label, stations.c.last_contact, stations.c.last_seq).where(
                    *([stations.c.id == station_id] if station_id else [])
                )
            )
        }
        day = _day(engine, entries.c.established_at, now, zone)
        if engine.dialect.name == "postgresql":
            late = entries.c.received_at > entries.c.established_at + LATE_AFTER
        else:
            late = func.julianday(entries.c.received_at) - func.julianday(entries.c.established_at) > LATE_AFTER.days
        rows = conn.execute(
            select(entries.c.station_id, day, func.count(), func.sum(case((late, 1), else_=0)))
            .where(entries.c.established_at >= since, *([entries.c.station_id == station_id] if station_id else []))
            .group_by(entries.c.station_id, day)
        )
        for sid, d, n, n_late in rows:  # `sid`: `station_id` is the parameter, used by the next query
            if sid in found:
                found[sid].acts[_as_date(d)] += int(n)
                found[sid].late[_as_date(d)] += int(n_late or 0)
        pday = _day(engine, procurations.c.established_at, now, zone)
        national: Counter[date] = Counter()
        rows = conn.execute(
            select(procurations.c.station_id, pday, procurations.c.status, procurations.c.rule_id, func.count())
            .where(
                procurations.c.established_at >= since,
                *([procurations.c.station_id == station_id] if station_id else []),
            )
            .group_by(procurations.c.station_id, pday, procurations.c.status, procurations.c.rule_id)
        )
        for sid, d, status, rule_id, n in rows:
            national[_as_date(d)] += int(n)
            if status == "invalidee" and sid in found:
                found[sid].refusals[_as_date(d)] += int(n)
                found[sid].rules[rule_id or "?"] += int(n)
        pending = conn.execute(
            select(func.count())
            .select_from(reviews)
            .where(reviews.c.decided_at.is_(None), *([reviews.c.station_id == station_id] if station_id else []))
        ).scalar_one()
    return NationalFigures(
        now=now,
        days=period,
        stations=tuple(sorted(found.values(), key=lambda s: s.label)),
        procurations_per_day=tuple(national[d] for d in period),
        pending_reviews=int(pending),
        zone=zone,
    )


UNKNOWN_ZONE = "fuseau horaire inconnu (un nom IANA est attendu, par exemple America/Montreal)"


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


# The names as an enum in the published schema: a client (or schemathesis) knows which ones are answered.
ZoneName = Annotated[
    str,
    Query(
        max_length=64,
        description="IANA time zone of the station's days, one this server's zone database holds",
        json_schema_extra={"enum": sorted(_zone_names())},
    ),
]


def known_zone(name: str) -> ZoneInfo:
    """The zone of an IANA name the system's database holds (a 422 otherwise: never a path read on a caller's say)."""
    if name not in _zone_names():
        raise HTTPException(422, UNKNOWN_ZONE)
    return ZoneInfo(name)


def create_router(engine: Engine, *, admin_secret: str) -> APIRouter:
    """The national routes over this engine; `admin_secret` is the central store's administrative secret."""
    from central.national_page import national_page

    router = APIRouter()

    def _now() -> datetime:
        return datetime.now(UTC)

    @router.get("/v1/national", tags=["national"], responses=errors(401, 422, 503))
    def figures(
        credentials: BearerDep,
        days: Annotated[int, Query(ge=1, le=92)] = DAYS,
    ) -> JSONResponse:
        """Per station and per day: acts, refusals, entries arrived more than 24 h late; last contact."""
        if not auth.same_secret(bearer_token(credentials), admin_secret):
            raise HTTPException(401, "secret d'administration attendu")
        return JSONResponse(national_figures(engine, now=_now(), days=days).to_dict())

    @router.get(
        "/v1/stations/{station}/figures",
        response_model=StationFiguresAnswer,
        tags=["national"],
        responses=errors(401, 403, 422, 503),
    )
    def station_figures(
        station: Annotated[str, Path(max_length=36)],
        caller: CallerDep,
        days: Annotated[int, Query(ge=1, le=92)] = DAYS,
        zone: ZoneName = str(ZONE),
    ) -> StationFiguresAnswer:
        """What the central store received from the calling station, per day of the zone it names (its own figures
        only): a consulate's 30 days are its own, not Paris's."""
        if caller.station_id != station:
            raise HTTPException(403, "ces identifiants ne sont pas ceux de ce poste")
        try:
            found = national_figures(engine, now=_now(), days=days, station_id=station, zone=known_zone(zone))
        except DataError:  # PostgreSQL on another host, whose own zone database lacks a name this one holds
            raise HTTPException(422, UNKNOWN_ZONE) from None
        return found.station_answer(station)

    def refusal(
        request: Request, *, named: bool | None = None, error: str | None = None, status: int = 401, login: str = ""
    ) -> Response:
        return sign_in_page(engine, admin_secret, request, named=named, error=error, status=status, login=login)

    @router.get("/admin/national", response_class=HTMLResponse, include_in_schema=False)
    def page(request: Request) -> Response:
        who = admin_session.signed_in(engine, admin_secret, request)
        if who is None:
            return refusal(request)
        token = admin_session.form_token(admin_secret, request)  # the sign-out form's
        return _html(national_page(national_figures(engine, now=_now()), who=who, token=token), 200)

    @router.get("/admin/national.json", include_in_schema=False)
    def page_data(request: Request) -> Response:
        """The page's figures as JSON, for a signed-in administrator's browser (the cookie, not a bearer)."""
        # Not stored by the browser nor a proxy, never read as another type: the page's own headers (`PRIVATE`).
        if admin_session.signed_in(engine, admin_secret, request) is None:
            refused = {"error": "authentification", "message": "connexion requise"}
            return JSONResponse(refused, status_code=401, headers=PRIVATE)
        return JSONResponse(national_figures(engine, now=_now()).to_dict(), headers=PRIVATE)

    router.include_router(admin_session.create_router(engine, admin_secret=admin_secret, login_page=refusal))
    return router


def sign_in_page(
    engine: Engine,
    secret: str,
    request: Request,
    *,
    named: bool | None = None,
    error: str | None = None,
    status: int = 401,
    login: str = "",
) -> Response:
    """The sign-in form, as the store has it now (an account's, or the secret's while no account exists), with the
    pre-session cookie its token is bound to (central/admin_session.py: no other site can post it); `login`, the
    account's login a refused sign-in typed, shown again."""
    from central.national_page import login_page

    named = admin_session.accounts_exist(engine) if named is None else named
    pre = admin_session.pre_session(request)
    token = admin_session.sign_in_token(secret, pre)
    answer = _html(login_page(named=named, error=error, token=token, login=login), status)
    admin_session.keep_pre_session(answer, pre, request)
    return answer


# What every answer of the administrators' pages carries: stored by no cache, read as its own type only, no referrer;
# HTTPS only from the first visit on (a browser ignores it over plain HTTP: this machine's own pages still open).
PRIVATE = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Strict-Transport-Security": "max-age=31536000",
}


def _html(text: str, status: int) -> HTMLResponse:
    return HTMLResponse(
        text,
        status_code=status,
        headers={
            # No script at all; the chart is inline SVG; forms post only here; never framed (`X-Frame-Options` for
            # a browser that reads no `frame-ancestors`: the pages' clicks are decisions).
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            "frame-ancestors 'none'",
            "X-Frame-Options": "DENY",
            **PRIVATE,
        },
    )
