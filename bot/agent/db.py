"""Sessions on the app database with the workbench's tables created (idempotent, once per URL)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot import store
from bot.agent import models  # noqa: F401 - registers the tables on store.Base

_ready: set[str] = set()
_lock = threading.Lock()


def agent_engine(url: str | None = None) -> Engine:
    eng = store.engine(url)
    key = str(eng.url)
    if key not in _ready:
        with _lock:
            if key not in _ready:
                # store.engine() created the tables it knew of; an engine made before this module was
                # imported did not know ours.
                store.Base.metadata.create_all(eng)
                _ready.add(key)
    return eng


@contextmanager
def transaction(url: str | None = None) -> Iterator[Session]:
    with Session(agent_engine(url), expire_on_commit=False) as session, session.begin():
        yield session


@contextmanager
def reading(url: str | None = None) -> Iterator[Session]:
    with Session(agent_engine(url)) as session:
        yield session
