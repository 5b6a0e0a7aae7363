"""A conversation simulator: generated personas go through the real check, and four properties are checked.

    python -m bot.sim --personas 2000 --seed 7        # make eval
    tests/unit/test_simulator.py                       # make test (a fixed seed, fewer personas)

Each persona has a truth (a value per fact, or "vague", or not known) and answers every question the assistant
asks from the pools in tests/data/sim_phrasings.yaml: tapping a button, typing a phrasing in its own words,
"不清楚", gibberish, a question of its own, a correction. The messages go through the real NLU (Rasa's model,
in process, when there is one), the real reader and the real engine (bot.conversation.engine.respond), exactly
as the action server runs them. For every persona:

1. the check ends, within 2 × (distinct questions asked) + 2 user turns (+1 when it asked which elder);
2. no question of the check is asked a third time;
3. no fact is recorded that the persona did not state;
4. the results equal the rules engine's results on the persona's stated profile.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.conversation.engine import respond
from bot.conversation.services import MemoryRecords, Services, build_services
from bot.conversation.state import Context
from bot.conversation.turn import TurnIn
from bot.dialogue.check import profile_for_rules
from bot.rules import evaluate, parse_profile
from bot.settings import PROJECT_ROOT

PHRASINGS = PROJECT_ROOT / "tests" / "data" / "sim_phrasings.yaml"
MODEL = PROJECT_ROOT / "models" / "elder-care.tar.gz"
VAGUE = "vague"
MAX_TURNS = 40
TYPED_PAYLOAD = 0.1  # of taps, the share typed by hand instead (a copied payload is text, never a choice)
PAYLOAD = re.compile(r"^/(\w+)")

Nlu = Callable[[str], dict[str, Any]]


def no_nlu(text: str) -> dict[str, Any]:
    """No classifier: the router decides from the words alone (payloads keep their intent)."""
    match = PAYLOAD.match(text)
    return {"text": text, "intent": {"name": match.group(1), "confidence": 1.0} if match else {}}


class RasaNlu:
    """The trained model's NLU, in process (what the Rasa server would put in ``latest_message``)."""

    def __init__(self, model: Path = MODEL) -> None:
        from rasa.core.agent import Agent

        self.loop = asyncio.new_event_loop()
        self.agent = Agent.load(str(model))

    def __call__(self, text: str) -> dict[str, Any]:
        # (with the text as typed, as the action server reads it from the tracker's user event)
        return {**self.loop.run_until_complete(self.agent.parse_message(text)), "raw_text": text}


@dataclass
class Persona:
    seed: int
    truth: dict[str, str]  # field → value, or "vague"; a field absent is not known to the persona
    opening: str
    opening_facts: dict[str, str]
    tap: float  # chance of tapping a button instead of typing
    gibberish: float
    digression: float
    correction: float


@dataclass
class Run:
    persona: Persona
    transcript: list[tuple[str, str]] = field(default_factory=list)  # (user, bot)
    stated: dict[str, str] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)
    turns: int = 0
    ended: bool = False
    tapped: bool = False  # whether the persona's next message is a button it tapped (not text it typed)


class Simulator:
    def __init__(self, services: Services | None = None, nlu: Nlu = no_nlu, phrasings: Path = PHRASINGS) -> None:
        self.s = services or build_services(MemoryRecords())
        self.nlu = nlu
        self.pools = yaml.safe_load(phrasings.read_text(encoding="utf-8"))
        self.fields: dict[str, dict[str, list[str]]] = self.pools["fields"]

    # ------------------------------------------------------------------ personas
    def persona(self, seed: int) -> Persona:
        rnd = random.Random(seed)
        truth: dict[str, str] = {}
        for name, values in self.fields.items():
            if name == "tekun_mode":
                continue
            if rnd.random() < 0.15:
                continue  # not known to the persona
            truth[name] = rnd.choice(list(values))
        if truth.get("economic") == "tekun":
            truth["tekun_mode"] = rnd.choice(list(self.fields["tekun_mode"]))
        opening_facts: dict[str, str] = {}
        parts = []
        if rnd.random() < 0.4:
            known = [n for n in ("region", "age") if n in truth]  # said first, these stand alone
            for name in rnd.sample(known, k=min(2, len(known))):
                if truth.get(name) not in (None, VAGUE) and name != "disability":
                    said_first = (self.pools.get("said_first") or {}).get(name, {}).get(truth[name])
                    parts.append(rnd.choice(said_first or self.fields[name][truth[name]]))
                    opening_facts[name] = truth[name]
        opening = "，".join([*parts, rnd.choice(self.pools["openings"]["request"])])
        return Persona(seed=seed, truth=truth, opening=opening, opening_facts=opening_facts,
                       tap=rnd.choice((0.0, 0.3, 0.7)), gibberish=rnd.choice((0.0, 0.05, 0.15)),
                       digression=rnd.choice((0.0, 0.05, 0.12)), correction=rnd.choice((0.0, 0.05)))

    # ------------------------------------------------------------------ one conversation
    def _say(self, ctx: Context, text: str, run: Run) -> tuple[Context, Any]:
        latest = {**self.nlu(text), "metadata": {"tapped": run.tapped}}
        run.tapped = False
        message = self.s.read(latest, ctx)
        outcome = respond(TurnIn(message, ctx, sender=f"sim-{run.persona.seed}"), self.s)
        run.transcript.append((text, "\n".join(m["text"] for m in outcome.reply.messages)))
        if outcome.turn is None:
            run.violations.append(f"a turn failed on {text!r}")
        return outcome.ctx, outcome

    def _reply(self, rnd: random.Random, p: Persona, name: str, ctx: Context, run: Run) -> str:
        """What the persona says when asked about ``name``; records what it states."""
        if rnd.random() < p.digression:
            return rnd.choice(self.pools["digressions"])
        if rnd.random() < p.gibberish:
            return rnd.choice(self.pools["gibberish"])
        if (rnd.random() < p.correction and "age" in run.stated and name != "age"):
            new = rnd.choice([a for a in self.fields["age"] if a != run.stated["age"]])
            run.stated["age"] = new
            return f"不对，年龄说错了，是{new}"
        value = p.truth.get(name)
        buttons = self.s.questionnaire.buttons(name)
        if rnd.random() < p.tap:
            for button in buttons:
                if value not in (None, VAGUE) and f'"{name}":"{value}"' in button["payload"]:
                    if rnd.random() < TYPED_PAYLOAD:
                        return button["payload"]  # typed by hand, not tapped: it states nothing
                    run.stated[name] = value
                    run.tapped = True
                    return button["payload"]
            if value in (None, VAGUE):
                run.tapped = True
                return "/dont_know"
        if value is None:
            return rnd.choice(self.pools["dont_know"])
        if value == VAGUE or value not in self.fields[name]:
            pool = self.fields[name].get(VAGUE)
            return rnd.choice(pool) if pool else rnd.choice(self.pools["dont_know"])
        run.stated[name] = value
        return rnd.choice(self.fields[name][value])

    def run(self, persona: Persona) -> Run:
        rnd = random.Random(persona.seed * 7919 + 1)
        run = Run(persona)
        run.stated.update(persona.opening_facts)
        ctx = Context()
        ctx, outcome = self._say(ctx, persona.opening, run)
        run.turns = 1
        choice_asked = False
        while ctx.check.active and run.turns < MAX_TURNS:
            if ctx.check.choosing:
                choice_asked = True
                text = ctx.check.choosing[0].label
            elif ctx.check.requested is None:
                text = rnd.choice(self.pools["dont_know"])
            else:
                text = self._reply(rnd, persona, ctx.check.requested, ctx, run)
            ctx, outcome = self._say(ctx, text, run)
            run.turns += 1
        run.ended = not ctx.check.active
        self._check(run, ctx, choice_asked)
        return run

    # ------------------------------------------------------------------ the properties
    def _check(self, run: Run, ctx: Context, choice_asked: bool) -> None:
        if not run.ended:
            run.violations.append(f"the check did not end in {MAX_TURNS} turns")
        asked = {name: sum(q.ask in bot for _, bot in run.transcript)
                 for name, q in self.s.questionnaire.vocab.questions.items()}
        bound = 2 * sum(1 for n in asked.values() if n) + 2 + (1 if choice_asked else 0)
        if run.turns > bound:
            run.violations.append(f"{run.turns} turns for {sum(1 for n in asked.values() if n)} questions")
        for name, count in asked.items():
            if count > 2:
                run.violations.append(f"the {name} question was asked {count} times")
        for name, value in ctx.facts.items():
            if run.stated.get(name) != value:
                run.violations.append(f"recorded {name}={value}, stated {run.stated.get(name)!r}")
        if run.ended and ctx.last_check is not None:
            got = _statuses(ctx.last_check.get("profile") or {})
            want = _statuses(profile_for_rules(run.stated))
            if got != want:
                differ = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
                run.violations.append(f"results differ from the stated profile's on {differ[:4]}")


def _statuses(profile: dict[str, Any]) -> dict[str, str]:
    if not profile.get("region"):
        return {}
    try:
        return {r.benefit_id: r.status for r in evaluate(parse_profile(profile))}
    except ValueError:
        return {}


def simulate(count: int, seed: int = 7, nlu: Nlu = no_nlu, services: Services | None = None) -> list[Run]:
    sim = Simulator(services=services, nlu=nlu)
    return [sim.run(sim.persona(seed * 100_003 + i)) for i in range(count)]


def report(runs: list[Run]) -> dict[str, Any]:
    bad = [r for r in runs if r.violations]
    kinds: dict[str, int] = {}
    for run in bad:
        for v in run.violations:
            key = v.split(" ")[0] + " " + v.split(" ")[1]
            kinds[key] = kinds.get(key, 0) + 1
    turns = sorted(r.turns for r in runs)
    return {"personas": len(runs), "with_violations": len(bad), "violation_kinds": kinds,
            "turns_median": turns[len(turns) // 2] if turns else 0, "turns_max": turns[-1] if turns else 0}


def dump(runs: list[Run], path: Path) -> None:
    rows = [{"seed": r.persona.seed, "violations": r.violations, "stated": r.stated,
             "transcript": r.transcript} for r in runs if r.violations]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
