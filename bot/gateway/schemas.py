"""Request and response models of the gateway's HTTP API."""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, Field, PydanticValueError, StrictStr, ValidationError, root_validator, validator
from pydantic.error_wrappers import ErrorWrapper

MAX_TEXT_CHARS = 1000
MAX_SENDER_CHARS = 128
MAX_SHOWN_CHARS = 200


class NotUtf8Error(PydanticValueError):
    code = "str.not_utf8"
    msg_template = "{what} must be valid Unicode text: a lone UTF-16 surrogate ({char}) cannot be encoded as UTF-8"


def _first_surrogate(text: str) -> Optional[str]:
    """The first lone surrogate in ``text`` as ``\\udxxx``, or None when the text is encodable as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"\\u{ord(text[exc.start]):04x}"
    return None


def not_utf8_errors(value: Any, loc: tuple[Any, ...] = ()) -> list[ErrorWrapper]:
    """Errors for every string in ``value`` (nested dicts' keys and values, lists) that is not encodable as UTF-8.

    JSON may carry lone surrogates (``"\\ud800"``), and Python's json module decodes them into ``str`` that
    cannot be written as UTF-8: forwarding such a string to Rasa, a database or a log fails. ``loc`` is the path
    of ``value`` relative to the field being validated.
    """
    if isinstance(value, str):
        char = _first_surrogate(value)
        return [] if char is None else [ErrorWrapper(NotUtf8Error(what="value", char=char), loc=loc)]
    if isinstance(value, dict):
        errors: list[ErrorWrapper] = []
        for key, item in value.items():
            if isinstance(key, str) and (char := _first_surrogate(key)) is not None:
                # The key itself cannot appear in the error (it must be encodable), so name the object holding it.
                errors.append(ErrorWrapper(NotUtf8Error(what="a field name", char=char), loc=loc))
                continue
            errors.extend(not_utf8_errors(item, (*loc, key)))
        return errors
    if isinstance(value, (list, tuple)):
        return [err for i, item in enumerate(value) for err in not_utf8_errors(item, (*loc, i))]
    return []


class RequestModel(BaseModel):
    """Base of every request body: all strings, however deeply nested, must be encodable as UTF-8.

    The check runs before any other validation of a field, so a bad string is a 422 that names its field
    (e.g. ``text`` or ``profile.region``) and is never forwarded to Rasa, stored or echoed in an error.
    """

    @root_validator(pre=True)
    def _utf8_field_names(cls, values: dict[str, Any]) -> dict[str, Any]:  # noqa: N805
        # Field values are checked per field below; this catches unknown top-level names such as "\\ud800".
        for key in values:
            if isinstance(key, str) and (char := _first_surrogate(key)) is not None:
                raise NotUtf8Error(what="a field name", char=char)
        return values

    @validator("*", pre=True)
    def _utf8_encodable(cls, value: Any) -> Any:  # noqa: N805 - pydantic validator signature
        errors = not_utf8_errors(value)
        if errors:
            # A ValidationError raised here is flattened by pydantic with the field's location as prefix.
            raise ValidationError(errors, cls)
        return value


class ChatRequest(RequestModel):
    sender: StrictStr = Field(..., description="Stable id of the user's conversation", max_length=MAX_SENDER_CHARS)
    text: StrictStr = Field(..., description="What the user typed or said", max_length=MAX_TEXT_CHARS)
    shown: Optional[StrictStr] = Field(
        None, max_length=MAX_SHOWN_CHARS,
        description="When `text` is a button's payload: the button's title, which the history shows instead "
                    "of the payload (an empty string hides the turn, e.g. the widget's opening greeting)")

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
    # For people: the document and clause in words, and the document's status when it is not plainly in force.
    label: Optional[str] = None
    status: Optional[str] = None
    status_note: Optional[str] = None


class ChatMessage(BaseModel):
    text: str
    buttons: Optional[list[Button]] = None
    citations: Optional[list[Citation]] = None


class ChatResponse(BaseModel):
    sender: str
    messages: list[ChatMessage]
    after: Optional[int] = Field(None, description="With a session token: the conversation's position after this "
                                                   "turn, to pass to /api/chat/updates")


class SessionResponse(BaseModel):
    sender: str
    token: str
    expires_in: int


class HistoryEntry(BaseModel):
    role: str
    text: str
    buttons: Optional[list[Button]] = None
    citations: Optional[list[Citation]] = None


class HistoryResponse(BaseModel):
    sender: str
    messages: list[HistoryEntry]
    after: int = 0


class UpdatesResponse(BaseModel):
    sender: str
    messages: list[ChatMessage]
    after: int


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
