"""Web channel: the portal's chat widget talks to POST /api/chat."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, HTTPException

from bot.gateway.deps import get_rasa
from bot.gateway.rasa_client import RasaClient, RasaUnavailable
from bot.gateway.schemas import ChatRequest, ChatResponse, to_chat_messages
from bot.privacy import mask_personal_numbers

CHANNEL = "web"
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
    except RasaUnavailable as exc:
        logger.warning("chat for %s failed: %s", request.sender, exc)
        raise HTTPException(
            status_code=503,
            detail={"error": "助手暂时无法应答，请稍后再试，或拨打12345。", "part": "rasa"},
        ) from exc
    return ChatResponse(sender=request.sender, messages=to_chat_messages(raw))
