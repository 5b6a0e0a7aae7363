"""Staff review: questions the assistant could not answer and 👎 feedback, with the answer that was given,
whether each has been reviewed, and a note."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from bot.agent import clock
from bot.agent.db import reading, transaction
from bot.agent.models import FeedbackReview
from bot.store import Feedback

KINDS = {"unanswered": "没答上来", "not_helpful": "👎 没帮助"}
NO_ANSWER = "（助手说文件里没有找到答案，并请对方拨打12345）"
MAX_ROWS = 1000


def items(kind: str | None = None, reviewed: bool | None = None, url: str | None = None) -> list[dict[str, Any]]:
    query = (select(Feedback, FeedbackReview).outerjoin(FeedbackReview, FeedbackReview.feedback_id == Feedback.id)
             .where(Feedback.kind.in_([kind] if kind else list(KINDS))).order_by(Feedback.id.desc()).limit(MAX_ROWS))
    if reviewed is True:
        query = query.where(FeedbackReview.reviewed.is_(True))
    elif reviewed is False:
        query = query.where((FeedbackReview.feedback_id.is_(None)) | (FeedbackReview.reviewed.is_(False)))
    with reading(url) as session:
        return [_view(fb, rv) for fb, rv in session.execute(query).all()]


def _view(fb: Feedback, rv: FeedbackReview | None) -> dict[str, Any]:
    answer = fb.answer or (NO_ANSWER if fb.kind == "unanswered" else "")
    return {"id": fb.id, "created_at": clock.iso(fb.created_at), "created": clock.local_text(fb.created_at),
            "kind": fb.kind, "kind_text": KINDS.get(fb.kind, fb.kind), "question": fb.question, "answer": answer,
            "clause_ids": json.loads(fb.clause_ids or "[]"), "reviewed": bool(rv and rv.reviewed),
            "reviewer": rv.reviewer if rv else None, "reviewed_at": clock.iso(rv.reviewed_at) if rv else None,
            "note": rv.note if rv else ""}


class NotFoundError(LookupError):
    pass


def review(feedback_id: int, reviewer: str, note: str, reviewed: bool = True, url: str | None = None) -> dict[str, Any]:
    with transaction(url) as session:
        fb = session.get(Feedback, feedback_id)
        if fb is None or fb.kind not in KINDS:
            raise NotFoundError(feedback_id)
        rv = session.get(FeedbackReview, feedback_id)
        if rv is None:
            rv = FeedbackReview(feedback_id=feedback_id)
            session.add(rv)
        rv.reviewed, rv.reviewer, rv.reviewed_at, rv.note = reviewed, reviewer, clock.now(), note
        session.flush()
        return _view(fb, rv)
