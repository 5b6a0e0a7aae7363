"""bot.policy.OneActionPolicy: one action per user message, Rasa's reserved intents as RulePolicy's defaults."""

from __future__ import annotations

import pytest

pytest.importorskip("rasa")
from rasa.engine.graph import ExecutionContext, GraphSchema  # noqa: E402
from rasa.engine.storage.local_model_storage import LocalModelStorage  # noqa: E402
from rasa.engine.storage.resource import Resource  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402

from bot.policy import OneActionPolicy  # noqa: E402

DOMAIN = Domain.from_dict({"intents": ["ask_policy", "inform"], "actions": ["action_respond"]})
START = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]


@pytest.fixture()
def policy(tmp_path) -> OneActionPolicy:
    return OneActionPolicy.create(OneActionPolicy.get_default_config(), LocalModelStorage(tmp_path),
                                  Resource("policy"), ExecutionContext(GraphSchema({})))


def predicted(policy: OneActionPolicy, events: list) -> str:
    tracker = DialogueStateTracker.from_events("s", events, DOMAIN.slots)
    prediction = policy.predict_action_probabilities(tracker, DOMAIN)
    assert max(prediction.probabilities) == 1.0 and sum(prediction.probabilities) == 1.0
    return DOMAIN.action_names_or_texts[prediction.max_confidence_index]


@pytest.mark.parametrize(("after", "action"), [
    ([UserUttered("温州有啥补贴", {"name": "ask_policy"})], "action_respond"),
    ([UserUttered("没听懂的话", {"name": "nlu_fallback"})], "action_respond"),
    ([UserUttered("/restart", {"name": "restart"})], "action_restart"),
    ([UserUttered("/back", {"name": "back"})], "action_back"),
    ([UserUttered("温州", {"name": "inform"}), ActionExecuted("action_respond")], "action_listen"),
    ([], "action_listen"),
])
def test_one_action_per_user_message_then_listen(policy: OneActionPolicy, after: list, action: str) -> None:
    assert predicted(policy, START + after) == action
