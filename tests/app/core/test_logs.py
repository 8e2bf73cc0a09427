"""The text and JSON logs: a value from outside (a login name with a newline, an escape sequence) cannot forge a line
of its own; one record is one line in both formats, tracebacks aside."""

from __future__ import annotations

import io
import json
import logging

import pytest

from app.core import logs
from app.core.config import get_settings
from tests.support.api import client

FORGED = 'mallory@example.com\n2026-12-02 06:00:00,000 INFO    app.core.auth: login of admin@demo.example\x1b[2K\u2028'


@pytest.fixture(params=['text', 'json'])
def log_stream(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    monkeypatch.setenv('CMMS_LOG_FORMAT', request.param)
    get_settings.cache_clear()
    root = logging.getLogger()
    before = root.handlers[:], root.level
    logs.configure_logging()
    stream = io.StringIO()
    root.handlers[0].setStream(stream)
    yield stream
    root.handlers[:], level = before
    root.setLevel(level)
    get_settings.cache_clear()


def test_a_login_name_with_a_newline_stays_on_one_line(backend: str, log_stream: io.StringIO) -> None:
    response = client().post('/api/v1/auth/token', json={'username': FORGED, 'password': 'not-the-password'})
    assert response.status_code == 401
    lines = [line for line in log_stream.getvalue().splitlines() if 'mallory' in line]
    assert len(lines) == 1, log_stream.getvalue()
    [line] = lines
    message = json.loads(line)['message'] if get_settings().log_format == 'json' else line
    # The forged "line" is still there, visibly escaped inside the real one (the login lower-cases the name).
    assert 'failed login for mallory@example.com\\n2026-12-02 06:00:00,000 info' in message
    assert '\\x1b[2k' in message
    assert '\x1b' not in line and '\u2028' not in line


def test_escaping_keeps_ordinary_text_as_it_is() -> None:
    assert logs.escape_control('Pumpe P-101 läuft wieder · 5 µm') == 'Pumpe P-101 läuft wieder · 5 µm'
    assert logs.escape_control('a\tb\x00c\x9bd\u2028e') == 'a\\tb\\x00c\\x9bd\\u2028e'
