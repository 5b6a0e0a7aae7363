"""`python -m bot.cli agents add NAME [--role agent|staff]` — create (or reset) a workbench account.

The password is read from standard input when that is not a terminal (``echo "$PW" | … agents add wang``),
else asked twice without echo. There is no default account or password.
"""

from __future__ import annotations

import getpass
import sys
from typing import TextIO


def read_password(stdin: TextIO = sys.stdin) -> str:
    if not stdin.isatty():
        return stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码 password: ")
    if first != getpass.getpass("再输一次 again: "):
        raise SystemExit("error: the two passwords differ / 两次输入的密码不一样")
    return first


def add(name: str, role: str, stdin: TextIO = sys.stdin) -> int:
    from bot.agent.accounts import AccountError, add_account

    password = read_password(stdin)
    try:
        agent = add_account(name, password, role)
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"account {agent.username} ({agent.role}) is ready; sign in at /agent")
    return 0
