"""Places in a question: the region named or remembered, the city of a district, the regions a comparison
names, and a message that is only a place (昌吉有吗)."""

from __future__ import annotations

from bot.answering.env import Env
from bot.answering.words import EXPLICIT_COMPARE, MODEL_PLACE_AFTER, PLACE_ONLY_FILLERS
from bot.kb.search import normalize_query


def city_of(env: Env, region: str | None) -> str | None:
    """The city a district belongs to (longhua → haikou); any other region as it is."""
    place = env.kb.region(region) if region else None
    return place.parent if place is not None and place.kind == "district" and place.parent else region


def resolve_region(env: Env, question: str, remembered: str | None) -> str | None:
    """The region to search: the place the question names, else the remembered covered one."""
    named = env.index.detect_region(question)
    model = model_place(env, normalize_query(question)) if named else None
    if model is not None:
        # 海口那个65岁免费体检 儋州的老人也能做吗: the place named as the model is not the one asked about
        other = env.index.detect_region(without_places(env, question, (model,)))
        if other:
            return other
    if named:
        return named
    if remembered and remembered != "outside" and env.kb.covers(remembered):
        return remembered
    return None


def named_scopes(env: Env, question: str) -> list[str]:
    """The covered region scopes a question names, in the order named (海口 and 三亚 both count)."""
    norm = normalize_query(question)
    found: list[tuple[int, str]] = []
    for region in env.kb.regions.values():
        for name in region.names:
            pos = norm.find(normalize_query(name))
            if name and pos >= 0:
                scope = env.kb.covers(region.code)[0] if env.kb.covers(region.code) else None
                if scope and scope not in [s for _, s in found]:
                    found.append((pos, scope))
                break
    return [scope for _, scope in sorted(found)]


def asks_comparison(env: Env, question: str) -> bool:
    """The question names two regions. When one lies inside the other (海口 in 海南: "海口方案参照的海南省文件")
    it is about the smaller one unless it plainly asks to compare."""
    scopes = named_scopes(env, question)
    if len(scopes) < 2:
        return False
    normalized = normalize_query(question)
    if EXPLICIT_COMPARE.search(normalized):
        return True
    nested = any(other in env.kb.covers(scope) for scope in scopes for other in scopes if other != scope)
    return not nested and not model_place(env, normalized)


def model_place(env: Env, text: str) -> str | None:
    """The place named as the model of what is asked about elsewhere (三亚有没有温州那种服务: 温州), or None."""
    for region in env.kb.regions.values():
        for name in region.names:
            at = text.find(name)
            if len(name) >= 2 and at >= 0 and MODEL_PLACE_AFTER.match(text[at + len(name):]):
                return region.code
    return None


def without_places(env: Env, question: str, codes: tuple[str, ...] | None = None) -> str:
    """The question with the covered places' names taken out (to ask it again for another place), or only those
    of the regions ``codes``."""
    regions = env.kb.regions.values() if codes is None else (env.kb.regions[c] for c in codes)
    names = sorted({n for r in regions for n in r.names if len(n) >= 2}, key=len, reverse=True)
    for name in names:
        question = question.replace(name, "")
    return question


def only_a_place(env: Env, text: str) -> str | None:
    """The place of "昌吉有吗" / "温州的呢" (one covered place and nothing else asked): right after an answer,
    the same question for that place; None for any other message."""
    place = env.index.detect_region(text)
    if place and len(named_scopes(env, text)) < 2 and len(without_places(env, text).strip(PLACE_ONLY_FILLERS)) < 4:
        return place
    return None
