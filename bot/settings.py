"""Runtime settings, read from environment variables with embedded defaults.

Every process (launcher, gateway, actions) reads the same variables, so one
`export` changes the whole assistant. The README lists them.
"""

from __future__ import annotations

import os
import re
import secrets
import time
import zlib
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
    # 安全模式/兼容模式 and the customer-service message API (bot/gateway/wechat_crypto.py, wechat_client.py).
    wechat_appid: str = ""
    wechat_secret: str = ""
    wechat_aes_key: str = ""
    wechat_aes_key_previous: str = ""  # the key before the last change, accepted while WeChat switches over
    wechat_api_base: str = "https://api.weixin.qq.com/cgi-bin/"
    wechat_max_skew: float = 300.0  # seconds a signed timestamp may be old (or ahead): older ones are replays
    # Web channel (bot/gateway/sessions.py, ratelimit.py, security.py) and the shared state store (store.py).
    session_secret: str = ""
    allowed_origins: tuple[str, ...] = ()
    public_url: str = ""
    redis_url: str = ""
    redis_prefix: str = "eldercare:"
    rate_limit_sender: int = 30  # chat messages per sender per minute
    rate_limit_ip: int = 300  # chat API requests per client address per minute
    retention_days: int = 180
    # Scaled topology (`make run-scaled`, docs/operations.md): Rasa replicas on rasa_port, rasa_port+1 …,
    # sharing the tracker store and a Redis lock store; several action-server workers.
    replicas: int = 2
    action_workers: int = 1
    # RASA_URLS: the replicas' base URLs when they are not on consecutive local ports (Kubernetes pods).
    explicit_rasa_urls: tuple[str, ...] = ()

    @property
    def rasa_urls(self) -> tuple[str, ...]:
        """Every Rasa replica's base URL; the gateway spreads conversations over them."""
        if self.explicit_rasa_urls:
            return self.explicit_rasa_urls
        return tuple(f"http://{self.rasa_host}:{self.rasa_port + i}" for i in range(self.replicas))

    def rasa_urls_for(self, sender: str) -> list[str]:
        """The replicas in the order to try them for one conversation: its home replica first (every writer of
        a conversation's events goes there, so one replica's lock store orders them), then the others."""
        urls = self.rasa_urls
        home = zlib.crc32(sender.encode("utf-8", "surrogatepass")) % len(urls)
        return [*urls[home:], *urls[:home]]

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


def _secret_file(data_dir: Path, name: str, env: str) -> str:
    """A server secret: from the environment, else generated once into the data dir (mode 0600), like the token."""
    value = os.environ.get(env, "").strip()
    if value:
        return value
    path = data_dir / name
    data_dir.mkdir(parents=True, exist_ok=True)
    try:  # O_EXCL: when several workers start at once, one writes and the others read the same secret
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):
            value = path.read_text(encoding="utf-8").strip()
            if value:
                return value
            time.sleep(0.02)
        raise SystemExit(f"error: {path} is empty; delete it or set {env}") from None
    value = secrets.token_urlsafe(32)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value


def _origins(name: str) -> tuple[str, ...]:
    """An allow-list of web origins (scheme://host[:port], comma-separated); never "*"."""
    origins = tuple(o.strip().rstrip("/") for o in _env(name, "").split(",") if o.strip())
    for origin in origins:
        if origin == "*" or not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?://\[[0-9a-fA-F:]+\](:[0-9]{1,5})?",
                                              origin):
            raise SystemExit(f"error: {name} lists web origins such as https://www.example.gov.cn, "
                             f"comma-separated (never *); got {origin!r}")
    return origins


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
        wechat_appid=_env("WECHAT_APPID", ""),
        wechat_secret=_env("WECHAT_SECRET", ""),
        wechat_aes_key=_env("WECHAT_AES_KEY", ""),
        wechat_aes_key_previous=_env("WECHAT_AES_KEY_PREVIOUS", ""),
        wechat_api_base=_env("WECHAT_API_BASE", "https://api.weixin.qq.com/cgi-bin/").rstrip("/") + "/",
        wechat_max_skew=_env_seconds("WECHAT_MAX_SKEW", 300.0),
        session_secret=_secret_file(data_dir, "session_secret", "SESSION_SECRET"),
        allowed_origins=_origins("ALLOWED_ORIGINS"),
        public_url=_env("PUBLIC_URL", "").rstrip("/"),
        redis_url=_env("REDIS_URL", ""),
        redis_prefix=_env("REDIS_PREFIX", "eldercare:"),
        rate_limit_sender=_env_int("RATE_LIMIT_SENDER", 30),
        rate_limit_ip=_env_int("RATE_LIMIT_IP", 300),
        retention_days=_env_int("RETENTION_DAYS", 180),
        # Two by default: when one Rasa server dies the other answers at once while it restarts (~20-40 s).
        replicas=_env_count("REPLICAS", 2),
        action_workers=_env_count("ACTION_WORKERS", 1),
        explicit_rasa_urls=tuple(u.strip().rstrip("/") for u in _env("RASA_URLS", "").split(",") if u.strip()),
    )
