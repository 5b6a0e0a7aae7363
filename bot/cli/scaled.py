"""Checks before the scaled topology starts (`make run-scaled`): Redis answers, the PostgreSQL database
of the tracker store exists (created when missing), and each failure says what to do."""

from __future__ import annotations

from typing import Optional

from bot.settings import Settings


def prepare(settings: Settings) -> Optional[str]:
    """None when the shared services are ready, else a one-line problem for the operator."""
    if not settings.lock_store_url:
        return "the scaled topology needs REDIS_URL (e.g. redis://127.0.0.1:6379/1) for Rasa's lock store"
    try:
        import redis

        redis.Redis.from_url(settings.lock_store_url, socket_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001 - any failure: Redis is not usable
        return f"Redis at {settings.lock_store_url} does not answer ({type(exc).__name__}); start it or fix REDIS_URL"
    if settings.tracker_db_url.startswith("sqlite"):
        return ("several Rasa replicas need a shared tracker store: set TRACKER_DB_URL to PostgreSQL, "
                "e.g. postgresql://postgres@127.0.0.1:5432/eldercare")
    return _ensure_database(settings.tracker_db_url)


def _ensure_database(url: str) -> Optional[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    target = make_url(url)
    try:
        with create_engine(target).connect():
            return None
    except SQLAlchemyError as exc:
        if "does not exist" not in str(exc) or not target.drivername.startswith("postgresql"):
            return f"the tracker database at {target.render_as_string(hide_password=True)} does not answer: " \
                   f"{str(exc).splitlines()[0]}"
    try:
        admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
        admin.dispose()
    except SQLAlchemyError as exc:
        return f"could not create the tracker database {target.database!r}: {str(exc).splitlines()[0]}"
    print(f"created the PostgreSQL database {target.database!r} for the tracker store")
    return None
