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

Only for the pinned Rasa version, whose functions these mirror; `RASA_TUNING=0` turns them off.
"""

from __future__ import annotations

from typing import Any, Optional

PATCHED_RASA = "3.6.21"


def install() -> bool:
    """Install all three; False (and nothing changed) on another Rasa version."""
    import rasa

    if rasa.__version__ != PATCHED_RASA:
        return False
    _eager_model_build()
    _cached_action_validator()
    _sqlite_wal()
    _lean_tracker_load()
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
