"""bot.nlu.intent_gate: small-talk intents stand only with a word that says them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.nlu.intent_gate import compile_cues, gated_ranking
from bot.nlu.text import normalize_user_text

ROOT = Path(__file__).resolve().parents[2]
_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def _cues() -> dict[str, re.Pattern[str]]:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    [gate] = [c for c in config["pipeline"] if c["name"].endswith("IntentGate")]
    return compile_cues(gate["cues"])


def _training_examples() -> list[tuple[str, str]]:
    out = []
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            for line in (item.get("examples") or "").splitlines():
                if item.get("intent") and line.strip().startswith("- "):
                    out.append((item["intent"], _ANNOTATION.sub(r"\1", line.strip()[2:])))
    return out


def test_every_training_example_of_a_gated_intent_has_its_cue() -> None:
    cues = _cues()
    missing = [(intent, text) for intent, text in _training_examples()
               if intent in cues and not cues[intent].search(normalize_user_text(text))]
    assert missing == []


@pytest.mark.parametrize(
    ("text", "intent"),
    [("再见", "goodbye"), ("那我走了", "goodbye"), ("不知道", "dont_know"), ("不太了解", "dont_know"),
     ("是的", "affirm"), ("好吧", "affirm"), ("不用了", "deny"), ("她没有", "deny"), ("算了不查了", "cancel"),
     ("您好", "greet"), ("明白了", "thank")],
)
def test_small_talk_keeps_its_intent(text: str, intent: str) -> None:
    assert _cues()[intent].search(normalize_user_text(text))


@pytest.mark.parametrize(
    ("text", "intent"),
    [("我妈走不了路了", "goodbye"), ("老头子走了好几年了", "goodbye"), ("就这些吗", "goodbye"),
     ("我爸腿脚不好", "dont_know"), ("然后呢", "affirm"), ("我妈不识字", "deny"), ("那咋整", "goodbye")],
)
def test_a_statement_without_the_cue_loses_the_intent(text: str, intent: str) -> None:
    assert not _cues()[intent].search(normalize_user_text(text))


def test_the_next_intent_takes_the_place_of_a_dropped_one() -> None:
    ranking = [{"name": "goodbye", "confidence": 0.9}, {"name": "inform", "confidence": 0.06},
               {"name": "affirm", "confidence": 0.04}]
    assert [r["name"] for r in gated_ranking("我妈走不了路了", ranking, _cues())] == ["inform"]
    assert gated_ranking("好的再见", ranking, _cues()) == ranking
