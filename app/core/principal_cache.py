"""Credentials resolved in the last few seconds → their principal, so a busy client costs no look-up per request.

Resolving an API key or a signed-in user costs a transaction (find the row, check it is active and current); an
integration sends many requests a second with the same key, and every page load repeats the user's check. The
principal is kept for ``CACHE_SECONDS``, per database (tests switch databases within one process).

Any change this process writes to a user or API key row that could alter a principal (role, activation, revocation,
ended sessions, name) empties the cache when it is flushed and again when it commits, through the ORM events below,
so revoking a key or deactivating a person applies to the very next request: a request resolved between the flush
and the commit still saw the old row, and what it remembered goes at the commit. Decision: a *second* process of the
same deployment (API workers beside the UI process) notices such a change within ``CACHE_SECONDS``; that short
window is the price of not asking the database on every request, and the same trade made by token-introspection
caches.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import replace
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from app.core.db import get_engine, utcnow
from app.core.models import ApiKey, User
from app.core.principal import Principal

CACHE_SECONDS = 5.0
MAX_ENTRIES = 10_000
# Bookkeeping columns that change on ordinary use and cannot change who a principal is.
_HARMLESS_CHANGES = frozenset(
    {'last_used_at', 'last_login_at', 'failed_login_count', 'locked_until', 'dark_mode', 'updated_at'}
)
_WATCHED_TABLES = frozenset({User.__tablename__, ApiKey.__tablename__})


class Resolved(NamedTuple):
    """A principal whose credential stops working at ``valid_until`` (an expiring API key): remembered no longer."""

    principal: Principal
    valid_until: datetime | None


_entries: dict[Hashable, tuple[float, Principal]] = {}
_generation = 0
_lock = threading.Lock()


def lookup(key: Hashable, client_address: str | None) -> Principal | None:
    """The cached principal for ``key`` (as seen from ``client_address``), or None when unknown or expired."""
    entry = _entries.get((get_engine(), key))
    if entry is None or entry[0] < time.monotonic():
        return None
    principal = entry[1]
    if principal.client_address == client_address:
        return principal
    return replace(principal, client_address=client_address)


def cached(
    key: Hashable, client_address: str | None, resolve: Callable[[], Principal | Resolved | None]
) -> Principal | None:
    """The cached principal for ``key``, or ``resolve()``'s answer, remembered unless the cache was emptied meanwhile
    (a user or key changed while it was being resolved: the answer may be stale already). None is not remembered."""
    if (principal := lookup(key, client_address)) is not None:
        return principal
    since = _generation
    answer = resolve()
    if answer is None:
        return None
    principal, valid_until = answer if isinstance(answer, Resolved) else (answer, None)
    lifetime = CACHE_SECONDS
    if valid_until is not None:
        lifetime = min(lifetime, (valid_until - utcnow()).total_seconds())
    if lifetime > 0:
        _remember(key, principal, since, lifetime)
    return principal


def _remember(key: Hashable, principal: Principal, since_generation: int, lifetime: float) -> None:
    with _lock:
        if since_generation != _generation:
            return  # a user or key changed while this principal was being resolved: it may be stale already
        if len(_entries) >= MAX_ENTRIES:
            _entries.clear()
        _entries[get_engine(), key] = (time.monotonic() + lifetime, principal)


def forget_all() -> None:
    global _generation
    with _lock:
        _generation += 1
        _entries.clear()


_CHANGED = 'cmms.principals_changed'  # session.info flag: this transaction changed who a principal is


@event.listens_for(Session, 'after_flush')
def _forget_after_identity_changes(session: Session, _flush: UOWTransaction) -> None:
    for instance in (*session.new, *session.dirty, *session.deleted):
        if isinstance(instance, User | ApiKey) and _may_change_principal(instance, session):
            _changed(session)
            return


@event.listens_for(Session, 'do_orm_execute')
def _forget_before_bulk_changes(state: ORMExecuteState) -> None:
    """Bulk UPDATE/DELETE statements bypass the unit of work (tests and admin tools use them)."""
    table = getattr(state.statement, 'table', None)
    if (state.is_update or state.is_delete) and table is not None and table.name in _WATCHED_TABLES:
        _changed(state.session)


@event.listens_for(Session, 'after_commit')
def _forget_after_commit(session: Session) -> None:
    if session.info.pop(_CHANGED, False):
        forget_all()


@event.listens_for(Session, 'after_rollback')
def _nothing_changed_after_rollback(session: Session) -> None:
    session.info.pop(_CHANGED, None)


def _changed(session: Session) -> None:
    # Now, so that nothing resolved from here on is remembered past the commit, and at the commit for what a
    # request resolved from the old row meanwhile.
    session.info[_CHANGED] = True
    forget_all()


def _may_change_principal(instance: User | ApiKey, session: Session) -> bool:
    if instance in session.new:
        return False  # nobody can have been resolved to a row that did not exist
    if instance in session.deleted:
        return True
    state = inspect(instance)
    changed = {attribute.key for attribute in state.attrs if attribute.history.has_changes()}
    return bool(changed - _HARMLESS_CHANGES)
