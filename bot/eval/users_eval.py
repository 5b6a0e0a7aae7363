"""The user-voiced sets: questions and whole checks written blind, in users' own words (tests/data/users*_*.yaml).

    python -m bot.eval.users_eval --questions tests/data/users1_questions.yaml \\
        --dialogues tests/data/users1_dialogues.yaml --out var/eval/users1.json

Every message takes the real path: the trained NLU in process (when there is a model), the reader, the router and
the engine (bot.conversation). Printed: what can be counted by script — the kind of turn against the one expected
(answer or check), the facts (verbatim strings of the documents) found in the reply, honest replies to questions
the documents do not answer, and for dialogues whether each check ended, whether a question was asked a third
time, and whether a fact was recorded that the persona never stated. The JSON holds every reply for judging by
hand (docs/evaluation.md: correct / honest / partial / wrong / bad routing / invented fact / stuck).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

import yaml

from bot.answering.reply import FEEDBACK_BUTTONS
from bot.conversation.engine import respond
from bot.conversation.route import Turn
from bot.conversation.services import MemoryRecords, Services, build_services
from bot.conversation.state import Context
from bot.conversation.turn import TurnIn
from bot.sim.simulator import MODEL, Nlu, RasaNlu, no_nlu

CHECK_TURNS = {Turn.START_CHECK, Turn.RESTART_CHECK}
HONEST = ("没有找到", "没有写", "没有直接", "不在我收录", "未规定", "没有提到", "12345")
# the sets' codes where they differ from the profile's
CODES = {"tekun_mode": {"home": "dispersed", "institution": "centralized"}}
MAX_TURNS = 40


def _compact(text: str) -> str:
    return re.sub(r"[\s，,。.；;：:、（）()]", "", text)


class Runner:
    def __init__(self, s: Services, nlu: Nlu) -> None:
        self.s = s
        self.nlu = nlu

    def say(self, ctx: Context, text: str, sender: str) -> tuple[Context, Turn | None, str]:
        message = self.s.read(self.nlu(text), ctx)
        outcome = respond(TurnIn(message, ctx, sender=sender), self.s)
        return outcome.ctx, outcome.turn, "\n".join(_shown(m) for m in outcome.reply.messages)

    # ------------------------------------------------------------------ single questions
    def question(self, item: dict[str, Any]) -> dict[str, Any]:
        ctx, turn, reply = self.say(Context(), str(item["question"]), f"u-{item['id']}")
        turns = [turn.value if turn else "error"]
        if ctx.pending_question and item.get("region") not in (None, "outside"):
            # the assistant asked which place; the user names the one the question is about
            ctx, turn2, more = self.say(ctx, self.s.kb.regions[item["region"]].name, f"u-{item['id']}")
            reply += "\n[用户回答地方：" + item["region"] + "]\n" + more
            turns.append(turn2.value if turn2 else "error")
        routed = "check" if turn in CHECK_TURNS else "answer"
        facts = [f for f in item.get("facts") or [] if _compact(f) not in _compact(reply)]
        return {"id": item["id"], "question": item["question"], "who": item.get("who"),
                "region": item.get("region"), "answerable": item.get("answerable"), "doc_id": item.get("doc_id"),
                "expected_facts": item.get("facts") or [], "note": item.get("note"),
                "expect_route": item.get("expect_route"), "routed": routed, "turns": turns,
                "route_ok": routed == item.get("expect_route"), "facts_missing": facts,
                "honest_marker": any(m in reply for m in HONEST), "recorded": dict(ctx.facts), "reply": reply}

    # ------------------------------------------------------------------ whole checks
    def dialogue(self, item: dict[str, Any]) -> dict[str, Any]:
        sender = f"d-{item['id']}"
        answers = {k: str(v) for k, v in (item.get("answers") or {}).items()}
        interruptions = {int(i["at"]): str(i["text"]) for i in item.get("interruptions") or []}
        truth = {k: CODES.get(k, {}).get(_code(v), _code(v)) for k, v in (item.get("truth") or {}).items()}
        ctx, turn, reply = self.say(Context(), str(item["opening"]), sender)
        transcript = [{"user": item["opening"], "bot": reply, "turn": turn.value if turn else "error"}]
        asked = 0
        while ctx.check.active and len(transcript) < MAX_TURNS:
            if ctx.check.choosing:
                text = ctx.check.choosing[0].label
            else:
                asked += 1
                field = ctx.check.requested or ""
                text = interruptions.pop(asked, None) or answers.get(field, "不清楚")
            ctx, turn, reply = self.say(ctx, text, sender)
            transcript.append({"user": text, "bot": reply, "turn": turn.value if turn else "error"})
        questions = [q.ask for q in self.s.questionnaire.vocab.questions.values()]
        third = [q for q in questions if sum(q in t["bot"] for t in transcript) > 2]
        invented = {k: v for k, v in ctx.facts.items()
                    if truth.get(k) != v and not _region_ok(self.s, k, v, truth)}
        return {"id": item["id"], "persona": item.get("persona"), "truth": truth, "expected": item.get("expected"),
                "ended": not ctx.check.active, "turns": len(transcript), "asked_third_time": third,
                "recorded": dict(ctx.facts), "not_in_truth": invented, "transcript": transcript}


def _shown(message: dict[str, Any]) -> str:
    """A bubble as the user sees it: its text and its buttons (the offer of a check is a button), feedback aside."""
    titles = [str(b.get("title")) for b in message.get("buttons") or [] if b.get("title") not in FEEDBACK_TITLES]
    return str(message.get("text") or "") + (BUTTONS_SHOWN.format(titles=" / ".join(titles)) if titles else "")


BUTTONS_SHOWN = "［按钮：{titles}］"
FEEDBACK_TITLES = frozenset(str(b["title"]) for b in FEEDBACK_BUTTONS)


def _code(value: Any) -> str:
    """A truth value as the conversation stores facts: true/false, numbers as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _region_ok(s: Services, name: str, value: str, truth: dict[str, Any]) -> bool:
    """A district or city of the region the set names (龙华区 for haikou, 三亚 for hainan)."""
    if name != "region" or not truth.get("region"):
        return False
    want = str(truth["region"])
    return want in s.kb.covers(value) or value == want


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=Path)
    parser.add_argument("--dialogues", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--no-nlu", action="store_true")
    args = parser.parse_args()
    runner = Runner(build_services(MemoryRecords()), no_nlu if args.no_nlu or not MODEL.exists() else RasaNlu())
    out: dict[str, Any] = {}
    if args.questions:
        rows = [runner.question(item) for item in yaml.safe_load(args.questions.read_text(encoding="utf-8"))]
        answerable = [r for r in rows if r["answerable"] and r["expect_route"] == "answer"]
        unanswerable = [r for r in rows if not r["answerable"] and r["expect_route"] == "answer"]
        out["questions"] = rows
        print(f"{args.questions.name}: {len(rows)} questions; routed as expected "
              f"{sum(r['route_ok'] for r in rows)}/{len(rows)}; answerable with every fact "
              f"{sum(not r['facts_missing'] for r in answerable)}/{len(answerable)}; unanswerable with an honest "
              f"reply {sum(r['honest_marker'] for r in unanswerable)}/{len(unanswerable)}")
    if args.dialogues:
        rows = [runner.dialogue(item) for item in yaml.safe_load(args.dialogues.read_text(encoding="utf-8"))]
        out["dialogues"] = rows
        print(f"{args.dialogues.name}: {len(rows)} checks; ended {sum(r['ended'] for r in rows)}/{len(rows)}; "
              f"a question asked a third time {sum(bool(r['asked_third_time']) for r in rows)}; "
              f"a fact recorded that the persona did not state {sum(bool(r['not_in_truth']) for r in rows)}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
