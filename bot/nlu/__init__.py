"""Understanding what elders and their families type (Rasa components and the pure functions behind them).

* :mod:`bot.nlu.text` — ``normalize_user_text``: traditional → simplified, full/half width, whitespace,
  Chinese numerals in ages and amounts (no Rasa, no spaCy; cheap to import);
* :mod:`bot.nlu.normalizer` — Rasa component ``TextNormalizer`` (first in the pipeline);
* :mod:`bot.nlu.terms` — reads knowledge/nlu and the regions into the phrase table; ``profile_lexicon``;
* :mod:`bot.nlu.spacy_build` — ``build_spacy_pipeline``: the entity_ruler pipeline (build/spacy_profile);
* :mod:`bot.nlu.profile` — ``extract_profile`` / ``extract_entities`` (no Rasa);
* :mod:`bot.nlu.profile_extractor` — Rasa component ``ProfileEntityExtractor``.
"""
