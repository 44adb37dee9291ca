"""Ratings of answers in SQLite: no address, no question text unless the
operator turns that on, and then redacted.

One rating per answer id (a later rating of the same answer replaces the
earlier one, so repeating it does not grow the database), and a cap on the
total remark text kept: past it ratings are still counted, their remarks
dropped, and the log says so once.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from service import logs
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
# Databases written before ratings were unique per answer keep their newest rating per answer.
UNIQUE = """
DELETE FROM feedback WHERE id NOT IN (SELECT MAX(id) FROM feedback GROUP BY answer_id);
CREATE UNIQUE INDEX IF NOT EXISTS feedback_answer ON feedback (answer_id);
"""


# Seconds a connection waits for another one's lock, and for the store's first set-up.
LOCK_TIMEOUT = 30.0


def _set_up(db: sqlite3.Connection) -> None:
    """WAL mode, the table and its unique index. Several workers open the
    store at the same moment (``serve --workers N``): switching a new file to
    WAL needs the whole file, and SQLite answers "database is locked" at once
    to all but one of them instead of waiting (its busy handler does not run
    for that switch). Whoever is refused tries again shortly; by then the
    file is in WAL mode and the table exists."""
    deadline = time.monotonic() + LOCK_TIMEOUT
    pause = 0.01
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(SCHEMA)
            if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'feedback_answer'").fetchone():
                db.executescript(UNIQUE)
            db.commit()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            db.rollback()
            time.sleep(pause)
            pause = min(pause * 2, 0.5)


class FeedbackStore:
    def __init__(self, path: Path, store_questions: bool = False, max_remark_bytes: int = 10_000_000) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=LOCK_TIMEOUT)
        _set_up(self._db)
        self._lock = threading.Lock()
        self.store_questions = store_questions
        self.max_remark_bytes = max_remark_bytes
        self._remark_bytes = self._db.execute(
            "SELECT COALESCE(SUM(LENGTH(CAST(remark AS BLOB))), 0) FROM feedback"
        ).fetchone()[0]
        self._warned = False

    def add(self, answer_id: str, rating: str, remark: str | None, question: str | None = None) -> None:
        stored_question = redact(question) if (question and self.store_questions) else None
        stored_remark = redact(remark) if remark else None
        with self._lock, self._db:
            old = self._db.execute(
                "SELECT COALESCE(LENGTH(CAST(remark AS BLOB)), 0) FROM feedback WHERE answer_id = ?", (answer_id,)
            ).fetchone()
            freed = old[0] if old else 0
            size = len(stored_remark.encode()) if stored_remark else 0
            if size and self._remark_bytes - freed + size > self.max_remark_bytes:
                if not self._warned:
                    logs.LOGGER.warning("feedback_remarks_full", extra={"fields": {"limit": self.max_remark_bytes}})
                    self._warned = True
                stored_remark, size = None, 0
            self._db.execute(
                "INSERT INTO feedback (answer_id, rating, remark, question, created_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (answer_id) DO UPDATE SET rating = excluded.rating, remark = excluded.remark, "
                "question = excluded.question, created_at = excluded.created_at",
                (answer_id, rating, stored_remark, stored_question, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            self._remark_bytes += size - freed

    def rows(self) -> list[tuple]:
        with self._lock:
            return self._db.execute(
                "SELECT answer_id, rating, remark, question, created_at FROM feedback ORDER BY id"
            ).fetchall()

    def close(self) -> None:
        self._db.close()
