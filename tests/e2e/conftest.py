"""Start the real assistant (three processes, real HTTP) on free ports with a temporary data dir."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 300


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


WECHAT_TOKEN = "e2eWeChatToken"
WECHAT_APPID = "wxe2e0000000000000"
WECHAT_AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as WeChat generates them


class Assistant:
    def __init__(self, data_dir: Path) -> None:
        self.env = dict(os.environ)
        self.env.update(
            RASA_PORT=str(free_port()), ACTIONS_PORT=str(free_port()), GATEWAY_PORT=str(free_port()),
            DATA_DIR=str(data_dir), RASA_AUTH_TOKEN="e2e-token", WECHAT_TOKEN=WECHAT_TOKEN,
            WECHAT_APPID=WECHAT_APPID, WECHAT_AES_KEY=WECHAT_AES_KEY,
            # Tests send many messages from one address quickly; the limits themselves are unit-tested.
            RATE_LIMIT_SENDER="100000", RATE_LIMIT_IP="100000",
        )
        # The demo portal at http://localhost:PORT embeds the widget from http://127.0.0.1:PORT: another origin.
        self.env.update(ALLOWED_ORIGINS=f"http://localhost:{self.env['GATEWAY_PORT']}",
                        PUBLIC_URL=f"http://127.0.0.1:{self.env['GATEWAY_PORT']}")
        for name in ("REDIS_URL", "SESSION_SECRET"):  # the embedded defaults, whatever the shell has
            self.env.pop(name, None)
        self.url = f"http://127.0.0.1:{self.env['GATEWAY_PORT']}"
        self.data_dir = data_dir
        self.process: subprocess.Popen | None = None
        self.log = data_dir / "supervisor.log"

    def ports(self) -> list[int]:
        ports = [int(self.env[name]) for name in ("RASA_PORT", "ACTIONS_PORT", "GATEWAY_PORT")]
        # Further Rasa replicas (REPLICAS, default 2) listen on the ports after RASA_PORT.
        return ports + [ports[0] + i for i in range(1, int(self.env.get("REPLICAS", "2")))]

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.log_start = len(self.log.read_text(errors="replace")) if self.log.exists() else 0
        with self.log.open("ab") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, env=self.env,
                                            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"assistant exited during start-up:\n{self.log.read_text()[-3000:]}")
            try:
                # Ready once healthy and the supervisor has finished its warm-up parse and printed its URLs.
                if (httpx.get(f"{self.url}/healthz", timeout=3).status_code == 200
                        and "is running" in self.log.read_text(errors="replace")[self.log_start:]):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(1)
        pytest.fail(f"assistant not healthy after {START_TIMEOUT_S}s:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> int:
        """Stop it the way `make stop` does, and return the supervisor's exit code."""
        subprocess.run([sys.executable, "-m", "bot.cli", "stop"], cwd=ROOT, env=self.env, check=True,
                       capture_output=True, timeout=60)
        assert self.process is not None
        return self.process.wait(timeout=60)

    def chat(self, sender: str, text: str, shown: str | None = None) -> dict:
        """The gateway's reply to ``text`` typed, or (``shown``: the button's title) to a button tapped."""
        body = {"sender": sender, "text": text} if shown is None else {"sender": sender, "text": text, "shown": shown}
        response = httpx.post(f"{self.url}/api/chat", json=body, timeout=60)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    bot = Assistant(tmp_path_factory.mktemp("assistant"))
    bot.start()
    yield bot
    if bot.process and bot.process.poll() is None:
        bot.stop()
