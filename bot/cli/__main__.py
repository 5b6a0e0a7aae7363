"""`python -m bot.cli build|train|run|stop|rasa …`"""

from __future__ import annotations

import argparse
import os
import sys

from bot.settings import PROJECT_ROOT, load_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.cli", description="养老政策助手 commands")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="generate the jieba dictionary and NLU lookups from knowledge/")
    train = sub.add_parser("train", help="train the Rasa model if its inputs changed")
    train.add_argument("--force", action="store_true")
    run = sub.add_parser("run", help="start rasa, actions and gateway; stop all on Ctrl-C/SIGTERM")
    run.add_argument("--scaled", action="store_true",
                     help="check PostgreSQL and Redis first (make run-scaled: REPLICAS, TRACKER_DB_URL, REDIS_URL)")
    sub.add_parser("stop", help="stop a running `run`")
    agents = sub.add_parser("agents", help="workbench accounts for 12345 agents and staff")
    agents_sub = agents.add_subparsers(dest="agents_command", required=True)
    add = agents_sub.add_parser("add", help="create or reset an account (password from stdin when not a TTY)")
    add.add_argument("name")
    add.add_argument("--role", choices=("agent", "staff"), default="agent")
    rasa = sub.add_parser("rasa", help="run a rasa command with the project's environment")
    rasa.add_argument("args", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    settings = load_settings()

    if args.command == "build":
        from bot.build import build_all

        build_all()
        return 0
    if args.command == "train":
        from bot.cli.train import train_if_needed

        train_if_needed(settings, force=args.force)
        return 0
    if args.command == "run":
        from bot.cli.supervisor import Supervisor

        if args.scaled:
            from bot.cli.scaled import prepare

            problem = prepare(settings)
            if problem:
                print(f"error: {problem}", file=sys.stderr)
                return 1

        return Supervisor(settings).run()
    if args.command == "agents":
        from bot.cli.agents import add as add_account

        return add_account(args.name, args.role)
    if args.command == "stop":
        from bot.cli.supervisor import stop

        return stop(settings)
    from bot.cli.env import child_env

    os.chdir(PROJECT_ROOT)
    os.execve(sys.executable, [sys.executable, "-m", "rasa", *args.args], child_env(settings))
    return 0  # unreachable


if __name__ == "__main__":
    sys.exit(main())
