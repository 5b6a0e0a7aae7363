"""POST /api/entitlements: which benefits an elder can get, under which document, and why.

Request ``{"profile": {...}}`` (see :class:`bot.rules.profile.Profile`; every field optional). Response
``{"results": [{"benefit_id", "name", "region", "status", "amount"?, "checklist", "reasons", "missing",
"citations": [{"doc_id", "clause_id", "quote"}], "warnings"}], "notice"?}``.

* No region, or a place outside coverage: 200 with ``results: []`` and a ``notice`` naming the covered
  regions.
* A malformed profile (age -5, age "abc", an unknown enum value or field, a string with a lone UTF-16
  surrogate such as ``"\\ud800"``): 422 naming the field (FastAPI's validation error; the app's global
  handler formats it as ``{"error", "fields", "detail"}``).

Wire it with ``app.include_router(entitlements.router)``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import Field

from bot.gateway.schemas import RequestModel
from bot.rules.engine import check
from bot.rules.profile import Profile

router = APIRouter()


class EntitlementsRequest(RequestModel):
    profile: Profile = Field(..., description="What is known about the elder; unknown fields may be left out")

    class Config:
        extra = "forbid"


@router.post("/api/entitlements")
async def entitlements(request: EntitlementsRequest) -> dict[str, Any]:
    # Evaluation is pure and takes well under a millisecond, so it runs inline on the event loop.
    return check(request.profile).to_dict()
