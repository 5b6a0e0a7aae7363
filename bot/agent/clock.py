"""One clock for the workbench (UTC, aware), so tests can move time forward."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

# The hotline's local time (China has one zone and no daylight saving): dates in filters and CSV.
LOCAL = timezone(timedelta(hours=8), "北京时间")


def now() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes for what was stored as aware UTC; PostgreSQL aware ones."""
    if value is None:
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def iso(value: datetime | None) -> str | None:
    value = as_utc(value)
    return value.isoformat() if value else None


def local_text(value: datetime | None) -> str:
    """2026-11-24 09:30 in Beijing time, for people (CSV, console)."""
    value = as_utc(value)
    return value.astimezone(LOCAL).strftime("%Y-%m-%d %H:%M") if value else ""
