"""The one way a page reaches the service layer: off the event loop, in a transaction of its own.

The entry point owns the transaction (see the README): for the UI that is this bridge. A service function takes
``session`` and ``principal`` keyword arguments and raises ``DomainError``; the bridge opens the session, commits
when the function returns and rolls back when it raises, and runs it in a worker thread so that one slow query
does not freeze every other browser connected to this process. Errors are the caller's to show: a form puts them
next to its fields, a button in a toast (``attempt``), a browser route in its HTTP status (``browser_routes``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from nicegui import run, ui
from sqlalchemy.orm import Session

from app.core import db
from app.core.errors import DomainError

T = TypeVar('T')


async def call(service: Callable[..., T], /, **kwargs: Any) -> T:
    """Run one service function in its own transaction, off the event loop."""
    return await run.io_bound(partial(db.in_session, service, **kwargs))


async def in_session(work: Callable[[Session], T], /) -> T:
    """Run ``work(session)`` in one transaction, for a page that reads several things that belong together."""
    return await run.io_bound(_work_in_session, work)


async def attempt(service: Callable[..., T], /, **kwargs: Any) -> T | None:
    """``call``, with a refusal shown as a toast instead of raised; None when refused."""
    try:
        return await call(service, **kwargs)
    except DomainError as error:
        ui.notify(error.detail, type='negative', multi_line=True)
        return None


def _work_in_session(work: Callable[[Session], T]) -> T:
    with db.session_scope() as session:
        return work(session)
