"""Rasa 3.6 graph component ``TextNormalizer``: the first step of the NLU pipeline.

It rewrites ``message.data["text"]`` with :func:`normalize_user_text` (traditional → simplified, full-width
→ half-width, whitespace, Chinese numerals in ages and amounts → digits; see :mod:`bot.nlu.text` for the
exact rules) both on the training data (``process_training_data``) and on every incoming message
(``process``), so that ``JiebaTokenizer`` and everything after it see the normalised text. config.yml:

    pipeline:
      - name: bot.nlu.normalizer.TextNormalizer
      - name: JiebaTokenizer
        dictionary_path: build/jieba
      …

Code that only needs the function should import it from :mod:`bot.nlu.text` (importing this module
imports Rasa, which takes seconds).
"""

from __future__ import annotations

from typing import Any, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.text import Alignment, normalize_user_text, normalize_with_alignment, normalizer_fingerprint

__all__ = ["Alignment", "TextNormalizer", "normalize_user_text", "normalize_with_alignment"]


def normalize_message(message: Message) -> None:
    """Normalise a message's text in place; entity annotations (training examples) follow the text."""
    text = message.get(TEXT)
    if not isinstance(text, str) or not text:
        return
    alignment = normalize_with_alignment(text)
    if alignment.normalized == text:
        return
    entities = message.get(ENTITIES)
    if entities:
        moved = []
        for entity in entities:
            entity = dict(entity)
            if isinstance(entity.get("start"), int) and isinstance(entity.get("end"), int):
                surface = text[entity["start"]:entity["end"]]
                start, end = alignment.to_normalized(entity["start"], entity["end"])
                if end <= start:
                    continue  # the annotated characters were removed (whitespace only)
                entity["start"], entity["end"] = start, end
                if entity.get("value") == surface:
                    entity["value"] = alignment.normalized[start:end]
            moved.append(entity)
        message.set(ENTITIES, moved)
    message.set(TEXT, alignment.normalized)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class TextNormalizer(GraphComponent):
    """Rewrites ``message.data["text"]`` with :func:`normalize_user_text`, in training and at inference.

    Put it first in the pipeline, before ``JiebaTokenizer``. It is registered as a MESSAGE_TOKENIZER
    (not trainable) because the default recipe runs exactly the tokenizer and featurizer components, in
    pipeline order, on the training data (``process_training_data``) and on each message (``process``);
    it adds no tokens itself. Entity annotations of training examples are moved to the normalised offsets.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {}

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = config

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> TextNormalizer:
        return cls(config)

    @staticmethod
    def required_packages() -> list[str]:
        return ["opencc", "cn2an"]

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> Optional[str]:
        """Rasa caches training steps by the component's own source; the rules live in bot.nlu.text."""
        return normalizer_fingerprint()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            normalize_message(message)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            normalize_message(message)
        return messages
