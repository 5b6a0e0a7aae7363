"""Conversations older than the retention period are deleted from the tracker store, newer ones kept."""

from __future__ import annotations

import sqlalchemy as sa

from bot.gateway.retention import main, prune

DAY = 86400.0
NOW = 1_800_000_000.0


def tracker_db(tmp_path, now: float = NOW) -> str:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as db:
        db.execute(sa.text("create table events (id integer primary key, sender_id varchar(255) not null, "
                           "type_name varchar(255) not null, timestamp float, intent_name varchar(255), "
                           "action_name varchar(255), data text)"))
        rows = [("web:old", now - 200 * DAY), ("web:old", now - 190 * DAY),
                ("web:recent", now - 200 * DAY), ("web:recent", now - 1 * DAY),  # active lately: kept whole
                ("wechat:oOld", now - 181 * DAY)]
        for sender, stamp in rows:
            db.execute(sa.text("insert into events (sender_id, type_name, timestamp) values (:s, 'user', :t)"),
                       {"s": sender, "t": stamp})
    engine.dispose()
    return url


def senders(url: str) -> list[str]:
    engine = sa.create_engine(url)
    with engine.connect() as db:
        found = sorted({row[0] for row in db.execute(sa.text("select sender_id from events"))})
    engine.dispose()
    return found


def test_prune_deletes_whole_old_conversations_only(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = tracker_db(tmp_path)
    counted = prune(url, 180, now=NOW, dry_run=True)
    assert (counted.conversations, counted.events) == (2, 3) and len(senders(url)) == 3
    deleted = prune(url, 180, now=NOW)
    assert (deleted.conversations, deleted.events) == (2, 3)
    assert senders(url) == ["web:recent"]


def test_prune_without_any_conversation_is_fine(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert prune(f"sqlite:///{tmp_path / 'empty.db'}", 180).conversations == 0


def test_command_reads_the_settings(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import time

    url = tracker_db(tmp_path, now=time.time())
    monkeypatch.setenv("TRACKER_DB_URL", url)
    monkeypatch.setenv("RETENTION_DAYS", "365")
    assert main([]) == 0 and "deleted 0 conversation(s)" in capsys.readouterr().out
    assert main(["--days", "0.5", "--dry-run"]) == 0 and "would delete 3 conversation(s)" in capsys.readouterr().out
    assert len(senders(url)) == 3
    assert main([]) == 0 and len(senders(url)) == 3
    monkeypatch.setenv("RETENTION_DAYS", "180")
    assert main([]) == 0 and "deleted 2 conversation(s), 3 event(s)" in capsys.readouterr().out.splitlines()[-1]
    assert senders(url) == ["web:recent"]
