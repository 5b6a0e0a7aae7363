"""Rasa 3.6 graph component ``IntentGate``: small-talk intents need a word that says them.

DIET learns the short intents (goodbye, dont_know, affirm …) from a few dozen examples each, and on a
message unlike all of them it can be sure of one for a reason as thin as a shared character:
"我妈走不了路了" came out goodbye (0.95) because of 走 and 了, "我爸腿脚不好" dont_know (1.0). Those
intents end a turn with 再见 or fill the asked fact with "unknown", so a wrong one costs the user more
than a "您是想问…？". The gate keeps such an intent only when the message matches its cue (a regular
expression from config.yml, read on the normalised text); otherwise the intent leaves the ranking and the
next one takes its place, so that FallbackClassifier (after this component) asks when it is weak:

    pipeline:
      - name: DIETClassifier
      - name: bot.nlu.intent_gate.IntentGate
        cues:
          goodbye: "再见|拜拜|…"
      - name: FallbackClassifier
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message


def compile_cues(cues: dict[str, str]) -> dict[str, re.Pattern[str]]:
    return {intent: re.compile(pattern, re.IGNORECASE) for intent, pattern in (cues or {}).items()}


def gated_ranking(text: str, ranking: list[dict[str, Any]],
                  cues: dict[str, re.Pattern[str]]) -> list[dict[str, Any]]:
    """The ranking without the gated intents whose cue the text does not match."""
    return [r for r in ranking if r.get(INTENT_NAME_KEY) not in cues or cues[r[INTENT_NAME_KEY]].search(text)]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class IntentGate(GraphComponent):
    """Drops a small-talk intent from the top of the ranking when the message lacks its cue."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"cues": {}}

    def __init__(self, config: dict[str, Any]) -> None:
        self._cues = compile_cues(config.get("cues") or {})

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> IntentGate:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._gate(message)
        return messages

    def _gate(self, message: Message) -> None:
        intent = message.get(INTENT) or {}
        name = intent.get(INTENT_NAME_KEY)
        text = message.get(TEXT) or ""
        if name not in self._cues or self._cues[name].search(text) or text.startswith("/"):
            return
        ranking = gated_ranking(text, message.get(INTENT_RANKING_KEY) or [], self._cues)
        top = ranking[0] if ranking else {INTENT_NAME_KEY: None, "confidence": 0.0}
        message.set(INTENT, {INTENT_NAME_KEY: top[INTENT_NAME_KEY], "confidence": top["confidence"]},
                    add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
