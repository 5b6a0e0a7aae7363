"""Where a Rasa turn's time goes: `python -m bot.bench.profile_turn [--turns 60]`.

Loads the trained model in this process (with bot.cli.rasa_tuning, as the server does;
``--no-tuning`` for Rasa as shipped), starts the real action
server, and profiles whole turns (``Agent.handle_message``: NLU, policies, the action server round trip,
the SQL tracker store) with pyinstrument. Prints the functions with the most time of their own and a few
layers by cumulative time; docs/evaluation.md keeps the top entries.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Optional

import httpx

from bot.bench.stack import free_port
from bot.bench.users import CHECK_OPENERS, offered_buttons, questions
from bot.gateway.rasa_client import TAPPED
from bot.settings import PROJECT_ROOT

# Cumulative time of these says which layer a turn's time is spent in.
LAYERS = {
    "NLU (parse_message)": "parse_message",
    "policies (predict_next_with_tracker_if_should)": "predict_next_with_tracker_if_should",
    "action server round trip (RemoteAction.run)": "RemoteAction.run",
    "tracker load (SQLTrackerStore._retrieve)": "SQLTrackerStore._retrieve",
    "tracker save (SQLTrackerStore.save)": "SQLTrackerStore.save",
    "tracker replay (DialogueStateTracker.from_dict)": "DialogueStateTracker.from_dict",
    "action call: domain sent (Domain.as_dict)": "Domain.as_dict",
    "action call: tracker sent (current_state)": "DialogueStateTracker.current_state",
    "action call: answer checked (_validate_action_result)": "_validate_action_result",
}


def _walk(frame: Any, own: dict[str, float], total: dict[str, float], stack: tuple[str, ...]) -> None:
    name = f"{frame.class_name + '.' if getattr(frame, 'class_name', None) else ''}{frame.function}"
    where = f"{name}  {Path(frame.file_path or '?').name}:{frame.line_no}"
    if name not in stack:  # count recursive calls once
        for label, marker in LAYERS.items():
            if name.endswith(marker):
                total[label] += frame.time
    # pyinstrument puts a frame's own time in synthetic "[self]" children.
    own[where] += sum(child.time for child in frame.children if child.is_synthetic_leaf)
    for child in frame.children:
        if not child.is_synthetic:
            _walk(child, own, total, (*stack, name))


async def _turns(agent: Any, count: int, pool: list[str]) -> int:
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    rng = random.Random(3)
    done = 0
    while done < count:
        sender = f"profile-{done}"
        if rng.random() < 0.5:
            await agent.handle_message(UserMessage(rng.choice(pool), CollectingOutputChannel(), sender))
            done += 1
            continue
        out = CollectingOutputChannel()
        await agent.handle_message(UserMessage(rng.choice(CHECK_OPENERS), out, sender))
        done += 1
        for _ in range(14):
            buttons = offered_buttons([{"buttons": m.get("buttons")} for m in out.messages])
            if not buttons or done >= count:
                break
            out = CollectingOutputChannel()
            await agent.handle_message(UserMessage(rng.choice(buttons)["payload"], out, sender,
                                                   metadata={TAPPED: True}))
            done += 1
    return done


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.bench.profile_turn")
    parser.add_argument("--turns", type=int, default=60)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--no-tuning", action="store_true", help="Rasa as shipped (no bot.cli.rasa_tuning)")
    args = parser.parse_args(argv)

    port = free_port()
    data = Path(tempfile.mkdtemp(prefix="profile-"))
    env = {**os.environ, "SANIC_HOST": "127.0.0.1", "DATA_DIR": str(data)}
    actions = subprocess.Popen([sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
                               cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        os.environ.update(ACTION_ENDPOINT_URL=f"http://127.0.0.1:{port}/webhook",
                          TRACKER_DB_URL=f"sqlite:///{data / 'tracker.db'}")
        from pyinstrument import Profiler
        from rasa.core.agent import load_agent
        from rasa.core.utils import AvailableEndpoints
        from rasa.utils.log_utils import configure_structlog

        from bot.cli.rasa_tuning import install

        configure_structlog(logging.INFO)  # as `rasa run` does: debug events are not rendered

        if not args.no_tuning:
            install()
        endpoints = AvailableEndpoints.read_endpoints(str(PROJECT_ROOT / "endpoints.yml"))
        agent = asyncio.run(load_agent(model_path=str(PROJECT_ROOT / "models" / "elder-care.tar.gz"),
                                       endpoints=endpoints))
        for _ in range(120):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(1)
        pool = questions()
        asyncio.run(_turns(agent, 10, pool))  # warm-up: first parses, first action calls
        profiler = Profiler(interval=0.0005, async_mode="disabled")
        cpu = time.process_time()
        profiler.start()
        began = time.perf_counter()
        turns = asyncio.run(_turns(agent, args.turns, pool))
        wall = time.perf_counter() - began
        profiler.stop()
        cpu = time.process_time() - cpu
        if os.environ.get("PROFILE_HTML"):
            Path(os.environ["PROFILE_HTML"]).write_text(profiler.output_text(unicode=True, show_all=False))
    finally:
        actions.terminate()
        actions.wait(timeout=30)

    own: dict[str, float] = defaultdict(float)
    total: dict[str, float] = defaultdict(float)
    _walk(profiler.last_session.root_frame(), own, total, ())
    print(f"{'Rasa as shipped' if args.no_tuning else 'with bot.cli.rasa_tuning'}: {turns} turns in-process: "
          f"{wall * 1000 / turns:.1f} ms wall, {cpu * 1000 / turns:.1f} ms CPU of this process per turn "
          f"(profiler included; the action server's CPU is not counted); load {os.getloadavg()[0]:.2f}")
    print("\nlayers (cumulative ms per turn):")
    for label in LAYERS:
        print(f"  {total[label] * 1000 / turns:7.1f}  {label}")
    print(f"\ntop {args.top} functions by own time (ms per turn):")
    for where, seconds in sorted(own.items(), key=lambda item: -item[1])[: args.top]:
        print(f"  {seconds * 1000 / turns:7.2f}  {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
