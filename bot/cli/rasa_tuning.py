"""Speed-ups for the Rasa server process, installed by bot.cli.rasa_main before Rasa starts.

Each replaces work that Rasa 3.6 repeats for nothing; none changes what Rasa computes (tests compare):

* **Start-up.** A loaded model is rebuilt by `fit()`-ing it on one example (to create weights of the right
  shape) before the trained weights are read over them. Keras traces the whole training step into a
  graph for that one step: about 25 of the server's ~35 s start-up on these 2-core machines, for a graph
  never used again. Run eagerly, the same step creates the same variables in about a second; the trained
  weights are then loaded and prediction is traced exactly as before (parses are identical).
* **Each action call.** Rasa checks the action server's answer with ``jsonschema.validate``, which first
  checks the (constant) schema against the meta-schema and builds a new validator: per turn, several
  times the cost of the check itself. The validator is built once; the check and its error are the same.
* **Each tracker load and save on SQLite.** SQLAlchemy 1.4 opens and closes a new SQLite connection for
  every session (NullPool), and the default journal syncs the disk several times per commit. The tracker
  store keeps its connections open (QueuePool), and write-ahead logging with ``synchronous=NORMAL``
  syncs at checkpoints and survives a crash of the process (a power cut may lose the last turns, not
  corrupt the file). Only for SQLite URLs; PostgreSQL is untouched.
* **Each tracker load.** Rasa reads a conversation's events as full ORM objects (an SQLAlchemy instance
  per row, then only their JSON column is used); the store reads the JSON column alone, in the same order.
* **Each turn's tracker.** Rasa rebuilds the tracker from all its events at every turn (parse the JSON,
  replay every event): a cost that grows with the conversation. The store keeps the trackers it saved
  last (a bounded LRU) and hands one back only while the database holds exactly what it saved: the same
  number of events for that sender (one indexed count; events are never deleted), and the tracker still
  has as many events as were saved (a turn that failed before saving is thrown away). Another replica's
  write, a failed turn or an evicted entry falls back to the full load, so PostgreSQL replicas stay right.
  Saving a tracker it handed out needs no query for what is stored already.
* **Each action call.** Rasa opened a new HTTP client session (and TCP connection) to the action server for
  every call and closed it after. The session is kept per event loop, and its idle connections are closed
  after a few seconds, before the action server's own keep-alive ends them (no request races a closing one).

Only for the pinned Rasa version, whose functions these mirror; `RASA_TUNING=0` turns them off.
"""

from __future__ import annotations

from typing import Any, Optional

PATCHED_RASA = "3.6.21"


def install() -> bool:
    """Install them all; False (and nothing changed) on another Rasa version."""
    import rasa

    if rasa.__version__ != PATCHED_RASA:
        return False
    _eager_model_build()
    _cached_action_validator()
    _sqlite_wal()
    _lean_tracker_load()
    _saved_tracker_cache()
    _kept_endpoint_connections()
    return True


def _eager_model_build() -> None:
    import tensorflow as tf
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
    from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
    from rasa.utils.tensorflow.model_data import RasaModelData
    from rasa.utils.tensorflow.models import RasaModel

    original = RasaModel.load.__func__

    def load(cls: type[RasaModel], model_file_name: str, model_data_example: RasaModelData,
             predict_data_example: Optional[RasaModelData] = None, finetune_mode: bool = False,
             *args: Any, **kwargs: Any) -> RasaModel:
        if finetune_mode:
            return original(cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                            *args, **kwargs)
        model = cls(*args, **kwargs)
        config = kwargs.get("config", {})
        model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)), run_eagerly=True)
        model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
        model.load_weights(model_file_name)
        model.run_eagerly = bool(config.get(RUN_EAGERLY))
        if predict_data_example:
            model.run_inference(predict_data_example)
        return model

    RasaModel.load = classmethod(load)


def _cached_action_validator() -> None:
    from jsonschema import ValidationError
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        error = best_match(validator.iter_errors(result))
        if error is not None:
            assert isinstance(error, ValidationError)
            error.message += (
                ". Failed to validate Action server response from API, make sure your response from the "
                f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
            )
            raise error
        return True

    RemoteAction._validate_action_result = validate_action_result


def _sqlite_wal() -> None:
    import rasa.core.tracker_store as tracker_store
    from sqlalchemy import event
    from sqlalchemy.pool import QueuePool

    original_kwargs = tracker_store.create_engine_kwargs
    original_init = tracker_store.SQLTrackerStore.__init__

    def engine_kwargs(url: Any) -> dict[str, Any]:
        kwargs = original_kwargs(url)
        if str(url).startswith("sqlite"):
            # Rasa's store runs on the event loop's thread; connections may be returned from another one.
            kwargs.update(poolclass=QueuePool, pool_size=2, connect_args={"check_same_thread": False})
        return kwargs

    def pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    def init(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", pragmas)
            self.engine.dispose()  # the connection that created the tables reconnects with the pragmas

    tracker_store.create_engine_kwargs = engine_kwargs
    tracker_store.SQLTrackerStore.__init__ = init


def _lean_tracker_load() -> None:
    import json

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.trackers import DialogueStateTracker

    async def _retrieve(self: SQLTrackerStore, sender_id: str,
                        fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        with self.session_scope() as session:
            query = self._event_query(session, sender_id,
                                      fetch_events_from_all_sessions=fetch_events_from_all_sessions)
            events = [json.loads(data) for (data,) in query.with_entities(self.SQLEvent.data).all()]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    SQLTrackerStore._retrieve = _retrieve


# Trackers kept per store process; a tracker of a long check is a few hundred kB at most.
SAVED_TRACKERS = 512


def _saved_tracker_cache() -> None:
    import itertools
    import json
    from collections import OrderedDict

    import sqlalchemy as sa
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import SessionStarted
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.shared.nlu.constants import INTENT_NAME_KEY

    load = SQLTrackerStore._retrieve

    def row(sender_id: str, event: Any) -> dict[str, Any]:
        data = event.as_dict()
        return {"sender_id": sender_id, "type_name": event.type_name, "timestamp": data.get("timestamp"),
                "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                "action_name": data.get("name"), "data": json.dumps(data)}

    def stored_events(store: SQLTrackerStore, session: Any, sender_id: str) -> int:
        """How many events the database holds for the sender (all sessions): it only grows."""
        table = store.SQLEvent.__table__
        return int(session.execute(sa.select(sa.func.count()).select_from(table).where(
            table.c.sender_id == sender_id)).scalar())

    def saved(store: SQLTrackerStore) -> OrderedDict:
        cache = store.__dict__.get("_saved_trackers")
        if cache is None:
            cache = store.__dict__["_saved_trackers"] = OrderedDict()
        return cache

    async def _retrieve(self: SQLTrackerStore, sender_id: str,
                        fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        cache = saved(self)
        entry = cache.pop(sender_id, None)
        if entry is not None and not fetch_events_from_all_sessions:
            tracker, events, total = entry
            with self.session_scope() as session:
                if len(tracker.events) == events and stored_events(self, session, sender_id) == total:
                    cache[sender_id] = entry
                    return tracker
        return await load(self, sender_id, fetch_events_from_all_sessions)

    async def save(self: SQLTrackerStore, tracker: DialogueStateTracker) -> None:
        cache = saved(self)
        entry = cache.pop(tracker.sender_id, None)
        await self.stream_events(tracker)
        with self.session_scope() as session:
            if entry is not None and entry[0] is tracker:
                # handed out by _retrieve, which found the database holding exactly its events (the turn ran
                # under the conversation's lock): what is new is what the turn added
                stored, total = entry[1], entry[2]
            else:
                # as Rasa's save: the events after those of the latest session already stored
                stored = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
                total = None
            new = list(itertools.islice(tracker.events, stored, len(tracker.events)))
            if new:  # one insert (Rasa built an ORM object per event and flushed them one by one)
                session.execute(self.SQLEvent.__table__.insert(), [row(tracker.sender_id, e) for e in new])
            session.commit()
            # Kept only when it is what a load would give: the latest session's events, all of them saved.
            # A first save or a new session may differ (a load starts at the session's start), so count.
            if stored == 0 or any(isinstance(event, SessionStarted) for event in new):
                in_session = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False)
                if in_session.count() != len(tracker.events):
                    return
                total = None
            elif stored + len(new) != len(tracker.events):
                return
            total = total + len(new) if total is not None else stored_events(self, session, tracker.sender_id)
            cache[tracker.sender_id] = (tracker, len(tracker.events), total)
        while len(cache) > SAVED_TRACKERS:
            cache.popitem(last=False)

    SQLTrackerStore._retrieve = _retrieve
    SQLTrackerStore.save = save


# Seconds an idle connection to the action server is kept: less than Sanic's keep-alive (5 s), so that the
# client, not the server, closes it.
KEEPALIVE_S = 3.0


def _kept_endpoint_connections() -> None:
    import asyncio

    import aiohttp
    import rasa.core.run as rasa_run
    from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
    from rasa.utils.endpoints import EndpointConfig

    class Kept:
        """``async with`` that hands out the kept session and does not close it."""

        def __init__(self, session: aiohttp.ClientSession) -> None:
            self._session = session

        async def __aenter__(self) -> aiohttp.ClientSession:
            return self._session

        async def __aexit__(self, *exc: Any) -> bool:
            return False

    def session(self: EndpointConfig) -> Kept:
        loop = asyncio.get_running_loop()
        kept = self.__dict__.get("_kept_session")
        if kept is None or kept[0] is not loop or kept[1].closed:
            auth = (aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
                    if self.basic_auth else None)
            kept = (loop, aiohttp.ClientSession(headers=self.headers, auth=auth,
                                                timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                                                connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_S)))
            self.__dict__["_kept_session"] = kept
            opened.append(kept[1])
        return Kept(kept[1])

    opened: list[aiohttp.ClientSession] = []
    close_resources = rasa_run.close_resources

    async def close_kept_sessions(app: Any, loop: Any) -> None:
        # Rasa registers close_resources when the server starts: the kept sessions close with the server,
        # not in the garbage collector's "Unclosed client session" warning.
        await close_resources(app, loop)
        while opened:
            kept_session = opened.pop()
            if not kept_session.closed:
                await kept_session.close()

    EndpointConfig.session = session
    rasa_run.close_resources = close_kept_sessions
