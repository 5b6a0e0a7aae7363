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


def _store_and_tracker(path):
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.from_dict({"slots": {"region": {"type": "any", "mappings": [{"type": "custom"}]}}})
    tracker = DialogueStateTracker.from_events("web:c", [
        ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
        UserUttered("海口", {"name": "inform"}), SlotSet("region", "haikou")], domain.slots)
    return (lambda: SQLTrackerStore(domain, host=f"sqlite:///{path}")), tracker


def test_a_saved_tracker_is_handed_back_while_the_database_holds_what_was_saved(installed: None, tmp_path) -> None:
    import asyncio

    from rasa.shared.core.events import SlotSet

    new_store, first = _store_and_tracker(tmp_path / "tracker.db")
    store, other_replica = new_store(), new_store()
    asyncio.run(store.save(first))
    # A load gives the latest session's events: the first save held one more (action_session_start), so
    # that tracker was not kept.
    tracker = asyncio.run(store.retrieve("web:c"))
    assert tracker is not first and len(tracker.events) == 4
    tracker.update(SlotSet("region", "haikou"))
    asyncio.run(store.save(tracker))
    assert asyncio.run(store.retrieve("web:c")) is tracker  # no reload, no replay
    # A turn that fails before saving leaves nothing behind: the database's events are loaded again.
    tracker.update(SlotSet("region", "wenzhou"))
    fresh = asyncio.run(store.retrieve("web:c"))
    assert fresh is not tracker and fresh.get_slot("region") == "haikou" and len(fresh.events) == 5
    # Another replica writes the same conversation: the cached tracker is stale and is not used.
    asyncio.run(store.save(fresh))
    theirs = asyncio.run(other_replica.retrieve("web:c"))
    theirs.update(SlotSet("region", "changji"))
    asyncio.run(other_replica.save(theirs))
    ours = asyncio.run(store.retrieve("web:c"))
    assert ours is not fresh and ours.get_slot("region") == "changji" and len(ours.events) == 6
    # Every session's events are always read from the database.
    assert asyncio.run(store.retrieve_full_tracker("web:c")) is not ours


def test_the_cached_tracker_equals_a_fresh_load(installed: None, tmp_path) -> None:
    import asyncio

    from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    new_store, tracker = _store_and_tracker(tmp_path / "tracker.db")
    store = new_store()
    for turn in range(3):
        asyncio.run(store.save(tracker))
        tracker = asyncio.run(store.retrieve("web:c"))
        tracker.update(BotUttered(f"第{turn}问"))
        tracker.update(ActionExecuted("action_listen"))
        tracker.update(UserUttered(f"答{turn}", {"name": "inform"}))
    asyncio.run(store.save(tracker))
    cached = asyncio.run(store.retrieve("web:c"))
    with store.session_scope() as session:
        rows = [row.data for row in store._event_query(session, "web:c", False).all()]
    import json
    replayed = DialogueStateTracker.from_dict("web:c", [json.loads(r) for r in rows], store.domain.slots)
    assert cached.current_state() == replayed.current_state()


def test_saved_rows_have_rasas_columns(installed: None, tmp_path) -> None:
    import asyncio
    import json

    new_store, tracker = _store_and_tracker(tmp_path / "tracker.db")
    store = new_store()
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(asyncio.run(store.retrieve("web:c"))))  # nothing new: nothing stored twice
    with store.session_scope() as session:
        rows = session.query(store.SQLEvent).order_by(store.SQLEvent.id).all()
    assert [(r.type_name, r.intent_name, r.action_name) for r in rows] == [
        ("action", None, "action_session_start"), ("session_started", None, None), ("action", None, "action_listen"),
        ("user", "inform", None), ("slot", None, "region")]
    assert [json.loads(r.data) for r in rows] == [e.as_dict() for e in tracker.events]
    assert [r.timestamp for r in rows] == [e.timestamp for e in tracker.events]


def test_the_action_server_session_is_kept_per_event_loop(installed: None) -> None:
    import asyncio

    from rasa.utils.endpoints import EndpointConfig

    endpoint = EndpointConfig("http://127.0.0.1:9/webhook")

    async def twice() -> tuple:
        async with endpoint.session() as first:
            pass
        async with endpoint.session() as second:
            pass
        assert not first.closed  # leaving the block does not close it
        return first, second

    first, second = asyncio.run(twice())
    assert first is second
    other, _ = asyncio.run(twice())  # another loop (a restarted server): a new session
    assert other is not first


def test_the_kept_sessions_close_with_the_server(installed: None) -> None:
    import asyncio
    from types import SimpleNamespace

    import rasa.core.run as rasa_run
    from rasa.utils.endpoints import EndpointConfig

    endpoint = EndpointConfig("http://127.0.0.1:9/webhook")

    async def serve_and_stop():
        async with endpoint.session() as kept:
            pass
        # what Sanic calls after the server stops (registered by rasa.core.run.serve_application)
        await rasa_run.close_resources(SimpleNamespace(ctx=SimpleNamespace(agent=None)), asyncio.get_running_loop())
        return kept

    assert asyncio.run(serve_and_stop()).closed
