"""Call records (tickets): save, list and filter by date, topic and outcome, and export as CSV.

ID-card and phone numbers in every free text are masked before storage (bot.privacy)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from bot.agent import clock
from bot.agent.db import reading, transaction
from bot.agent.models import OUTCOMES, Ticket
from bot.privacy import mask_personal_numbers

MAX_ROWS = 5000
CSV_COLUMNS = (("id", "编号"), ("created", "时间"), ("agent", "坐席"), ("question", "来电问题"), ("region", "地区"),
               ("topic", "类别"), ("outcome", "结果"), ("script", "答复口径"), ("sources", "依据"),
               ("verdicts", "待遇核对"), ("note", "备注"), ("handoff_id", "转人工编号"))
STATUS_WORDS = {"eligible": "可以享受", "likely": "评估后可能可以", "need_info": "还需问清", "not_eligible": "不符合"}


def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return mask_personal_numbers(value)
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value


def create(agent: str, data: dict[str, Any], url: str | None = None) -> dict[str, Any]:
    with transaction(url) as session:
        row = Ticket(created_at=clock.now(), agent=agent, question=_masked(data["question"]),
                     region=data.get("region"), topic=data.get("topic") or "其他",
                     script=_masked(data.get("script") or ""),
                     sources=json.dumps(_masked(data.get("sources") or []), ensure_ascii=False),
                     verdicts=json.dumps(_masked(data.get("verdicts") or []), ensure_ascii=False),
                     facts=json.dumps(_masked(data.get("facts") or {}), ensure_ascii=False),
                     outcome=data["outcome"], note=_masked(data.get("note") or ""), handoff_id=data.get("handoff_id"))
        session.add(row)
        session.flush()
        return view(row)


def view(row: Ticket) -> dict[str, Any]:
    return {"id": row.id, "created_at": clock.iso(row.created_at), "created": clock.local_text(row.created_at),
            "agent": row.agent, "question": row.question, "region": row.region, "topic": row.topic,
            "script": row.script, "sources": json.loads(row.sources), "verdicts": json.loads(row.verdicts),
            "facts": json.loads(row.facts), "outcome": row.outcome, "outcome_text": OUTCOMES.get(row.outcome, ""),
            "note": row.note, "handoff_id": row.handoff_id}


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=clock.LOCAL)


def search(start: date | None = None, end: date | None = None, topic: str | None = None,
           outcome: str | None = None, url: str | None = None) -> list[dict[str, Any]]:
    """Records from ``start`` to ``end`` inclusive (Beijing dates), newest first."""
    query = select(Ticket).order_by(Ticket.id.desc()).limit(MAX_ROWS)
    if start:
        query = query.where(Ticket.created_at >= _start(start).astimezone(clock.now().tzinfo))
    if end:
        query = query.where(Ticket.created_at < _start(end + timedelta(days=1)).astimezone(clock.now().tzinfo))
    if topic:
        query = query.where(Ticket.topic == topic)
    if outcome:
        query = query.where(Ticket.outcome == outcome)
    with reading(url) as session:
        return [view(r) for r in session.execute(query).scalars()]


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # A cell starting with = + - @ would be run as a formula by a spreadsheet (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _sources_text(sources: list[dict[str, Any]]) -> str:
    return "；".join(f"《{s.get('document') or s.get('title') or s.get('doc_id', '')}》{s.get('label', '')}"
                    for s in sources if isinstance(s, dict))


def _verdicts_text(verdicts: list[dict[str, Any]]) -> str:
    return "；".join(f"{v.get('name', '')}：{STATUS_WORDS.get(v.get('status', ''), v.get('status', ''))}"
                    + (f"（{v['amount']}）" if v.get("amount") else "") for v in verdicts if isinstance(v, dict))


def to_csv(rows: list[dict[str, Any]]) -> str:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([title for _, title in CSV_COLUMNS])
    for row in rows:
        values = {**row, "outcome": row["outcome_text"] or row["outcome"], "sources": _sources_text(row["sources"]),
                  "verdicts": _verdicts_text(row["verdicts"])}
        writer.writerow([_cell(values.get(key)) for key, _ in CSV_COLUMNS])
    return "\ufeff" + buffer.getvalue()
