"""The supervisor of `make run` (bot.cli): what it starts, how it restarts, what it keeps private."""

from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path

import pytest

from bot.cli import supervisor
from bot.cli.env import actions_env, child_env, redis_parts
from bot.cli.scaled import prepare
from bot.settings import load_settings


def settings(tmp_path: Path, **changes):  # type: ignore[no-untyped-def]
    return replace(load_settings(), data_dir=tmp_path, **changes)


def test_two_rasa_replicas_on_consecutive_ports_the_second_a_standby(tmp_path: Path) -> None:
    children = supervisor.children(settings(tmp_path, replicas=2, rasa_port=5100))
    rasa = [c for c in children if c.name.startswith("rasa")]
    assert [(c.name, c.port, c.standby) for c in rasa] == [("rasa1", 5100, False), ("rasa2", 5101, True)]
    assert all("endpoints.yml" in c.command for c in rasa)


def test_the_scaled_topology_uses_the_redis_lock_store_and_starts_replicas_together(tmp_path: Path) -> None:
    s = settings(tmp_path, replicas=3, lock_store_url="redis://127.0.0.1:6379/4", action_workers=2)
    children = supervisor.children(s)
    rasa = [c for c in children if c.name.startswith("rasa")]
    assert len(rasa) == 3 and not any(c.standby for c in rasa)
    assert all("endpoints.scaled.yml" in c.command for c in rasa)
    assert rasa[0].env["LOCK_REDIS_DB"] == "4" and rasa[0].env["TICKET_LOCK_LIFETIME"] == "15"
    assert actions_env(s)["ACTION_SERVER_SANIC_WORKERS"] == "2"


def test_the_token_is_never_on_a_command_line(tmp_path: Path) -> None:
    s = settings(tmp_path)
    for child in supervisor.children(s):
        assert s.auth_token not in " ".join(child.command)
        assert "--auth-token" not in child.command
    assert child_env(s)["RASA_AUTH_TOKEN"] == s.auth_token


def test_restart_delays_back_off_and_reset_after_a_stable_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(supervisor, "log", lambda message: None)
    sup = supervisor.Supervisor(settings(tmp_path))
    child = sup.children[0]
    delays = []
    for _ in range(8):
        child.started_at = 100.0
        sup._schedule_restart(child, now=101.0)
        delays.append(child.restart_at - 101.0)
    assert delays == [1, 2, 4, 8, 16, 30, 30, 30]
    child.started_at = 0.0
    sup._schedule_restart(child, now=supervisor.STABLE_AFTER_S + 1)
    assert child.restart_at - (supervisor.STABLE_AFTER_S + 1) == 1


def test_data_files_are_made_owner_only(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    for name in ("tracker.db", "app.db", "logs/rasa.log", "rasa_auth_token"):
        (tmp_path / name).write_text("x")
        (tmp_path / name).chmod(0o644)
    supervisor.make_private(tmp_path)
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o700
    for name in ("tracker.db", "app.db", "logs/rasa.log", "rasa_auth_token"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name


@pytest.mark.parametrize(("url", "parts"), [
    ("redis://127.0.0.1:6379/1", ("127.0.0.1", "6379", "1", "")),
    ("redis://:secret@cache:6380", ("cache", "6380", "1", "secret")),
    ("redis://cache", ("cache", "6379", "1", "")),
])
def test_redis_url_becomes_the_lock_store_fields(url: str, parts: tuple[str, ...]) -> None:
    fields = redis_parts(url)
    assert (fields["LOCK_REDIS_HOST"], fields["LOCK_REDIS_PORT"], fields["LOCK_REDIS_DB"],
            fields["LOCK_REDIS_PASSWORD"]) == parts


@pytest.mark.parametrize("url", ["http://cache:6379", "rediss://cache:6379", "cache:6379"])
def test_a_bad_redis_url_is_a_clear_error(url: str) -> None:
    with pytest.raises(SystemExit, match="redis://host:6379/1"):
        redis_parts(url)


def test_the_scaled_topology_says_what_is_missing(tmp_path: Path) -> None:
    assert "REDIS_URL" in prepare(settings(tmp_path, lock_store_url=""))
    assert "does not answer" in prepare(settings(tmp_path, lock_store_url="redis://127.0.0.1:1/1"))
