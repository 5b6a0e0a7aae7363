"""Web channel: the portal's chat widget talks to POST /api/chat."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, HTTPException, Query

from bot.gateway.deps import get_rasa
from bot.gateway.rasa_client import RasaClient, RasaUnavailableError
from bot.gateway.schemas import (
    MAX_SENDER_CHARS,
    ChatRequest,
    ChatResponse,
    HistoryEntry,
    HistoryResponse,
    to_chat_messages,
)
from bot.privacy import mask_personal_numbers

CHANNEL = "web"
UNAVAILABLE = {"error": "助手暂时无法应答，请稍后再试，或拨打12345。", "part": "rasa"}
logger = logging.getLogger(__name__)
router = APIRouter()


def conversation_id(channel: str, sender: str) -> str:
    """Rasa sender id: channels get separate namespaces so ids from two channels never collide."""
    return f"{channel}:{sender}"


@router.post("/api/chat", response_model=ChatResponse, response_model_exclude_none=True)
async def chat(request: ChatRequest, rasa: RasaClient = Depends(get_rasa)) -> ChatResponse:
    text = mask_personal_numbers(request.text)
    try:
        raw = await rasa.send(conversation_id(CHANNEL, request.sender), text, {"channel": CHANNEL})
    except RasaUnavailableError as exc:
        logger.warning("chat for %s failed: %s", request.sender, exc)
        raise HTTPException(status_code=503, detail=UNAVAILABLE) from exc
    return ChatResponse(sender=request.sender, messages=to_chat_messages(raw))


@router.get("/api/chat/history", response_model=HistoryResponse)
async def history(
    sender: str = Query(..., min_length=1, max_length=MAX_SENDER_CHARS, regex=r"^[^\s/?#%\\]+$"),
    rasa: RasaClient = Depends(get_rasa),
) -> HistoryResponse:
    """The conversation so far, so that the widget can restore it after a page reload."""
    try:
        tracker = await rasa.tracker(conversation_id(CHANNEL, sender))
    except RasaUnavailableError as exc:
        raise HTTPException(status_code=503, detail=UNAVAILABLE) from exc
    entries = [
        HistoryEntry(role="user" if event["event"] == "user" else "bot", text=event["text"])
        for event in tracker.get("events", [])
        if event.get("event") in ("user", "bot") and event.get("text")
    ]
    return HistoryResponse(sender=sender, messages=entries)
