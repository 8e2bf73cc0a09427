"""The browser session: who is signed in (NiceGUI user storage) and the principal of the current request."""

from __future__ import annotations

from typing import Any

from nicegui import app, ui

from app.core.auth import LoginResult
from app.core.principal import Principal

PRINCIPAL_STATE = 'cmms_principal'


def sign_in(result: LoginResult) -> None:
    app.storage.user.update(
        {
            'user_id': result.principal.id,
            'session_version': result.session_version,
            'dark_mode': result.dark_mode,
        }
    )


def sign_out() -> None:
    app.storage.user.clear()


def signed_in_user() -> tuple[int, int] | None:
    """(user id, session version) stored for this browser, or None."""
    storage: Any = app.storage.user
    if 'user_id' not in storage:
        return None
    return int(storage['user_id']), int(storage.get('session_version', 0))


def current_principal() -> Principal:
    """The principal the auth middleware verified for this page request."""
    return getattr(ui.context.client.request.state, PRINCIPAL_STATE)


def site_filter() -> int | None:
    return app.storage.user.get('site_id')


def set_site_filter(site_id: int | None) -> None:
    app.storage.user['site_id'] = site_id
