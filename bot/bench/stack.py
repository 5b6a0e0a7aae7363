"""Start the whole assistant the way `make run` does (the supervisor, real processes, real HTTP) on free ports
with a temporary data dir, and read its processes' CPU time and peak memory from /proc."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import httpx

from bot.settings import PROJECT_ROOT

START_TIMEOUT_S = 400
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port(count: int = 1) -> int:
    """A free port p such that p … p+count-1 are free too (Rasa replicas use consecutive ports)."""
    for _ in range(100):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port + count < 65535 and all(_free(port + i) for i in range(1, count)):
            return port
    raise RuntimeError("no free ports")


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@dataclass
class ProcessStats:
    cpu_s: float  # user + system, whole process group (workers included)
    peak_rss_mb: float  # largest VmHWM of one process in the group
    processes: int


@dataclass
class Stack:
    """One running assistant; ``extra_env`` selects the topology (REPLICAS, TRACKER_DB_URL, REDIS_URL …)."""

    extra_env: dict[str, str] = field(default_factory=dict)
    replicas: int = 1
    token: str = "bench-token"
    cold_start_s: float = 0.0
    process: Optional[subprocess.Popen] = None

    def __post_init__(self) -> None:
        self.data_dir = Path(tempfile.mkdtemp(prefix="bench-"))
        self.rasa_port = free_port(self.replicas)
        self.env = {**os.environ, "RASA_PORT": str(self.rasa_port), "ACTIONS_PORT": str(free_port()),
                    "GATEWAY_PORT": str(free_port()), "DATA_DIR": str(self.data_dir),
                    "RASA_AUTH_TOKEN": self.token, "REPLICAS": str(self.replicas),
                    # the load generator is one address and its users send with no pause: the per-address and
                    # per-sender limits (which protect the real service) would refuse most of the load
                    "RATE_LIMIT_IP": "0", "RATE_LIMIT_SENDER": "0", **self.extra_env}
        self.url = f"http://127.0.0.1:{self.env['GATEWAY_PORT']}"
        self.rasa_urls = [f"http://127.0.0.1:{self.rasa_port + i}" for i in range(self.replicas)]
        self.log = self.data_dir / "supervisor.log"

    def start(self) -> None:
        began = time.monotonic()
        with self.log.open("ab") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=PROJECT_ROOT,
                                            env=self.env, stdout=log, stderr=subprocess.STDOUT)
        while time.monotonic() - began < START_TIMEOUT_S:
            if self.process.poll() is not None:
                raise RuntimeError(f"the assistant did not start:\n{self.log.read_text()[-2000:]}")
            if "is running" in self.log.read_text(errors="replace"):
                self.cold_start_s = time.monotonic() - began
                return
            time.sleep(0.2)
        raise RuntimeError(f"the assistant did not start in {START_TIMEOUT_S} s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def children(self) -> dict[str, int]:
        """name → pid of each child the supervisor started (process-group leaders)."""
        assert self.process is not None
        found: dict[str, int] = {}
        for pid in _pids():
            stat = _stat(pid)
            if stat and int(stat[1]) == self.process.pid:
                cmd = _cmdline(pid)
                port = cmd[cmd.index("--port") + 1] if "--port" in cmd else ""
                if "rasa_sdk" in cmd:
                    found["actions"] = pid
                elif "uvicorn" in cmd:
                    found["gateway"] = pid
                elif "bot.cli.rasa_main" in cmd:
                    index = int(port) - self.rasa_port if port.isdigit() else 0
                    found["rasa" if self.replicas == 1 else f"rasa{index + 1}"] = pid
        return found

    def stats(self) -> dict[str, ProcessStats]:
        result = {}
        for name, leader in self.children().items():
            cpu, peak, count = 0.0, 0.0, 0
            for pid in _pids():
                stat = _stat(pid)
                if stat and int(stat[2]) == leader:  # same process group
                    cpu += (int(stat[11]) + int(stat[12])) / CLOCK_TICKS
                    peak = max(peak, _peak_rss_mb(pid))
                    count += 1
            result[name] = ProcessStats(cpu, peak, count)
        return result

    def healthy(self) -> bool:
        try:
            return httpx.get(f"{self.url}/healthz", timeout=3).status_code == 200
        except httpx.HTTPError:
            return False


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _stat(pid: int) -> Optional[list[str]]:
    """Fields of /proc/pid/stat after the command name: [state, ppid, pgrp, …, utime (11), stime (12) …]."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2:].split()


def _cmdline(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().split("\0")
    except OSError:
        return []


def _peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def fresh_scaled_services(pg_admin_url: str, redis_url: str, database: str) -> Optional[str]:
    """None when PostgreSQL and Redis answer and ``database`` has been created afresh, else why not (the scaled
    topology's bench and its e2e test run only where both answer)."""
    try:
        import psycopg2
        import redis

        redis.Redis.from_url(redis_url, socket_timeout=3).ping()
        conn = psycopg2.connect(pg_admin_url, connect_timeout=3)
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
            cur.execute(f"CREATE DATABASE {database}")
        conn.close()
    except Exception as exc:  # noqa: BLE001 - any failure means "not available here"
        lines = str(exc).strip().splitlines()
        return f"{type(exc).__name__}: {lines[0][:120] if lines else ''}"
    return None
