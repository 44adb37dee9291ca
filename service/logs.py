"""Structured JSON log lines, one per request; no question text unless enabled."""

from __future__ import annotations

import json
import logging
import sys
import time
import traceback

LOGGER = logging.getLogger("vraagbaak")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)),
            "level": record.levelname.lower(),
            "message": record.getMessage(),
        }
        data.update(getattr(record, "fields", {}))
        if record.exc_info and record.exc_info[0] is not None:
            # Where it failed, not with what: an exception's message can quote the user's text.
            data["exception"] = record.exc_info[0].__name__
            data["traceback"] = "".join(traceback.format_tb(record.exc_info[2]))[-4000:]
        return json.dumps(data, ensure_ascii=False)


def configure(level: int = logging.INFO) -> None:
    if any(isinstance(h.formatter, JsonFormatter) for h in LOGGER.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    LOGGER.addHandler(handler)
    LOGGER.setLevel(level)
    LOGGER.propagate = False


def log(message: str, **fields: object) -> None:
    LOGGER.info(message, extra={"fields": fields})
