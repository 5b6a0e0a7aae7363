"""Request and response models of the gateway's HTTP API."""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, Field, StrictStr, validator

MAX_TEXT_CHARS = 1000
MAX_SENDER_CHARS = 128


class ChatRequest(BaseModel):
    sender: StrictStr = Field(..., description="Stable id of the user's conversation", max_length=MAX_SENDER_CHARS)
    text: StrictStr = Field(..., description="What the user typed or said", max_length=MAX_TEXT_CHARS)

    @validator("sender")
    def _sender_shape(cls, value: str) -> str:  # noqa: N805 - pydantic validator signature
        value = value.strip()
        if not value:
            raise ValueError("sender must not be empty")
        if any(ch.isspace() or ord(ch) < 32 or ch in "/?#%\\" for ch in value):
            raise ValueError("sender may not contain whitespace, control characters or / ? # % \\")
        return value

    @validator("text")
    def _text_not_blank(cls, value: str) -> str:  # noqa: N805
        cleaned = "".join(ch for ch in value if ch in "\n\t" or ord(ch) >= 32).strip()
        if not cleaned:
            raise ValueError("text must not be empty")
        return cleaned


class Button(BaseModel):
    title: str
    payload: str


class Citation(BaseModel):
    doc_id: str
    clause_id: Optional[str] = None
    title: Optional[str] = None
    quote: Optional[str] = None


class ChatMessage(BaseModel):
    text: str
    buttons: Optional[list[Button]] = None
    citations: Optional[list[Citation]] = None


class ChatResponse(BaseModel):
    sender: str
    messages: list[ChatMessage]


class HistoryEntry(BaseModel):
    role: str
    text: str


class HistoryResponse(BaseModel):
    sender: str
    messages: list[HistoryEntry]


def to_chat_messages(rasa_messages: list[dict[str, Any]]) -> list[ChatMessage]:
    """Flatten Rasa REST output: a custom payload with citations attaches to the text before it."""
    messages: list[ChatMessage] = []
    for raw in rasa_messages:
        custom = raw.get("custom") if isinstance(raw.get("custom"), dict) else {}
        text = raw.get("text") or custom.get("text")
        buttons = raw.get("buttons") or custom.get("buttons")
        citations = custom.get("citations")
        if text:
            messages.append(ChatMessage(text=text, buttons=buttons or None, citations=citations or None))
        elif messages and (buttons or citations):
            last = messages[-1]
            if buttons:
                last.buttons = (last.buttons or []) + [Button(**b) for b in buttons]
            if citations:
                last.citations = (last.citations or []) + [Citation(**c) for c in citations]
    return messages
