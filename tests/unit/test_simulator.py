"""The conversation simulator with a fixed seed: generated personas answer the real check in their own words (the
trained NLU in process, the real reader and engine), and none of them breaks a dialogue property: every check
ends within the bound, no question is asked a third time, no unstated fact is recorded, and the results equal
the rules' results on what the persona stated. `make eval` runs 2,000 personas (python -m bot.sim)."""

from __future__ import annotations

import pytest

from bot.sim.simulator import MODEL, RasaNlu, no_nlu, report, simulate

PERSONAS = 150


@pytest.fixture(scope="module")
def nlu():  # type: ignore[no-untyped-def]
    return RasaNlu() if MODEL.exists() else no_nlu


def test_generated_personas_keep_every_dialogue_property(nlu) -> None:  # type: ignore[no-untyped-def]
    runs = simulate(PERSONAS, seed=11, nlu=nlu)
    figures = report(runs)
    problems = [(r.persona.seed, r.violations, r.transcript[-3:]) for r in runs if r.violations][:3]
    assert figures["with_violations"] == 0, problems
    assert all(r.ended for r in runs)


def test_without_a_classifier_the_properties_hold_too() -> None:
    runs = simulate(60, seed=5, nlu=no_nlu)
    assert report(runs)["with_violations"] == 0, [(r.persona.seed, r.violations) for r in runs if r.violations][:3]
