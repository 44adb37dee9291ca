"""Ratings of answers in SQLite: no address, no question text unless the
operator turns that on, and then redacted."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

from service.redact import redact

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    answer_id TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    remark TEXT,
    question TEXT,
    created_at TEXT NOT NULL
)
"""


class FeedbackStore:
    def __init__(self, path: Path, store_questions: bool = False) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(SCHEMA)
        self._db.commit()
        self._lock = threading.Lock()
        self.store_questions = store_questions

    def add(self, answer_id: str, rating: str, remark: str | None, question: str | None = None) -> None:
        stored_question = redact(question) if (question and self.store_questions) else None
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO feedback (answer_id, rating, remark, question, created_at) VALUES (?, ?, ?, ?, ?)",
                (answer_id, rating, redact(remark) if remark else None, stored_question,
                 datetime.now(UTC).isoformat(timespec="seconds")),
            )

    def rows(self) -> list[tuple]:
        with self._lock:
            return self._db.execute(
                "SELECT answer_id, rating, remark, question, created_at FROM feedback ORDER BY id"
            ).fetchall()

    def close(self) -> None:
        self._db.close()
