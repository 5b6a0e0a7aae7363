"""The environment every child process gets, derived from bot.settings."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from bot.settings import Settings

# A Rasa replica that dies holding a conversation's lock blocks that conversation until the lock
# expires (Rasa's default is 60 s); a turn takes well under a second, so 15 s is ample.
LOCK_LIFETIME_S = "15"


def redis_parts(url: str) -> dict[str, str]:
    """redis://[:password@]host:port/db → the fields of Rasa's `RedisLockStore` (endpoints.scaled.yml)."""
    parts = urlsplit(url)
    if parts.scheme != "redis" or not parts.hostname:
        raise SystemExit("error: REDIS_URL / LOCK_STORE_URL must look like redis://host:6379/1 "
                         f"(TLS is not supported here), got {url!r}")
    db = parts.path.strip("/") or "1"
    return {
        "LOCK_REDIS_HOST": parts.hostname,
        "LOCK_REDIS_PORT": str(parts.port or 6379),
        "LOCK_REDIS_DB": db if db.isdigit() else "1",
        "LOCK_REDIS_PASSWORD": parts.password or "",
    }


def child_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            # Read by endpoints.yml.
            "ACTION_ENDPOINT_URL": f"{settings.actions_url}/webhook",
            "TRACKER_DB_URL": settings.tracker_db_url,
            # rasa-sdk binds to SANIC_HOST (default 0.0.0.0); keep it on the configured interface.
            "SANIC_HOST": settings.actions_host,
            "RASA_AUTH_TOKEN": settings.auth_token,
            "DATA_DIR": str(settings.data_dir),
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if settings.lock_store_url:
        env.update(redis_parts(settings.lock_store_url))
        env.setdefault("TICKET_LOCK_LIFETIME", LOCK_LIFETIME_S)
    return env


def actions_env(settings: Settings) -> dict[str, str]:
    """The action server's environment: rasa-sdk forks ACTION_SERVER_SANIC_WORKERS workers."""
    return {**child_env(settings), "ACTION_SERVER_SANIC_WORKERS": str(settings.action_workers)}
