"""Shared objects for request handlers, created once per gateway process."""

from __future__ import annotations

from fastapi import Request

from bot.gateway.rasa_client import RasaClient


def get_rasa(request: Request) -> RasaClient:
    return request.app.state.rasa
