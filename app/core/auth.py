"""Login with lockout and per-address throttling, and turning credentials into a Principal."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import audit, principal_cache
from app.core.db import session_scope, utcnow
from app.core.enums import AuditAction, PrincipalKind
from app.core.errors import Throttled, Unauthorized
from app.core.models import ApiKey, LoginFailure, User
from app.core.principal import Principal
from app.core.security import (
    api_key_secret_matches,
    burn_password_check,
    decode_access_token,
    split_api_key,
    verify_password,
)

log = logging.getLogger(__name__)

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
# How far back failures of an email without an account are replayed to decide whether it looks locked.
UNKNOWN_EMAIL_MEMORY = timedelta(hours=24)
MAX_REPLAYED_FAILURES = 1000
ADDRESS_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ADDRESS = 20
# Writing last_used_at on every API call would turn reads into writes; minute precision is plenty.
LAST_USED_RESOLUTION = timedelta(seconds=60)
BAD_CREDENTIALS = 'wrong email or password'


@dataclass(frozen=True)
class LoginResult:
    principal: Principal
    session_version: int
    dark_mode: bool


def login(*, session: Session, email: str, password: str, client_address: str | None) -> LoginResult:
    """Check a password login. Failures are committed before raising, so lockout counts survive the error."""
    address = client_address or 'unknown'
    email = email.strip().lower()
    now = utcnow()
    recent_failures = session.scalar(
        select(func.count()).where(LoginFailure.client_address == address, LoginFailure.at > now - ADDRESS_WINDOW)
    )
    if recent_failures >= MAX_FAILURES_PER_ADDRESS:
        log.warning('login throttled for address %s after %s failures', address, recent_failures)
        audit.record(
            session,
            None,
            AuditAction.LOGIN_THROTTLED,
            'session',
            None,
            client_address=address,
            summary=f'too many failed logins from {address}',
        )
        session.commit()
        raise Throttled(
            'too many failed logins from this address; try again in 15 minutes', int(ADDRESS_WINDOW.total_seconds())
        )

    user = session.scalar(select(User).where(func.lower(User.email) == email).with_for_update())
    if user is None:
        if (locked_until := unknown_email_locked_until(session, email, now)) is not None:
            _fail(session, None, email, address, 'unknown email, locked like an account')
            raise _account_locked(locked_until, now)
        burn_password_check(password)  # the same argon2 cost as a wrong password for a real account
        _fail(session, None, email, address, 'unknown email')
        raise Unauthorized(BAD_CREDENTIALS)
    if user.locked_until is not None and user.locked_until > now:
        _fail(session, user, email, address, 'account locked')
        raise _account_locked(user.locked_until, now)
    if not verify_password(password, user.password_hash):
        user.failed_login_count += 1
        if user.failed_login_count >= MAX_FAILED_ATTEMPTS:
            user.failed_login_count = 0
            user.locked_until = now + LOCKOUT
            log.warning('account %s locked after %s failed logins', email, MAX_FAILED_ATTEMPTS)
            audit.record(
                session,
                None,
                AuditAction.ACCOUNT_LOCKED,
                'user',
                user.id,
                organization_id=user.organization_id,
                client_address=address,
                summary=f'{email} locked for 15 minutes after {MAX_FAILED_ATTEMPTS} failed logins',
            )
        _fail(session, user, email, address, 'wrong password')
        raise Unauthorized(BAD_CREDENTIALS)
    if not user.active:
        _fail(session, user, email, address, 'account deactivated')
        raise Unauthorized('this account is deactivated; ask an admin to reactivate it')

    user.failed_login_count = 0
    user.locked_until = None
    user.last_login_at = now
    principal = user_principal(user, address)
    audit.record(session, principal, AuditAction.LOGIN_SUCCEEDED, 'session', None, summary=f'{email} logged in')
    log.info('login of %s from %s', email, address)
    return LoginResult(principal=principal, session_version=user.session_version, dark_mode=user.dark_mode)


def unknown_email_locked_until(session: Session, email: str, now: datetime) -> datetime | None:
    """Until when an email without an account answers "locked", or None: exactly as a real account would.

    Without this, 5 wrong passwords tell an attacker which emails have accounts (429 "locked" for a real one, 401
    forever for the rest). Decision: the state comes from the ``login_failures`` rows already written for every
    failure (indexed by email and time), not from memory: it holds across processes and restarts like a real
    account's lock, and needs no new table. The failures are replayed with the account rule: the 5th failure
    outside a lock starts a 15-minute lock, and failures during a lock do not extend it. Only the last
    ``UNKNOWN_EMAIL_MEMORY`` is replayed (a real account remembers its count until a good login; an unknown email
    cannot have one, so a bounded memory differs only for an attacker patient over a whole day).
    """
    times = session.scalars(
        select(LoginFailure.at)
        .where(LoginFailure.email == email[:320], LoginFailure.at > now - UNKNOWN_EMAIL_MEMORY)
        .order_by(LoginFailure.at)
        .limit(MAX_REPLAYED_FAILURES)
    )
    count, locked_until = 0, None
    for at in times:
        if locked_until is not None and at < locked_until:
            continue  # refused while locked: does not count towards the next lock
        count += 1
        if count >= MAX_FAILED_ATTEMPTS:
            count, locked_until = 0, at + LOCKOUT
    return locked_until if locked_until is not None and locked_until > now else None


def _account_locked(locked_until: datetime, now: datetime) -> Throttled:
    """The one 429 of a locked account; unknown emails get it too, word for word and header for header."""
    minutes = max(1, int((locked_until - now).total_seconds() // 60) + 1)
    return Throttled(
        f'this account is locked after {MAX_FAILED_ATTEMPTS} failed logins; '
        f'try again in {minutes} minutes or ask an admin to reset the password',
        int((locked_until - now).total_seconds()) + 1,
    )


def record_logout(*, session: Session, user_id: int, client_address: str | None) -> None:
    """Write the logout of a browser session to the audit log (nothing when the account is gone)."""
    user = session.get(User, user_id)
    if user is None:
        return
    principal = user_principal(user, client_address)
    audit.record(session, principal, AuditAction.LOGOUT, 'session', None, summary=f'{user.email} logged out')
    log.info('logout of %s from %s', user.email, client_address or 'unknown')


def _fail(session: Session, user: User | None, email: str, address: str, reason: str) -> None:
    session.add(LoginFailure(client_address=address, email=email[:320]))
    audit.record(
        session,
        None,
        AuditAction.LOGIN_FAILED,
        'session',
        None,
        organization_id=user.organization_id if user else None,
        client_address=address,
        summary=f'failed login for {email[:200]}: {reason}',
    )
    log.warning('failed login for %s from %s: %s', email, address, reason)
    session.commit()


def user_principal(user: User, client_address: str | None = None) -> Principal:
    return Principal(PrincipalKind.USER, user.id, user.organization_id, user.role, user.email, client_address)


def session_principal(*, user_id: int, session_version: int, client_address: str | None = None) -> Principal | None:
    """The principal behind a browser session or access token, or None if the account is gone, inactive or logged
    out. Served from ``principal_cache`` when resolved in the last seconds; otherwise one short transaction."""

    def resolve() -> Principal | None:
        with session_scope() as session:
            user = session.get(User, user_id)
            if user is None or not user.active or user.session_version != session_version:
                return None
            return user_principal(user, client_address)

    return principal_cache.cached(_session_cache_key(user_id, session_version), client_address, resolve)


def cached_session_principal(*, user_id: int, session_version: int, client_address: str | None) -> Principal | None:
    """The principal behind a browser session if it was resolved in the last seconds (no database access), else
    None: callers on the event loop try this before paying a thread-pool hop for ``session_principal``."""
    return principal_cache.lookup(_session_cache_key(user_id, session_version), client_address)


def cached_bearer_principal(token: str, client_address: str | None) -> Principal | None:
    """The principal for ``token`` if it was resolved in the last seconds (no database access), else None."""
    if split_api_key(token) is not None:
        return principal_cache.lookup(_api_key_cache_key(token), client_address)
    if (claims := decode_access_token(token)) is not None:  # checks signature and expiry on every request
        user_id, session_version = claims
        return cached_session_principal(user_id=user_id, session_version=session_version, client_address=client_address)
    return None


def authenticate_bearer(*, token: str, client_address: str | None) -> Principal:
    """Resolve an API key or a JWT access token; anything else is Unauthorized."""
    if (parts := split_api_key(token)) is not None:

        def resolve() -> principal_cache.Resolved:
            with session_scope() as session:
                return _api_key_principal(session, *parts, client_address)

        return principal_cache.cached(_api_key_cache_key(token), client_address, resolve)
    if (claims := decode_access_token(token)) is not None:
        principal = session_principal(user_id=claims[0], session_version=claims[1], client_address=client_address)
        if principal is not None:
            return principal
    raise Unauthorized('invalid or expired credentials')


def _session_cache_key(user_id: int, session_version: int) -> tuple[str, int, int]:
    return 'user', user_id, session_version


def _api_key_cache_key(token: str) -> tuple[str, bytes]:
    # A digest, not the key itself: nothing in memory should be a usable secret longer than the request.
    return 'api_key', hashlib.sha256(token.encode()).digest()


def _api_key_principal(
    session: Session, prefix: str, secret: str, client_address: str | None
) -> principal_cache.Resolved:
    api_key = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
    now = utcnow()
    if api_key is None or api_key.revoked_at is not None or not api_key_secret_matches(secret, api_key.secret_hash):
        raise Unauthorized('invalid or revoked API key')
    if api_key.expires_at is not None and api_key.expires_at <= now:
        raise Unauthorized('this API key has expired')
    if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_RESOLUTION:
        api_key.last_used_at = now
    principal = Principal(
        PrincipalKind.API_KEY,
        api_key.id,
        api_key.organization_id,
        api_key.role,
        f'API key {api_key.name} ({api_key.prefix})',
        client_address,
    )
    # Remembered no longer than the key lives: the cache must not answer for a key past its expiry.
    return principal_cache.Resolved(principal, api_key.expires_at)
