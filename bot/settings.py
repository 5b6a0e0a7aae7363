"""Runtime settings, read from environment variables with embedded defaults.

Every process (launcher, gateway, actions) reads the same variables, so one
`export` changes the whole assistant. The README lists them.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _env_int(name: str, default: int) -> int:
    raw = _env(name, str(default))
    try:
        return int(raw)
    except ValueError as exc:
        raise SystemExit(f"error: environment variable {name} must be an integer, got {raw!r}") from exc


def _env_count(name: str, default: int) -> int:
    value = _env_int(name, default)
    if not 1 <= value <= 64:
        raise SystemExit(f"error: environment variable {name} must be between 1 and 64, got {value}")
    return value


def _env_seconds(name: str, default: float) -> float:
    raw = _env(name, str(default))
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value < 1e6:
        raise SystemExit(f"error: environment variable {name} must be a positive number of seconds, got {raw!r}")
    return value


@dataclass(frozen=True)
class Settings:
    rasa_host: str
    rasa_port: int
    actions_host: str
    actions_port: int
    gateway_host: str
    gateway_port: int
    data_dir: Path
    model_dir: Path
    tracker_db_url: str
    lock_store_url: str
    auth_token: str
    request_timeout: float
    # WeChat 公众号 channel (bot/gateway/wechat.py): disabled while the token is empty.
    wechat_token: str = ""
    wechat_reply_timeout: float = 4.0
    # Scaled topology (`make run-scaled`, docs/operations.md): Rasa replicas on rasa_port, rasa_port+1 …,
    # sharing the tracker store and a Redis lock store; several action-server workers.
    replicas: int = 2
    redis_url: str = ""
    action_workers: int = 1
    # RASA_URLS: the replicas' base URLs when they are not on consecutive local ports (Kubernetes pods).
    explicit_rasa_urls: tuple[str, ...] = ()

    @property
    def rasa_urls(self) -> tuple[str, ...]:
        """Every Rasa replica's base URL; the gateway spreads conversations over them."""
        if self.explicit_rasa_urls:
            return self.explicit_rasa_urls
        return tuple(f"http://{self.rasa_host}:{self.rasa_port + i}" for i in range(self.replicas))

    @property
    def rasa_url(self) -> str:
        return f"http://{self.rasa_host}:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://{self.actions_host}:{self.actions_port}"

    @property
    def gateway_url(self) -> str:
        return f"http://{self.gateway_host}:{self.gateway_port}"


def _auth_token(data_dir: Path) -> str:
    """Token for Rasa's HTTP API: from RASA_AUTH_TOKEN, else generated once and kept in the data dir."""
    token = os.environ.get("RASA_AUTH_TOKEN", "").strip()
    if token:
        return token
    path = data_dir / "rasa_auth_token"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    path.write_text(token, encoding="utf-8")
    path.chmod(0o600)
    return token


def load_settings() -> Settings:
    data_dir = Path(_env("DATA_DIR", str(PROJECT_ROOT / "var"))).resolve()
    return Settings(
        rasa_host=_env("RASA_HOST", "127.0.0.1"),
        rasa_port=_env_int("RASA_PORT", 5005),
        actions_host=_env("ACTIONS_HOST", "127.0.0.1"),
        actions_port=_env_int("ACTIONS_PORT", 5055),
        gateway_host=_env("GATEWAY_HOST", "127.0.0.1"),
        gateway_port=_env_int("GATEWAY_PORT", 8000),
        data_dir=data_dir,
        model_dir=Path(_env("MODEL_DIR", str(PROJECT_ROOT / "models"))).resolve(),
        tracker_db_url=_env("TRACKER_DB_URL", f"sqlite:///{data_dir / 'tracker.db'}"),
        lock_store_url=_env("LOCK_STORE_URL", _env("REDIS_URL", "")),
        auth_token=_auth_token(data_dir),
        request_timeout=float(_env("GATEWAY_RASA_TIMEOUT", "30")),
        wechat_token=_env("WECHAT_TOKEN", ""),
        wechat_reply_timeout=_env_seconds("WECHAT_REPLY_TIMEOUT", 4.0),
        # Two by default: when one Rasa server dies the other answers at once while it restarts (~20-40 s).
        replicas=_env_count("REPLICAS", 2),
        redis_url=_env("REDIS_URL", ""),
        action_workers=_env_count("ACTION_WORKERS", 1),
        explicit_rasa_urls=tuple(u.strip().rstrip("/") for u in _env("RASA_URLS", "").split(",") if u.strip()),
    )
