"""The entitlement check in dialogue: which question to ask next, and the short result list.

All conditions, outcomes and citations come from the rules engine (bot.rules) and knowledge/.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from bot.answering.citations import citation, clause_label
from bot.answering.default import answer_question
from bot.dialogue.catalog import benefit_names
from bot.dialogue.messages import (
    CHECK_LAST_ANSWER,
    CHECKLIST_BUTTON,
    FEEDBACK_BUTTONS,
    HUMAN_BUTTON,
    REGION_BUTTONS,
    Reply,
    clip,
    merged,
    status_warnings,
)
from bot.kb.loader import load_kb
from bot.rules import evaluate, field_label, parse_profile

# Never ask more than this many questions: elders tire; what stays unknown is reported honestly.
MAX_QUESTIONS = 10
# Fields the dialogue never asks about directly (sensitive, or derived from other answers).
NEVER_ASK = {"homeless"}
# Questions that only make sense after a given answer: (field, value) that must be known first.
ASK_ONLY_IF = {"tekun_mode": ("economic", "tekun")}
# Facts that follow from another answer, unless stated otherwise: an elder who lives with the children or
# other family is not 留守 (left behind by children who work away), so the form does not ask.
IMPLIED = {("living", "with_family"): {"left_behind": False}}
MAX_ITEMS_PER_BUBBLE = 4
# Characters of what a benefit gives, in a verdict on it (the question may be about just that).
VERDICT_CONTENT_CHARS = 80


def profile_for_rules(slots: dict[str, Any]) -> dict[str, Any]:
    """Slot values as the rules engine's profile: "true"/"false" → bool, ages → int, outside → no region."""
    profile: dict[str, Any] = {}
    for name, value in slots.items():
        if value is None or name == "dementia":
            continue
        if name == "region" and value == "outside":
            continue
        if value in ("true", "false"):
            value = value == "true"
        if name in ("age", "disabled_cert_grade"):
            try:
                value = int(float(value))
            except (TypeError, ValueError):
                continue
        profile[name] = value
    for (name, value), implied in IMPLIED.items():
        if profile.get(name) == value:
            profile.update({k: v for k, v in implied.items() if k not in profile})
    return _drop_invalid(profile)


def _drop_invalid(profile: dict[str, Any]) -> dict[str, Any]:
    """Leave out values the rules engine rejects (a typed payload such as /inform{"age":"999"}):
    an invalid fact is treated as unknown rather than failing the conversation."""
    while profile:
        try:
            parse_profile(profile)
            return profile
        except ValidationError as error:
            bad = {str(e["loc"][0]) for e in error.errors() if e.get("loc")}
            cleaned = {k: v for k, v in profile.items() if k not in bad}
            profile = cleaned if len(cleaned) < len(profile) else {}
    return profile


def next_questions(slots: dict[str, Any], unknown: list[str], asked: int) -> list[str]:
    """Slots the form should still fill, most decisive first: region, then what the rules miss."""
    if not slots.get("region"):
        return ["region"] if "region" not in unknown else []
    if slots.get("region") == "outside" or asked >= MAX_QUESTIONS:
        return []
    profile = parse_profile(profile_for_rules(slots))
    wanted: list[str] = []
    for result in evaluate(profile):
        for field in result.missing:
            if field in wanted or field in unknown or field in NEVER_ASK:
                continue
            needs = ASK_ONLY_IF.get(field)
            if needs and slots.get(needs[0]) != needs[1]:
                continue
            wanted.append(field)
    if slots.get("dementia") == "true" and not slots.get("disability") and "disability" not in unknown:
        wanted.insert(0, "disability")
    return wanted


def _source_name(result: Any) -> str:
    """Where a result's first citation is, in words: 《…实施意见（征求意见稿）》第三部分（三）第8条."""
    if not result.citations:
        return ""
    return clause_label(load_kb(), result.citations[0].clause_id)


def _source(result: Any) -> str:
    name = _source_name(result)
    return f"（{name}）" if name else ""


def _line(result: Any) -> str:
    amount = f"：{result.amount}" if getattr(result, "amount", None) else ""
    return f"• {result.name}{amount}{_source(result)}"


def _status_warnings(results: list[Any]) -> list[str]:
    """One warning per document that is not plainly in force (draft, ended plan, pilot)."""
    return status_warnings(load_kb(), (r.doc_id for r in results))


# A place outside coverage, or 不清楚 to the place question: why nothing can be said yet, and what to do.
UNPLACED = {
    "outside": ("这个地方不在我收录的政策范围内，没法替您判断。",
                "如果老人的户籍或居住地在上面这些地方，告诉我是哪里，我接着帮您查。"),
    "": ("不知道老人在哪个地方，就没法按当地的政策查。",
         "知道是哪里后告诉我，我接着帮您查；也可以拨打12345问当地的政策。"),
}


# The 能力评估 levels, mildest first: when the level is unknown, the results say what each would give.
LEVELS = ("mild", "moderate", "severe")


def by_level(result: Any, facts: dict[str, Any]) -> str:
    """"轻度失能：不符合；中度失能：每月…三十小时；重度失能：每月…四十五小时" for an item that waits for the
    disability level, from the rules run once per level ("" when the level does not change the verdict)."""
    if "disability" not in result.missing:
        return ""
    parts = []
    for level in LEVELS:
        found = [r for r in evaluate(parse_profile({**facts, "disability": level}))
                 if r.benefit_id == result.benefit_id]
        if not found:
            continue
        outcome = found[0]
        shown = _shown_status(outcome, facts)
        words = (str(outcome.amount or outcome.amount_if_confirmed or _status_word(shown))
                 if shown != "not_eligible" else _status_word(shown))
        parts.append(f"{field_value_label('disability', level)}：{clip(words, 40)}")
    if len({p.split('：', 1)[1] for p in parts}) < 2:
        return ""
    return "  按能力评估结果：" + "；".join(parts) + "（等级以评估为准）"


def _told_and_open(kb: Any, slots: dict[str, Any], facts: dict[str, Any], results: list[Any],
                   unknown: list[str], described: dict[str, str]) -> str:
    """"您告诉我的：…" and "还不清楚的：…": what the results rest on, kept apart from what they do not know."""
    told = []
    place = kb.region(str(slots.get("region") or "")) if slots.get("region") else None
    if place is not None:
        told.append(place.name)
    told += [field_value_label(name, value) for name, value in facts.items() if name != "region" and name in slots]
    # what the rules take to follow from an answer (与家人同住 → not 留守) was not said: shown as inferred
    inferred = [field_value_label(name, value) for name, value in facts.items() if name not in slots]
    missing = list(dict.fromkeys([*unknown, *(f for r in results if r.status == "need_info" for f in r.missing
                                               if f not in NEVER_ASK)]))
    open_items = [field_label(name) + (f"（您说的是“{described[name]}”）" if name in described else "")
                  for name in missing if name not in facts and name != "region"]
    lines = [f"您告诉我的：{'、'.join(told) if told else '（还没有）'}。"]
    if inferred:
        lines.append(f"据此推定（您没有直接说，说错了可以改）：{'、'.join(inferred)}。")
    if open_items:
        lines.append(f"还不清楚的：{'、'.join(open_items[:6])}{'等' if len(open_items) > 6 else ''}。")
    return "\n".join(lines)


def field_value_label(name: str, value: Any) -> str:
    from bot.rules import value_label

    return value_label(name, value)


def results_reply(slots: dict[str, Any], unknown: list[str] | None = None,
                  described: dict[str, str] | None = None) -> Reply:
    """What they can get, what may apply after an assessment, what is still unknown, and what does not.
    ``unknown`` and ``described`` are the facts the check recorded as not known (不清楚, or a description that
    fixes no value); the results name them, and for the 能力评估 level say what each level would give."""
    kb = load_kb()
    facts = profile_for_rules(slots)
    reply = Reply(slots={"last_check": {"profile": facts}, "last_answer": dict(CHECK_LAST_ANSWER)})
    unplaced = UNPLACED.get(slots.get("region") or "")
    if unplaced:
        # every rule is a region's: the facts are kept, and naming a covered place goes on with the check there
        why, then = unplaced
        reply.say(why + "\n" + kb.coverage_note)
        reply.say(then, buttons=REGION_BUTTONS[:-1])  # not 其他地方 again
        return reply
    results = evaluate(parse_profile(facts))
    groups = {status: [r for r in results if _shown_status(r, facts) == status]
              for status in ("eligible", "likely", "need_info", "not_eligible")}
    # Items waiting only for facts the dialogue never asks (流浪乞讨) go last: they concern few people.
    groups["need_info"].sort(key=lambda r: bool(r.missing) and set(r.missing) <= NEVER_ASK)
    if not results:
        reply.say("根据收录的文件，暂时没有找到适用的项目。" + "具体请拨打12345或咨询当地民政局。")
        return reply
    reply.say(_told_and_open(kb, slots, facts, results, unknown or [], described or {}))
    titles = {
        "eligible": "✅ 可以享受",
        "likely": "🔎 经评估或认定后可能享受",
        "need_info": "❓ 还需要了解更多情况",
        "not_eligible": "✖ 不符合",
    }
    for status, title in titles.items():
        items = groups[status]
        if not items:
            continue
        lines = [_line(r) for r in items[:MAX_ITEMS_PER_BUBBLE]]
        if status == "need_info":
            lines = [f"{_line(r)}\n  还需确认：{'、'.join(field_label(f) for f in r.missing[:3])}"
                     + (f"\n{levels}" if (levels := by_level(r, facts)) else
                        f"\n  确认符合的话：{r.amount_if_confirmed}" if r.amount_if_confirmed else "")
                     for r in items[:MAX_ITEMS_PER_BUBBLE]]
        if status == "not_eligible":
            lines = [f"• {r.name}：{r.reasons[0] if r.reasons else ''}" for r in items[:MAX_ITEMS_PER_BUBBLE]]
        more = f"\n…等{len(items)}项" if len(items) > MAX_ITEMS_PER_BUBBLE else ""
        reply.say(f"{title}：\n" + "\n".join(lines) + more)
    for warning in _status_warnings(results):
        reply.say(warning)
    reply.say("以上依据收录的政策文件，最终以相关部门的审核认定为准。办理请咨询社区、当地民政局或拨打12345。",
              buttons=[CHECKLIST_BUTTON, *FEEDBACK_BUTTONS, HUMAN_BUTTON])
    return reply


def checklist_reply(last_check: dict[str, Any]) -> Reply:
    """The full per-condition checklist of the last check, one bubble per benefit."""
    kb = load_kb()
    profile = parse_profile(last_check.get("profile") or {})
    reply = Reply()
    results = evaluate(profile)
    for result in results:
        lines = [f"【{result.name}】{_status_word(_shown_status(result, last_check.get('profile') or {}))}"]
        for item in result.checklist:
            mark = {"met": "✔", "not_met": "✖", "unknown": "？"}.get(item["state"], "·")
            lines.append(f"{mark} {item['label']}")
        lines.extend(result.reasons[:2])
        lines.extend(w for w in result.warnings if not any(d.status_note in w for d in kb.documents.values()))
        lines.append(f"出处：{_source_name(result)}")
        citations = [citation(kb, c.clause_id, c.quote) for c in result.citations]
        reply.say("\n".join(lines), citations=citations)
    for warning in _status_warnings(results):
        reply.say(warning)
    return reply


# Statuses the user can only describe, not prove: 经济困难 needs an official recognition (认定) first.
SELF_DESCRIBED = {"economic": "hardship"}


def _shown_status(result: Any, facts: dict[str, Any]) -> str:
    """The result's status for display: an item that is eligible only through a self-described status
    (家里条件不好 → 经济困难) may apply after the official recognition, no more."""
    if result.status != "eligible":
        return result.status
    for item in result.checklist:
        if item.state == "met" and SELF_DESCRIBED.get(item.field or "") == facts.get(item.field or ""):
            return "likely"
    return result.status


def found_names(last_check: dict[str, Any]) -> list[str]:
    """Names of the benefits the last check found the elder can get, then those that may apply after an
    assessment, then those waiting for a fact: what 怎么申请 or 要钱不 right after the results is about."""
    facts = last_check.get("profile") or {}
    order = {"eligible": 0, "likely": 1, "need_info": 2}
    shown = [(r, _shown_status(r, facts)) for r in evaluate(parse_profile(facts))]
    return [r.name for r, status in sorted(shown, key=lambda rs: order.get(rs[1], 9)) if status in order]


# Items a practical question right after the results is answered for (the first ones the check found).
MAX_PRACTICAL_ITEMS = 2
OTHER_ITEMS_HINT = "另有{count}项，问的时候说出项目名称就行，比如“{example}{question}”。"


def practical_reply(question: str, last_check: dict[str, Any], region: str | None) -> Reply | None:
    """怎么申请 / 要钱不 right after the results: the answer for each of the first items found, each
    labelled with its item; None when the check found nothing the elder can or may get."""
    names = found_names(last_check)
    if not names:
        return None
    replies = []
    for name in names[:MAX_PRACTICAL_ITEMS]:
        reply = answer_question(f"{name}{question}", region)
        if reply.messages and name not in reply.messages[0]["text"]:
            reply.messages[0]["text"] = f"【{name}】\n{reply.messages[0]['text']}"
        replies.append(reply)
    out = merged(replies)
    if len(names) > MAX_PRACTICAL_ITEMS:
        hint = OTHER_ITEMS_HINT.format(count=len(names) - MAX_PRACTICAL_ITEMS, example=names[MAX_PRACTICAL_ITEMS],
                                       question=question.strip("？? "))
        out.messages.insert(len(out.messages) - 1, {"text": hint})
    return out


def _status_word(status: str) -> str:
    return {"eligible": "可以享受", "likely": "经评估/认定后可能享受", "need_info": "还需了解情况",
            "not_eligible": "不符合"}.get(status, status)


def benefits_named(phrases: list[str], region: str) -> list[str]:
    """Benefit ids in the region's scope whose name or aliases are among the phrases the user used."""
    kb = load_kb()
    scopes = kb.covers(region)
    wanted = {p.strip() for p in phrases if p.strip()}
    return [b["id"] for b in kb.benefits if b.get("region") in scopes
            and wanted & set(benefit_names(b))]


def benefit_verdict_reply(benefit_ids: list[str], slots: dict[str, Any]) -> Reply:
    """The verdict on the benefits a question names, for the facts given so far, each with its source."""
    kb = load_kb()
    profile = profile_for_rules(slots)
    results = [r for r in evaluate(parse_profile(profile)) if r.benefit_id in benefit_ids]
    reply = Reply(slots={"last_check": {"profile": profile},
                         "last_answer": {"status": "check", "question": "benefit_verdict",
                                         "benefit_ids": list(benefit_ids)}})
    for result in results:
        status = _shown_status(result, profile)
        lines = [f"【{result.name}】{_status_word(status)}{'：' + str(result.amount) if result.amount else ''}"]
        if result.content and not result.amount:
            lines.append(f"内容：{clip(result.content, VERDICT_CONTENT_CHARS)}")  # 家庭医生上门吗 → 上门巡诊…
        # (not the amount again: the first line says it)
        lines.extend(r for r in result.reasons[:2] if not (result.amount and str(result.amount) in r))
        lines.append(f"出处：{_source_name(result)}")
        citations = [citation(kb, c.clause_id, c.quote) for c in result.citations]
        reply.say("\n".join(lines), citations=citations)
    for warning in _status_warnings(results):
        reply.say(warning)
    reply.add_buttons([{"title": "查查还能享受什么", "payload": "帮我查查老人能享受什么待遇"},
                       CHECKLIST_BUTTON, *FEEDBACK_BUTTONS])
    return reply
