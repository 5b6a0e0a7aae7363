"""Train the Rasa model only when its inputs changed (content fingerprint, not timestamps)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

from bot.cli.env import child_env
from bot.settings import PROJECT_ROOT, Settings

MODEL_NAME = "elder-care"
TRAINING_INPUTS = ("config.yml", "domain", "data", "build", "bot/nlu", "requirements.lock")


def _input_files(root: Path) -> list[Path]:
    files: list[Path] = []
    for name in TRAINING_INPUTS:
        path = root / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(p for p in sorted(path.rglob("*")) if p.is_file() and "__pycache__" not in p.parts)
    return files


def fingerprint(root: Path = PROJECT_ROOT) -> str:
    digest = hashlib.sha256()
    for path in _input_files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def model_path(settings: Settings) -> Path:
    return settings.model_dir / f"{MODEL_NAME}.tar.gz"


def train_if_needed(settings: Settings, force: bool = False) -> Path:
    model = model_path(settings)
    stamp = settings.model_dir / f"{MODEL_NAME}.fingerprint"
    current = fingerprint()
    if not force and model.exists() and stamp.exists() and stamp.read_text().strip() == current:
        print(f"model is up to date: {model}")
        return model
    print("training the Rasa model (inputs changed)…", flush=True)
    settings.model_dir.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "rasa", "train",
        "--config", "config.yml", "--domain", "domain", "--data", "data",
        "--out", str(settings.model_dir), "--fixed-model-name", MODEL_NAME,
    ]
    if force:
        command.append("--force")
    began = time.monotonic()
    subprocess.run(command, cwd=PROJECT_ROOT, env=child_env(settings), check=True)
    # How long training took, for `make bench` (bench/results.jsonl).
    (settings.model_dir / f"{MODEL_NAME}.train.json").write_text(
        json.dumps({"seconds": round(time.monotonic() - began, 1), "date": time.strftime("%Y-%m-%d %H:%M:%S")}))
    stamp.write_text(current)
    return model
