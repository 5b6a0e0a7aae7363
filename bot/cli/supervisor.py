"""Start the Rasa server, the action server and the gateway; keep them running; stop them together.

Each child runs in its own process group so that stopping it also stops anything it
spawned (Sanic workers), and no orphan is left behind on Ctrl-C or SIGTERM. A child that dies
is restarted with backoff (1 s, 2 s, 4 s … 30 s; back to 1 s once it has run for a minute), and the
log says so: one dead process never takes the others down.

Files the children create (SQLite databases, logs, the token) are readable by their owner only
(umask 077), and Rasa gets its API token from the environment, not from a command line.
With REPLICAS=N (`make run-scaled`) N Rasa servers run on consecutive ports with endpoints.scaled.yml
(shared tracker store, Redis lock store).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Optional

import httpx

from bot.cli.env import actions_env, child_env
from bot.cli.train import model_path
from bot.settings import PROJECT_ROOT, Settings

STARTUP_TIMEOUT_S = float(os.environ.get("STARTUP_TIMEOUT", "240"))
STOP_GRACE_S = 15.0
RESTART_DELAYS_S = (1.0, 2.0, 4.0, 8.0, 16.0, 30.0)
STABLE_AFTER_S = 60.0  # a child that ran this long is healthy again: its next restart waits 1 s
PRIVATE_UMASK = 0o077


@dataclass
class Child:
    name: str
    command: list[str]
    port: int
    log_path: Path
    env: dict[str, str] = field(default_factory=dict, repr=False)
    process: Optional[subprocess.Popen] = None
    log_file: Optional[IO[bytes]] = field(default=None, repr=False)
    started_at: float = 0.0
    restarts: int = 0
    failures: int = 0  # deaths since it last ran for STABLE_AFTER_S
    restart_at: Optional[float] = None
    standby: bool = False  # started once the others are healthy (a second Rasa replica)
    url: str = ""  # a Rasa replica's base URL: warmed up after each start

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.close_log()
        self.log_file = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.command, cwd=PROJECT_ROOT, env=self.env, stdout=self.log_file, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        self.started_at = time.monotonic()
        self.restart_at = None

    def close_log(self) -> None:
        if self.log_file:
            self.log_file.close()
            self.log_file = None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal_group(self, sig: int) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def children(settings: Settings) -> list[Child]:
    logs = settings.data_dir / "logs"
    py = sys.executable
    env = child_env(settings)
    endpoints = "endpoints.scaled.yml" if settings.lock_store_url else "endpoints.yml"
    rasa = [
        # bot.cli.rasa_main adds --auth-token from the environment, out of sight of `ps`.
        Child(f"rasa{i + 1}" if settings.replicas > 1 else "rasa",
              [py, "-m", "bot.cli.rasa_main", "run", "--enable-api",
               "--interface", settings.rasa_host, "--port", str(settings.rasa_port + i),
               "--endpoints", endpoints, "--credentials", "credentials.yml",
               "--model", str(model_path(settings))],
              settings.rasa_port + i, logs / (f"rasa{i + 1}.log" if settings.replicas > 1 else "rasa.log"), env,
              # On SQLite (make run) the second replica is a warm standby started after the first answers;
              # in the scaled topology the replicas are peers and start together.
              standby=i > 0 and not settings.lock_store_url,
              url=f"http://{settings.rasa_host}:{settings.rasa_port + i}")
        for i in range(settings.replicas)
    ]
    return [
        Child("actions", [py, "-m", "rasa_sdk", "--actions", "actions", "--port", str(settings.actions_port)],
              settings.actions_port, logs / "actions.log", actions_env(settings)),
        *rasa,
        Child("gateway", [py, "-m", "uvicorn", "bot.gateway.app:create_app", "--factory", "--ws", "none",
                          "--host", settings.gateway_host, "--port", str(settings.gateway_port)],
              settings.gateway_port, logs / "gateway.log", env),
    ]


PRIVATE_FILES = ("*.db", "*.db-wal", "*.db-shm", "*.db-journal", "rasa_auth_token", "logs/*.log")


def make_private(data_dir: Path) -> None:
    """The data dir and the assistant's files in it (databases, token, logs) readable by the owner only, also
    when an older version created them world-readable. Only those files: DATA_DIR may hold other things."""
    data_dir.mkdir(parents=True, exist_ok=True)
    data_dir.chmod(0o700)
    for pattern in PRIVATE_FILES:
        for path in data_dir.glob(pattern):
            if path.is_file() and not path.is_symlink():
                path.chmod(path.stat().st_mode & 0o700)


def log(message: str) -> None:
    """A dated line on the supervisor's output (the terminal of `make run`)."""
    stream = sys.stderr if message.startswith("error") else sys.stdout
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {message}", file=stream, flush=True)


def port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def pid_file(settings: Settings) -> Path:
    return settings.data_dir / "run.pid"


def running_pid(settings: Settings) -> Optional[int]:
    path = pid_file(settings)
    if not path.exists():
        return None
    try:
        pid = int(path.read_text().strip())
        os.kill(pid, 0)
    except (ValueError, ProcessLookupError, PermissionError):
        path.unlink(missing_ok=True)
        return None
    return pid


class Supervisor:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.children = children(settings)
        self.stopping = False

    def preflight(self) -> Optional[str]:
        pid = running_pid(self.settings)
        if pid:
            return f"the assistant is already running (pid {pid}); run `make stop` first"
        if not model_path(self.settings).exists():
            return f"no trained model at {model_path(self.settings)}; run `make train`"
        for child in self.children:
            host = self.settings.gateway_host if child.name == "gateway" else "127.0.0.1"
            if port_in_use(host, child.port):
                return (f"port {child.port} ({child.name}) is already in use; "
                        "free it or set another port (see README, Configuration)")
        return None

    def run(self) -> int:
        problem = self.preflight()
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 1
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        os.umask(PRIVATE_UMASK)
        make_private(self.settings.data_dir)
        pid_file(self.settings).write_text(str(os.getpid()))
        try:
            first = [child for child in self.children if not child.standby]
            for child in first:
                child.start()
            logs = self.settings.data_dir / "logs"
            print(f"starting {', '.join(c.name for c in first)} (logs in {logs})…", flush=True)
            if not self._wait_healthy(first):
                return 1
            # A standby replica starts once the assistant answers, so it does not slow the start-up;
            # every replica but the first is warmed up in the background ("rasaN is ready" in the log).
            for child in self.children:
                if child.standby:
                    child.start()
                if child.url and child.url != self.settings.rasa_url:
                    self._warm_up_later(child)
            self._warm_up(self.settings.rasa_url)
            self._print_urls()
            return self._watch()
        finally:
            self.shutdown()
            pid_file(self.settings).unlink(missing_ok=True)

    def _on_signal(self, signum: int, _frame: object) -> None:
        self.stopping = True

    def _wait_healthy(self, started: list[Child]) -> bool:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        url = f"{self.settings.gateway_url}/healthz"
        last = ""
        while time.monotonic() < deadline and not self.stopping:
            dead = [c for c in started if not c.alive()]
            if dead:
                for child in dead:
                    print(f"error: {child.name} exited during start-up; last log lines:\n{child.log_tail()}",
                          file=sys.stderr)
                return False
            try:
                response = httpx.get(url, timeout=3)
                if response.status_code == 200:
                    return True
                last = response.text
            except httpx.HTTPError as exc:
                last = type(exc).__name__
            time.sleep(1)
        if not self.stopping:
            print(f"error: not healthy after {STARTUP_TIMEOUT_S:.0f}s: {last}", file=sys.stderr)
        return False

    def _warm_up(self, rasa_url: str) -> None:
        # The first parse loads jieba's dictionary (~1 s); pay it now rather than on a user's first message.
        try:
            httpx.post(f"{rasa_url}/model/parse", params={"token": self.settings.auth_token},
                       json={"text": "你好，我想问问居家养老政策"}, timeout=60)
        except httpx.HTTPError as exc:
            print(f"warning: warm-up of {rasa_url} failed: {exc}", file=sys.stderr)

    def _warm_up_later(self, child: Child) -> None:
        """Warm a (re)started Rasa replica up in the background, once its model is loaded."""
        if not child.url:
            return

        def wait_and_warm() -> None:
            deadline = time.monotonic() + STARTUP_TIMEOUT_S
            while time.monotonic() < deadline and not self.stopping and child.alive():
                try:
                    status = httpx.get(f"{child.url}/status", params={"token": self.settings.auth_token}, timeout=3)
                    if status.status_code == 200 and status.json().get("model_file"):
                        self._warm_up(child.url)
                        log(f"{child.name} is answering again" if child.restarts else f"{child.name} is ready")
                        return
                except httpx.HTTPError:
                    pass
                time.sleep(1)

        threading.Thread(target=wait_and_warm, name=f"warm-{child.name}", daemon=True).start()

    def _print_urls(self) -> None:
        base = self.settings.gateway_url
        later = "  (the other Rasa replicas are starting in the background)\n" if self.settings.replicas > 1 else ""
        print(
            "\n养老政策助手 is running:\n"
            f"  web chat      {base}/\n"
            f"  chat API      POST {base}/api/chat  {{\"sender\": \"a\", \"text\": \"你好\"}}\n"
            f"  API docs      {base}/docs\n"
            f"  health        {base}/healthz\n"
            f"  rasa server   {'  '.join(self.settings.rasa_urls)}   action server {self.settings.actions_url}\n"
            f"{later}"
            "A process that dies is restarted. Press Ctrl-C (or run `make stop`) to stop them all.\n",
            flush=True,
        )

    def _watch(self) -> int:
        while not self.stopping:
            now = time.monotonic()
            for child in self.children:
                if child.restart_at is not None:
                    if now >= child.restart_at:
                        child.start()
                        child.restarts += 1
                        log(f"restarted {child.name} (pid {child.process.pid}, restart {child.restarts})")
                        self._warm_up_later(child)
                elif not child.alive():
                    self._schedule_restart(child, now)
            time.sleep(0.2)
        print("stopping…", flush=True)
        return 0

    def _schedule_restart(self, child: Child, now: float) -> None:
        code = child.process.returncode if child.process else None
        if now - child.started_at >= STABLE_AFTER_S:
            child.failures = 0
        delay = RESTART_DELAYS_S[min(child.failures, len(RESTART_DELAYS_S) - 1)]
        child.failures += 1
        # Workers it forked may still hold its port.
        child.signal_group(signal.SIGKILL)
        child.close_log()
        child.restart_at = now + delay
        log(f"error: {child.name} stopped unexpectedly (exit code {code}); restarting it in {delay:.0f} s; "
            f"last log lines:\n{child.log_tail()}")

    def shutdown(self) -> None:
        for child in reversed(self.children):
            if child.alive():
                child.signal_group(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_S
        for child in self.children:
            if child.process is None:
                continue
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            # Kill what is left of the group, including any worker the child forked.
            child.signal_group(signal.SIGKILL)
            child.close_log()


def stop(settings: Settings) -> int:
    pid = running_pid(settings)
    if pid is None:
        print("the assistant is not running")
        return 0
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_S + 10
    while time.monotonic() < deadline:
        # The supervisor removes its pid file last; a parent that has not reaped it yet
        # (a zombie) still answers kill(pid, 0), so the file is the signal to trust.
        if not pid_file(settings).exists():
            print("stopped")
            return 0
        time.sleep(0.3)
    print(f"error: pid {pid} did not stop", file=sys.stderr)
    return 1
