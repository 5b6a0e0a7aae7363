import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Tests never touch the developer's own var/ (conversations, token).
os.environ.setdefault("RASA_AUTH_TOKEN", "test-token")
