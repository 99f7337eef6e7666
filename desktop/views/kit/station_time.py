"""Times on screen in the station's own time zone (its settings), as the services count its day and its receipts
print it: the computer's zone may differ (a laptop left on UTC, a consulate's machine set to Paris time), and then
the same act read 01:16 in Rechercher and 02:16 in Activité du jour."""

from __future__ import annotations

from datetime import datetime, tzinfo

_zone: tzinfo | None = None


def use_station_zone(name: str) -> None:
    """Set once the station's settings are known (the screens are built after); an unknown name keeps the
    computer's zone."""
    global _zone
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        _zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        _zone = None


def station_local(value: datetime) -> datetime:
    """`value` in the station's zone (the computer's until the settings are known)."""
    return value.astimezone(_zone) if _zone is not None else value.astimezone()


def station_now() -> datetime:
    """Now, in the station's zone."""
    return station_local(datetime.now().astimezone())


def station_stamp(value: datetime | None, empty: str = "—") -> str:
    """« 01/12/2026 10:15 » in the station's zone, or `empty`."""
    return empty if value is None else station_local(value).strftime("%d/%m/%Y %H:%M")
