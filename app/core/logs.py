"""Logging setup: human-readable text or one JSON object per line (CMMS_LOG_FORMAT).

Logged values come from outside (a login name, a file name, a vendor's error text): a newline in one would forge a
line of its own in a text log. Both formats therefore escape control characters in the message, so that one record
is always one line.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

from app.core.config import LogFormat, get_settings

_CONTROL = re.compile(r'[\x00-\x1f\x7f-\x9f\u2028\u2029]')


def escape_control(text: str) -> str:
    """Control characters as visible escapes (``\\n``, ``\\x1b``, ``\\u2028``): one record stays one line."""
    return _CONTROL.sub(lambda m: m.group().encode('unicode_escape').decode('ascii'), text)


class TextFormatter(logging.Formatter):
    """The plain-text line, with the message's control characters escaped (tracebacks keep their lines)."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = escape_control(record.message)
        return super().formatMessage(record)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            'ts': datetime.fromtimestamp(record.created, UTC).isoformat(),
            'level': record.levelname,
            'logger': record.name,
            'message': escape_control(record.getMessage()),
        }
        if record.exc_info:
            entry['exception'] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging() -> None:
    settings = get_settings()
    handler = logging.StreamHandler()
    if settings.log_format is LogFormat.JSON:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(TextFormatter('%(asctime)s %(levelname)-7s %(name)s: %(message)s'))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
