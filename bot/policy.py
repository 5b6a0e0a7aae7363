"""Rasa 3.6 dialogue policy ``OneActionPolicy``: every user message is answered by one action, then the bot listens.

The conversation engine (bot/conversation, run by ``action_respond``) decides what each turn is, so the
dialogue policy has nothing to learn: after a user message it predicts ``action_respond`` (or Rasa's own
action for its reserved intents ``/restart``, ``/back``, ``/session_start``, as RulePolicy's default rules
do), and after any action it predicts ``action_listen``. RulePolicy gave the same predictions from one
rule per intent, but it rebuilt the state of every earlier turn of the conversation for each prediction,
two predictions a turn: a cost that grew with the conversation. config.yml:

    policies:
      - name: bot.policy.OneActionPolicy
        action: action_respond
"""

from __future__ import annotations

from typing import Any, Optional

from rasa.core.policies.policy import Policy, PolicyPrediction, SupportedData
from rasa.core.policies.rule_policy import DEFAULT_ACTION_MAPPINGS
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY


def next_action(tracker: DialogueStateTracker, action: str) -> str:
    """After a user message (the bot last listened): ``action``, or Rasa's own action for its reserved intents;
    after any action: listen."""
    if tracker.latest_action_name != ACTION_LISTEN_NAME or not tracker.latest_message:
        return ACTION_LISTEN_NAME
    intent = tracker.latest_message.intent.get(INTENT_NAME_KEY)
    if intent is None and not tracker.latest_message.text:
        return ACTION_LISTEN_NAME
    return DEFAULT_ACTION_MAPPINGS.get(intent, action)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class OneActionPolicy(Policy):
    """Predicts ``action`` (config) after a user message and ``action_listen`` after an action."""

    @staticmethod
    def supported_data() -> SupportedData:
        # data/rules/respond.yml states the same behaviour, rule by rule, for the reader and `rasa test`.
        return SupportedData.ML_AND_RULE_DATA

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"action": "action_respond", "priority": 6}

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext, featurizer: Optional[Any] = None) -> None:
        super().__init__(config, model_storage, resource, execution_context, featurizer)
        self._action = config.get("action", "action_respond")

    def _create_featurizer(self) -> Any:
        return None  # nothing is featurised

    def train(self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[dict[str, Any]] = None,
                                     **kwargs: Any) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        probabilities[domain.index_for_action(next_action(tracker, self._action))] = 1.0
        return self._prediction(probabilities)
