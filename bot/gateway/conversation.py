"""A web conversation read back from Rasa's tracker: the history as the user saw it, and later bot messages.

Positions are indexes into the tracker's full event list (``include_events=ALL``), which only grows:
``after`` = how many events the client has seen.
"""

from __future__ import annotations

from typing import Any, Optional

from bot.gateway.citations import enrich
from bot.gateway.schemas import ChatMessage, HistoryEntry, to_chat_messages

Event = dict[str, Any]


def _raw(event: Event) -> dict[str, Any]:
    """A bot event in the shape of Rasa's REST output, for to_chat_messages."""
    data = event.get("data") if isinstance(event.get("data"), dict) else {}
    return {"text": event.get("text"), "buttons": data.get("buttons"), "custom": data.get("custom")}


def _shown(event: Event, buttons: list[dict[str, Any]]) -> Optional[str]:
    """What the user saw as their own message: the tapped button's title, never its payload; None to hide it."""
    text = event.get("text") or ""
    metadata = event.get("metadata") if isinstance(event.get("metadata"), dict) else {}
    shown = metadata.get("shown")
    if isinstance(shown, str):
        return shown or None
    if not text.startswith("/"):
        return text  # words (typed, or a button whose payload is words): shown as they are
    for button in buttons:  # a tap recorded before titles were stored: the payload of the buttons above it
        if isinstance(button, dict) and button.get("payload") == text and button.get("title"):
            return str(button["title"])
    return None  # an intent payload nobody typed


def bot_messages(events: list[Event]) -> list[ChatMessage]:
    """The bot events among ``events`` as the chat API's messages (citations attached, readable)."""
    raw = [_raw(e) for e in events if e.get("event") == "bot"]
    return enrich(to_chat_messages([r for r in raw if r["text"] or r["buttons"] or r["custom"]]))


def history(events: list[Event]) -> list[HistoryEntry]:
    entries: list[HistoryEntry] = []
    turn: list[Event] = []
    last_buttons: list[dict[str, Any]] = []

    def flush() -> None:
        nonlocal last_buttons
        for message in bot_messages(turn):
            entries.append(HistoryEntry(role="bot", text=message.text, buttons=message.buttons,
                                        citations=message.citations))
            if message.buttons:
                last_buttons = [b.dict() for b in message.buttons]
        turn.clear()

    for event in events:
        if event.get("event") == "bot":
            turn.append(event)
        elif event.get("event") == "user":
            flush()
            shown = _shown(event, last_buttons)
            if shown:
                entries.append(HistoryEntry(role="user", text=shown))
    flush()
    return entries


def after_turn(events: list[Event]) -> int:
    """The position just after the last user turn (its closing action_listen), or the end.

    A bot message written after that point, e.g. by a human agent, is for /api/chat/updates to deliver;
    the turn's own answers the client already has from /api/chat.
    """
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    if last_user < 0:
        return len(events)
    for i in range(last_user + 1, len(events)):
        if events[i].get("event") == "action" and events[i].get("name") == "action_listen":
            return i + 1
    return len(events)
