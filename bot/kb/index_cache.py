"""The search index saved on disk by ``make kb-build`` and read at start-up instead of being built again.

Three processes (Rasa, the action server and the gateway) each need the index as they start, and building it
(segmenting every passage with jieba, the BM25 fields, the sound-alike table) took about 2 s of CPU in each,
on two cores. The file starts with a fingerprint of everything the index is built from: the files under
``knowledge/``, the code of ``bot/kb``, the versions of the libraries that segment and score, and the Python
version. A file whose fingerprint differs is ignored (and rebuilt), so an edit never meets a stale index.

The file is a pickle that only this project writes, under ``build/`` beside the other generated files; it is
never read from anywhere else.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any, Optional

from bot.settings import PROJECT_ROOT

logger = logging.getLogger(__name__)

CACHE_FILE = PROJECT_ROOT / "build" / "search_index.pickle"
FORMAT = 1  # bump when the saved layout changes in a way the code fingerprint would not show
KB_CODE = Path(__file__).resolve().parent
LIBRARIES = ("jieba", "pypinyin", "rank-bm25", "numpy", "OpenCC")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def fingerprint(knowledge_root: Path) -> str:
    """A digest of what the index of ``knowledge_root`` is built from."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version_info[:2]}".encode())
    for name in LIBRARIES:
        digest.update(f"{name}={_version(name)}".encode())
    files = [(p, p.relative_to(knowledge_root)) for p in sorted(knowledge_root.rglob("*")) if p.is_file()]
    files += [(p, Path("bot/kb") / p.name) for p in sorted(KB_CODE.glob("*.py"))]
    for path, name in files:
        digest.update(str(name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load(knowledge_root: Path, path: Path = CACHE_FILE) -> Optional[Any]:
    """The saved index of ``knowledge_root``, or None when there is none or it was built from other files."""
    if not path.exists():
        return None
    try:
        with path.open("rb") as fh:
            if pickle.load(fh) != fingerprint(knowledge_root):  # noqa: S301 - our own build output
                return None
            return pickle.load(fh)  # noqa: S301 - our own build output, checked against the fingerprint
    except Exception as exc:  # noqa: BLE001 - a damaged or foreign file is rebuilt, never fatal
        logger.warning("ignoring the saved search index %s: %s", path, exc)
        return None


def save(index: Any, knowledge_root: Path, path: Path = CACHE_FILE) -> Path:
    """Write ``index`` with the fingerprint of ``knowledge_root``, atomically (other processes may read it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(fingerprint(knowledge_root), fh, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o644)  # like the other build outputs (mkstemp makes it 0600)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
