"""Delete conversations older than the retention period (``RETENTION_DAYS``, default 180) from Rasa's tracker store.

A conversation goes when its last event is older than the period; all its events go with it. Run it daily:

    python -m bot.gateway.retention            # delete, and print how many conversations and events went
    python -m bot.gateway.retention --dry-run  # only count

e.g. from cron: ``17 3 * * * cd /srv/elder-care && .venv/bin/python -m bot.gateway.retention``. A web session's
token expires after the same period, so nobody is left with a token for a conversation that is gone.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from typing import Optional

import sqlalchemy as sa

from bot.settings import load_settings


@dataclass(frozen=True)
class Pruned:
    conversations: int
    events: int


def prune(db_url: str, days: float, now: Optional[float] = None, dry_run: bool = False) -> Pruned:
    """Delete (or with ``dry_run`` only count) the conversations whose last event is older than ``days``."""
    cutoff = (time.time() if now is None else now) - days * 86400
    engine = sa.create_engine(db_url)
    try:
        if not sa.inspect(engine).has_table("events"):
            return Pruned(0, 0)  # no conversation was ever stored
        events = sa.Table("events", sa.MetaData(), autoload_with=engine)
        old = (sa.select(events.c.sender_id).group_by(events.c.sender_id)
               .having(sa.func.max(events.c.timestamp) < cutoff))
        with engine.begin() as connection:
            senders = [row[0] for row in connection.execute(old)]
            count = 0
            for start in range(0, len(senders), 500):  # (bounded IN lists)
                chunk = senders[start:start + 500]
                where = events.c.sender_id.in_(chunk)
                if dry_run:
                    count += connection.execute(sa.select(sa.func.count()).where(where)).scalar_one()
                else:
                    count += connection.execute(sa.delete(events).where(where)).rowcount
        return Pruned(len(senders), count)
    finally:
        engine.dispose()


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.gateway.retention", description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=float, help="retention in days (default: RETENTION_DAYS, 180)")
    parser.add_argument("--dry-run", action="store_true", help="count what would be deleted, delete nothing")
    args = parser.parse_args(argv)
    settings = load_settings()
    days = args.days if args.days is not None else settings.retention_days
    if days <= 0:
        parser.error("--days must be positive")
    result = prune(settings.tracker_db_url, days, dry_run=args.dry_run)
    verb = "would delete" if args.dry_run else "deleted"
    print(f"{verb} {result.conversations} conversation(s), {result.events} event(s) older than {days:g} days")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
