"""Rasa 3.6 graph component ``ProfileEntityExtractor``: profile facts as entities (region, age, disability …).

config.yml, after the intent classifier and before EntitySynonymMapper:

    - name: bot.nlu.profile_extractor.ProfileEntityExtractor
      model_path: build/spacy_profile

It loads the spaCy pipeline built by :func:`bot.nlu.spacy_build.build_spacy_pipeline` (``make kb-build``;
a relative ``model_path`` is looked up in the working directory, then in the project root; when it has
not been built the pipeline is generated in memory from knowledge/ with a warning) and appends to
``message.data["entities"]`` the mentions that state the message's profile (entity = profile field,
value = normalised value, ``confidence_entity`` 1.0, ``extractor`` ProfileEntityExtractor, plus ``text``:
the words the user wrote, e.g. the name of an ``outside`` place). Only mentions with the value that
:func:`extract_profile` keeps for their field are passed on (户口在安徽，住在温州 → region wenzhou only), since
Rasa fills a slot from the last entity of its name. Entities of other extractors are kept; an identical
entity is not added twice. Offsets refer to the message text as Rasa has it: the normalised text when
``TextNormalizer`` runs first, as configured; otherwise they are mapped back to the original text.

Code that does not run inside Rasa uses :func:`extract_profile` / :func:`extract_entities`
(re-exported here from :mod:`bot.nlu.profile`, which does not import Rasa).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.profile import (
    ProfileExtractor,
    extract_entities,
    extract_profile,
    get_extractor,
    people_mentioned,
    person_fields,
    warm_sound_alikes,
)
from bot.nlu.text import normalize_user_text, normalize_with_alignment
from bot.settings import PROJECT_ROOT

__all__ = ["ProfileEntityExtractor", "extract_entities", "extract_profile"]

logger = logging.getLogger(__name__)

_IDENTITY = ("entity", "value", "start", "end")


def resolve_model_path(model_path: Optional[str]) -> Optional[str]:
    """An existing directory for ``model_path`` (as given, or relative to the project root), else None."""
    if not model_path:
        return None
    path = Path(model_path)
    for candidate in ([path] if path.is_absolute() else [Path.cwd() / path, PROJECT_ROOT / path]):
        if (candidate / "meta.json").exists():
            return str(candidate.resolve())
    return None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class ProfileEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Tags the profile facts of a message with the knowledge-generated spaCy pipeline (see module doc)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"model_path": "build/spacy_profile"}

    def __init__(self, config: dict[str, Any], extractor: ProfileExtractor) -> None:
        self._config = config
        self._extractor = extractor

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> ProfileEntityExtractor:
        path = resolve_model_path(config.get("model_path"))
        if path is None:
            logger.warning("ProfileEntityExtractor: no pipeline at %r; generating it from knowledge/ "
                           "(run `make kb-build`)", config.get("model_path"))
        extractor = get_extractor(path)
        # Build the sound-alike map now, while Rasa loads the model: built lazily, it blocked the first
        # parse (and Rasa's /status) for seconds after the server said it was up.
        warm_sound_alikes()
        return cls(config, extractor)

    @staticmethod
    def required_packages() -> list[str]:
        return ["spacy", "jieba", "opencc"]

    def entities_for(self, text: str) -> list[dict[str, Any]]:
        """Profile entities with offsets into ``text`` itself (normalised or not)."""
        entities = self._extractor.profile_entities(text)
        if normalize_user_text(text) == text:
            return entities
        alignment = normalize_with_alignment(text)
        for entity in entities:
            entity["start"], entity["end"] = alignment.to_original(entity["start"], entity["end"])
            entity["text"] = text[entity["start"]:entity["end"]]
        return entities

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text.strip():
                continue
            existing = list(message.get(ENTITIES) or [])
            found = self.entities_for(text)
            if people_mentioned(text) >= 2:
                # Two elders: a person fact is kept only as this component reads it (said of both),
                # not as the classifier tagged it for one of them.
                kept = {e["entity"] for e in found}
                existing = [e for e in existing if e.get("entity") not in person_fields() or e.get("entity") in kept]
            seen = {tuple(e.get(k) for k in _IDENTITY) for e in existing}
            new = []
            for entity in self.add_extractor_name(found):
                key = tuple(entity.get(k) for k in _IDENTITY)
                if key not in seen:
                    seen.add(key)
                    new.append(entity)
            message.set(ENTITIES, existing + new, add_to_output=True)
        return messages
