"""Answer ids the service can verify without keeping state: the content
digest of an answer plus an HMAC of it under the service's secret.

Feedback for an id this service did not hand out is refused, so ratings
cannot be invented in bulk. The secret comes from the settings or is
generated once and stored (mode 0600) beside the feedback database, so ids
stay valid across restarts and replicas that share that folder.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
from pathlib import Path

from service.settings import Settings

KEY_FILE = "answer-id.key"
_SIG_CHARS = 20  # 80 bits of HMAC-SHA256
_lock = threading.Lock()
_keys: dict[Path, bytes] = {}


def _stored_key(folder: Path) -> bytes:
    path = folder / KEY_FILE
    with _lock:
        if path in _keys:
            return _keys[path]
        try:
            key = path.read_bytes().strip()
        except FileNotFoundError:
            folder.mkdir(parents=True, exist_ok=True)
            key = secrets.token_hex(32).encode()
            try:  # O_EXCL: when two processes race, the first key written wins
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(key)
            except FileExistsError:
                key = path.read_bytes().strip()
        _keys[path] = key
        return key


def secret_key(settings: Settings) -> bytes:
    if settings.feedback_secret:
        return settings.feedback_secret.encode()
    return _stored_key(settings.feedback_db.parent.resolve())


def _signature(key: bytes, digest: str) -> str:
    return hmac.new(key, digest.encode(), hashlib.sha256).hexdigest()[:_SIG_CHARS]


def sign_answer_id(digest: str, settings: Settings) -> str:
    """``digest.signature``: deterministic for the same answer, unforgeable without the key."""
    return f"{digest}.{_signature(secret_key(settings), digest)}"


def verify_answer_id(answer_id: str, settings: Settings) -> bool:
    digest, dot, signature = answer_id.rpartition(".")
    if not dot or not digest:
        return False
    # As bytes: compare_digest refuses non-ASCII str, and an id is whatever a client sends.
    return hmac.compare_digest(signature.encode(), _signature(secret_key(settings), digest).encode())
