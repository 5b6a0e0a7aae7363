"""`make bench`: speed of the whole assistant, measured on real processes over loopback, in one run.

Prints one table and appends a dated JSON line to bench/results.jsonl:

* cold start (supervisor start → ready, warm-up parse included), training time (of the last `make train`),
  peak RSS and CPU time per process, the machine's cores and load;
* side by side at one user, the same single questions: Rasa's /model/parse alone, Rasa's REST webhook
  (a whole turn: NLU, policies, the action server, the tracker store) and the gateway's /api/chat;
* 1, 10 and 50 concurrent simulated users (bot.bench.users: single questions and whole entitlement
  checks) with no pause: p50/p95/p99, turns/s, errors, empty replies, Rasa CPU per turn;
* /api/kb/search, /api/entitlements and (when the gateway has it) /api/agent/suggest latency;
* the scaled topology (2 Rasa replicas on PostgreSQL + Redis lock store, 2 action workers) at 10 and 50
  users, when PostgreSQL and Redis answer on this machine.

Options: --seconds (per load phase, default 20), --no-scaled, --quick (5 s phases, for a smoke run).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import subprocess
import sys
import time
from datetime import datetime, timezone
from typing import Any, Optional

import httpx

from bot.bench import load
from bot.bench.stack import Stack, fresh_scaled_services
from bot.bench.stats import summary
from bot.bench.users import questions
from bot.settings import PROJECT_ROOT

RESULTS = PROJECT_ROOT / "bench" / "results.jsonl"
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
BENCH_DB = "eldercare_bench"
BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
GOALS = {"rasa_cpu_ms_per_turn": 25, "throughput": 40, "p95_ms_10_users": 250, "p99_ms_50_users": 2000,
         "cold_start_s": 20}


def machine() -> dict[str, Any]:
    return {"cores": os.cpu_count(), "load": [round(x, 2) for x in os.getloadavg()]}


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def training_seconds() -> Optional[float]:
    path = PROJECT_ROOT / "models" / "elder-care.train.json"
    try:
        return float(json.loads(path.read_text())["seconds"])
    except (OSError, ValueError, KeyError):
        return None


async def _sequential(requests: list[Any], login: Optional[tuple[str, str, str]] = None) -> dict[str, Any]:
    """The requests one after another; ``login`` (url, name, password) signs a workbench session in first."""
    latencies, errors = [], 0
    async with httpx.AsyncClient(timeout=30) as client:
        if login is not None:
            url, name, password = login
            session = await client.post(url, json={"username": name, "password": password})
            client.headers["X-CSRF-Token"] = session.json().get("csrf_token", "") if session.is_success else ""
        began = time.monotonic()
        for method, url, kwargs in requests:
            start = time.perf_counter()
            try:
                response = await client.request(method, url, **kwargs)
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append((time.perf_counter() - start) * 1000)
            else:
                errors += 1
        return summary(latencies, time.monotonic() - began, errors)


def endpoint_latencies(stack: Stack, count: int) -> dict[str, Any]:
    from bot.bench.rules_bench import random_profile

    rng = random.Random(11)
    pool = questions()
    base = stack.url
    search = [("GET", f"{base}/api/kb/search", {"params": {"q": rng.choice(pool)}}) for _ in range(count)]
    profiles = [random_profile(rng, rng.choice((0.2, 0.5, 1.0))).dict(exclude_none=True) for _ in range(count)]
    entitlements = [("POST", f"{base}/api/entitlements", {"json": {"profile": p}}) for p in profiles]
    result = {"kb_search": asyncio.run(_sequential(search)),
              "entitlements": asyncio.run(_sequential(entitlements))}
    # Slot for the hotline agents' suggest service (issue 20): measured once the gateway has it.
    paths = httpx.get(f"{base}/openapi.json", timeout=10).json().get("paths", {})
    if "/api/agent/suggest" in paths:
        # a workbench account in the stack's own database (there is no default one)
        password = secrets.token_urlsafe(16)
        subprocess.run([sys.executable, "-m", "bot.cli", "agents", "add", "bench"], input=password, text=True,
                       env=stack.env, check=True, capture_output=True)
        suggest = [("POST", f"{base}/api/agent/suggest", {"json": {"text": rng.choice(pool)}}) for _ in range(count)]
        result["agent_suggest"] = asyncio.run(_sequential(suggest, (f"{base}/api/agent/login", "bench", password)))
    else:
        result["agent_suggest"] = "not on this branch"
    return result


def load_phase(stack: Stack, users: int, seconds: float, target: str = "gateway",
               only_questions: bool = False) -> dict[str, Any]:
    """One bounded load phase; Rasa CPU per turn from the Rasa processes' CPU time over the phase."""
    def make_send(client: httpx.AsyncClient, samples: load.Samples) -> load.Send:
        if target == "parse":
            return load.parse_sender(client, stack.rasa_urls[0], stack.token, samples)
        if target == "webhook":
            return load.webhook_sender(client, stack.rasa_urls[0], samples)
        return load.gateway_sender(client, stack.url, samples)

    before = stack.stats()
    samples, elapsed = asyncio.run(load.run_users(make_send, users, seconds, only_questions=only_questions))
    after = stack.stats()
    result = summary(samples.latencies_ms, elapsed, samples.errors, samples.empty)
    turns = max(1, len(samples.latencies_ms))
    for name in after:
        if name in before:
            key = "rasa" if name.startswith("rasa") else name
            result[f"{key}_cpu_ms_per_turn"] = round(result.get(f"{key}_cpu_ms_per_turn", 0)
                                                     + (after[name].cpu_s - before[name].cpu_s) * 1000 / turns, 1)
    result["conversations"] = samples.conversations
    if samples.error_kinds:
        result["error_kinds"] = samples.error_kinds
    return result


def measure(stack: Stack, seconds: float, side_by_side: bool, user_counts: tuple[int, ...]) -> dict[str, Any]:
    figures: dict[str, Any] = {"cold_start_s": round(stack.cold_start_s, 1), "machine_at_start": machine()}
    if side_by_side:
        # The same single questions, one at a time, through each layer.
        side = seconds / 2
        figures["side_by_side"] = {
            "parse": load_phase(stack, 1, side, "parse", only_questions=True),
            "webhook": load_phase(stack, 1, side, "webhook", only_questions=True),
            "gateway": load_phase(stack, 1, side, "gateway", only_questions=True),
        }
        parse, webhook, gateway = (figures["side_by_side"][k]["p50_ms"] for k in ("parse", "webhook", "gateway"))
        figures["side_by_side"]["webhook_over_parse"] = round(webhook / parse, 2) if parse else None
        figures["side_by_side"]["gateway_over_webhook"] = round(gateway / webhook, 2) if webhook else None
        figures["endpoints"] = endpoint_latencies(stack, 100)
    for users in user_counts:
        figures[f"users_{users}"] = {**load_phase(stack, users, seconds), "machine": machine()}
    figures["processes"] = {name: {"peak_rss_mb": round(s.peak_rss_mb), "cpu_s": round(s.cpu_s, 1),
                                   "processes": s.processes} for name, s in stack.stats().items()}
    return figures


def scaled_services() -> Optional[str]:
    """None when PostgreSQL and Redis answer (and the bench database is fresh), else why not."""
    return fresh_scaled_services(PG_ADMIN_URL, BENCH_REDIS_URL, BENCH_DB)


def run_stack(stack: Stack, seconds: float, side_by_side: bool, users: tuple[int, ...]) -> dict[str, Any]:
    try:
        stack.start()
        return measure(stack, seconds, side_by_side, users)
    finally:
        stack.stop()


def print_table(result: dict[str, Any]) -> None:
    single = result["single"]
    print(f"\nmake bench {result['date']}  commit {result['commit']}  cores {result['machine']['cores']}  "
          f"load at start {result['machine']['load']}")
    shipped = f" (as shipped {result['baseline']['cold_start_s']} s)" if "baseline" in result else ""
    print(f"cold start {single['cold_start_s']} s{shipped} (goal ≤ {GOALS['cold_start_s']})   "
          f"training {result.get('training_s') or 'n/a'} s (last make train)")
    print(f"{'':38}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'turns/s':>9}{'errors':>8}{'empty':>7}"
          f"{'rasa cpu/turn':>15}")
    rows: list[tuple[str, dict[str, Any]]] = []
    for name in ("parse", "webhook", "gateway"):
        rows.append((f"1 user, questions, {name}", single["side_by_side"][name]))
    for key in sorted(k for k in single if k.startswith("users_")):
        rows.append((f"{key[6:]} user{'s' if key != 'users_1' else ''}, gateway", single[key]))
    if "baseline" in result:
        base = result["baseline"]
        rows += [("1 user, questions, webhook, as shipped", base["side_by_side"]["webhook"]),
                 ("10 users, gateway, as shipped", base["users_10"])]
    for key in sorted(k for k in result.get("scaled", {}) if k.startswith("users_")):
        rows.append((f"{key[6:]} users, scaled x2", result["scaled"][key]))
    for label, row in rows:
        cpu = row.get("rasa_cpu_ms_per_turn", "")
        print(f"{label:38}{row['p50_ms']:>9}{row['p95_ms']:>9}{row['p99_ms']:>9}{row['throughput']:>9}"
              f"{row['errors']:>8}{row['empty']:>7}{cpu:>15}")
    side = single["side_by_side"]
    print(f"overhead: webhook/parse ×{side['webhook_over_parse']}, gateway/webhook ×{side['gateway_over_webhook']}")
    for name, row in single["endpoints"].items():
        if isinstance(row, dict):
            print(f"{name:38}{row['p50_ms']:>9}{row['p95_ms']:>9}{row['p99_ms']:>9}{'':9}{row['errors']:>8}")
        else:
            print(f"{name:38}{row}")
    print("peak RSS / CPU: " + ", ".join(f"{n} {p['peak_rss_mb']} MB / {p['cpu_s']} s"
                                         for n, p in single["processes"].items()))
    if "scaled" in result and "cold_start_s" in result["scaled"]:
        print(f"scaled: cold start {result['scaled']['cold_start_s']} s; peak RSS " + ", ".join(
            f"{n} {p['peak_rss_mb']} MB" for n, p in result["scaled"]["processes"].items()))
    elif "scaled_skipped" in result:
        print(f"scaled topology skipped: {result['scaled_skipped']}")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.bench.run")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each load phase")
    parser.add_argument("--no-scaled", action="store_true", help="skip the PostgreSQL + Redis topology")
    parser.add_argument("--quick", action="store_true", help="5 s phases, no scaled run (smoke test)")
    parser.add_argument("--no-record", action="store_true", help="do not append to bench/results.jsonl")
    parser.add_argument("--baseline", action="store_true",
                        help="also measure Rasa as shipped (RASA_TUNING=0): side by side and 10 users")
    args = parser.parse_args(argv)
    seconds = 5.0 if args.quick else args.seconds
    result: dict[str, Any] = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                              "commit": git_commit(), "machine": machine(), "training_s": training_seconds(),
                              "seconds_per_phase": seconds}
    if args.baseline:
        result["baseline"] = run_stack(Stack(extra_env={"REPLICAS": "1", "RASA_TUNING": "0"}), seconds, True, (10,))
    result["single"] = run_stack(Stack(extra_env={"REPLICAS": "1"}), seconds, True, (1, 10, 50))
    if not (args.quick or args.no_scaled):
        problem = scaled_services()
        if problem:
            result["scaled_skipped"] = problem
        else:
            env = {"TRACKER_DB_URL": f"postgresql://postgres@127.0.0.1:5432/{BENCH_DB}",
                   "REDIS_URL": BENCH_REDIS_URL, "ACTION_WORKERS": "2"}
            result["scaled"] = run_stack(Stack(extra_env=env, replicas=2), seconds, False, (10, 50))
    result["machine_at_end"] = machine()
    print_table(result)
    if not args.no_record:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
        print(f"appended to {RESULTS.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
