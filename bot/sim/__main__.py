"""`python -m bot.sim [--personas N] [--seed S] [--no-nlu] [--misses FILE]`: the conversation simulator's figures."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bot.sim.simulator import MODEL, RasaNlu, dump, no_nlu, report, simulate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--personas", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-nlu", action="store_true", help="route on the words alone (no trained model)")
    parser.add_argument("--misses", type=Path, help="write the runs with violations here (JSON)")
    args = parser.parse_args()
    nlu = no_nlu if args.no_nlu or not MODEL.exists() else RasaNlu()
    started = time.monotonic()
    runs = simulate(args.personas, args.seed, nlu=nlu)
    figures = report(runs)
    figures["nlu"] = "none" if nlu is no_nlu else "rasa"
    figures["seconds"] = round(time.monotonic() - started, 1)
    print("conversation simulator:", json.dumps(figures, ensure_ascii=False))
    if args.misses:
        dump(runs, args.misses)
    return 1 if figures["with_violations"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
