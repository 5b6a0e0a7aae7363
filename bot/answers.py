"""Compose a short, cited chat answer from knowledge-base search results.

The text states only what the cited clause says; when nothing matches, it says so and
names whom to ask.
"""

from __future__ import annotations

from typing import Any, Optional

NO_ANSWER = "抱歉，现有政策文件里没有找到这个问题的答案。建议拨打12345政务服务便民热线，或咨询当地民政局。"
MAX_BUBBLE_CHARS = 120


def compose_answer(question: str, region: Optional[str]) -> dict[str, Any]:
    from bot.kb.loader import load_kb
    from bot.kb.search import search

    hits = search(question, region=region, k=3)
    if not hits:
        return {"text": NO_ANSWER}
    best = hits[0]
    doc = load_kb().documents[best.doc_id]
    excerpt = best.text if len(best.text) <= MAX_BUBBLE_CHARS else best.text[: MAX_BUBBLE_CHARS - 1] + "…"
    text = f"{excerpt}\n——《{doc.short_name}》{best.heading}"
    if doc.status != "in_force":
        text += f"\n⚠️ {doc.status_note}"
    return {
        "text": text,
        "citations": [{"doc_id": best.doc_id, "clause_id": best.clause_id, "title": doc.short_name,
                       "quote": best.text}],
    }
