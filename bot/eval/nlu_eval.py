"""Intent macro-F1 of the trained model on the held-out NLU split (never trained on).

`python -m bot.eval.nlu_eval [--model models/elder-care.tar.gz]`
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
from collections import Counter
from pathlib import Path

from bot.settings import PROJECT_ROOT

HELDOUT = PROJECT_ROOT / "tests" / "data" / "nlu_heldout.yml"
QUESTION_SETS = (PROJECT_ROOT / "tests" / "data" / "dev_questions.yaml",
                 PROJECT_ROOT / "tests" / "data" / "fresh_questions.yaml")
# Intents under which a policy question still gets an answer from the knowledge base.
ANSWERING_INTENTS = {"ask_policy", "compare_regions"}


def load_heldout(path: Path = HELDOUT) -> list[tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [(m.get("text"), m.get("intent")) for m in data.intent_examples]


def macro_f1(pairs: list[tuple[str, str]]) -> tuple[float, dict[str, float]]:
    """Macro-averaged F1 over the gold intents, from (gold, predicted) pairs."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for gold, predicted in pairs:
        if gold == predicted:
            tp[gold] += 1
        else:
            fn[gold] += 1
            fp[predicted] += 1
    scores = {}
    for label in sorted({g for g, _ in pairs}):
        precision = tp[label] / (tp[label] + fp[label]) if tp[label] + fp[label] else 0.0
        recall = tp[label] / (tp[label] + fn[label]) if tp[label] + fn[label] else 0.0
        scores[label] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return sum(scores.values()) / len(scores), scores


async def _predict(model: Path, texts: list[str]) -> list[str]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [(await agent.parse_message(text))["intent"]["name"] for text in texts]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=PROJECT_ROOT / "models" / "elder-care.tar.gz")
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    logging.disable(logging.WARNING)
    examples = load_heldout()
    predicted = asyncio.run(_predict(args.model, [text for text, _ in examples]))
    pairs = [(gold, pred) for (_, gold), pred in zip(examples, predicted)]
    score, per_intent = macro_f1(pairs)
    print(f"NLU held-out split: {len(pairs)} messages, intent macro-F1 {score:.3f}")
    for label, value in per_intent.items():
        print(f"  {label:<20} F1 {value:.2f}")
    for (text, gold), pred in zip(examples, predicted):
        if gold != pred:
            print(f"  miss: {text!r} gold={gold} predicted={pred}")
    routing(args.model)
    return 0


def routing(model: Path) -> None:
    """Policy questions of the dev and fresh sets must reach the answering action, not the check or the
    fallback: the share classified as ask_policy (or compare_regions)."""
    import yaml

    for path in QUESTION_SETS:
        questions = [e["question"] for e in yaml.safe_load(path.read_text(encoding="utf-8"))]
        predicted = asyncio.run(_predict(model, questions))
        routed = sum(p in ANSWERING_INTENTS for p in predicted)
        others = Counter(p for p in predicted if p not in ANSWERING_INTENTS)
        print(f"{path.name}: {routed / len(questions):.1%} of {len(questions)} questions go to the answer "
              f"action; others: {dict(others.most_common(5))}")


if __name__ == "__main__":
    raise SystemExit(main())
