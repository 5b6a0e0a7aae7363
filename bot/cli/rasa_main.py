"""`python -m bot.cli.rasa_main run …`: Rasa's own CLI, with the API token taken from the environment.

`rasa run` reads its token only from `--auth-token`, and a command line is visible to every user in `ps`.
This entry point adds the option inside the process (``sys.argv``, which `ps` does not show) from
``RASA_AUTH_TOKEN``, an environment variable only the process's owner can read. It also installs the
speed-ups of :mod:`bot.cli.rasa_tuning` (``RASA_TUNING=0`` turns them off).
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    args = sys.argv[1:]
    token = os.environ.get("RASA_AUTH_TOKEN", "").strip()
    if token and args[:1] == ["run"] and "--auth-token" not in args:
        args = ["run", "--auth-token", token, *args[1:]]
    sys.argv = ["rasa", *args]
    if args[:1] == ["run"] and os.environ.get("RASA_TUNING", "1") != "0":
        from bot.cli.rasa_tuning import install

        install()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
