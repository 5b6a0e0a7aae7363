"""The environment every child process gets, derived from bot.settings."""

from __future__ import annotations

import os

from bot.settings import Settings


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
    return env
