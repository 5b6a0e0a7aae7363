"""bot.cli.rasa_tuning: the speed-ups change no result of Rasa's (the DIET load is compared end to end by
the e2e tests, which run the server with them; here the cheap ones)."""

from __future__ import annotations

import sqlite3

import pytest
from jsonschema import ValidationError, validate

rasa_tuning = pytest.importorskip("bot.cli.rasa_tuning")
from rasa.core.actions.action import RemoteAction  # noqa: E402

VALID = {"events": [{"event": "slot", "name": "region", "value": "haikou"}],
         "responses": [{"text": "好的"}]}
INVALID = [
    {"events": [{"event": "no_such_event"}]},
    {"events": "not a list"},
    {"responses": [1, 2]},
    {"events": [{"event": "slot"}]},
]


@pytest.fixture(scope="module")
def installed() -> None:
    assert rasa_tuning.install()


def test_valid_action_results_pass_as_before(installed: None) -> None:
    action = RemoteAction("action_respond", None)
    validate(VALID, RemoteAction.action_response_format_spec())
    assert action._validate_action_result(VALID) is True


@pytest.mark.parametrize("result", INVALID)
def test_invalid_action_results_raise_the_same_error(installed: None, result: dict) -> None:
    with pytest.raises(ValidationError) as shipped:
        validate(result, RemoteAction.action_response_format_spec())
    with pytest.raises(ValidationError) as tuned:
        RemoteAction("action_respond", None)._validate_action_result(result)
    assert tuned.value.message.startswith(shipped.value.message)
    assert "Failed to validate Action server response" in tuned.value.message


def test_sqlite_tracker_store_keeps_connections_and_uses_wal(installed: None, tmp_path) -> None:
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    store = SQLTrackerStore(Domain.empty(), host=f"sqlite:///{tmp_path / 'tracker.db'}")
    assert type(store.engine.pool).__name__ == "QueuePool"
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert sqlite3.connect(tmp_path / "tracker.db").execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_tracker_load_reads_the_same_events_in_the_same_order(installed: None, tmp_path) -> None:
    import asyncio
    import json

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.from_dict({"slots": {"region": {"type": "any", "mappings": [{"type": "custom"}]}}})
    store = SQLTrackerStore(domain, host=f"sqlite:///{tmp_path / 'tracker.db'}")
    tracker = DialogueStateTracker.from_events("web:a", [
        ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
        UserUttered("海口", {"name": "inform"}), SlotSet("region", "haikou"), BotUttered("好的"),
        ActionExecuted("action_listen"), UserUttered("82", {"name": "inform"})], domain.slots)
    asyncio.run(store.save(tracker))
    loaded = asyncio.run(store.retrieve("web:a"))
    with store.session_scope() as session:  # what Rasa's own _retrieve reads: ORM rows of the latest session
        shipped = [json.loads(row.data) for row in store._event_query(session, "web:a", False).all()]
    assert [e.as_dict() for e in loaded.events] == [e.as_dict() for e in DialogueStateTracker.from_dict(
        "web:a", shipped, domain.slots).events]
    assert len(loaded.events) == 7 and loaded.get_slot("region") == "haikou"
    assert asyncio.run(store.retrieve("web:nobody")) is None
