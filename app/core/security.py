"""Password hashing (argon2 via passlib), API key generation and hashing, JWT access tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

import jwt
from passlib.context import CryptContext
from pydantic import BaseModel, ValidationError

from app.core.config import get_secrets, get_settings
from app.core.db import utcnow
from app.core.input_types import Int64, RowId

MIN_PASSWORD_LENGTH = 12
API_KEY_PREFIX = 'cmms_'
_JWT_ALGORITHM = 'HS256'

_password_context = CryptContext(schemes=['argon2'], deprecated='auto')


def hash_password(password: str) -> str:
    return _password_context.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    return _password_context.verify(password, password_hash)


def password_problem(password: str) -> str | None:
    """Why a new password is unacceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f'must be at least {MIN_PASSWORD_LENGTH} characters'
    if len(password) > 256:
        return 'must be at most 256 characters'
    return None


# A dummy hash to verify against when the email is unknown, so both paths cost the same time.
_DUMMY_HASH = _password_context.hash(secrets.token_urlsafe(16))


def burn_password_check(password: str) -> None:
    _password_context.verify(password, _DUMMY_HASH)


def new_api_key() -> tuple[str, str, str]:
    """A fresh key as (full key shown once, lookup prefix, secret hash to store)."""
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    return f'{API_KEY_PREFIX}{prefix}_{secret}', prefix, hash_api_key_secret(secret)


def split_api_key(key: str) -> tuple[str, str] | None:
    if not key.startswith(API_KEY_PREFIX):
        return None
    prefix, _, secret = key.removeprefix(API_KEY_PREFIX).partition('_')
    return (prefix, secret) if prefix and secret else None


def hash_api_key_secret(secret: str) -> str:
    # API key secrets carry 256 random bits, so a fast keyed hash is safe (unlike passwords) and keeps
    # every API request cheap; the pepper means a stolen database alone cannot confirm a guessed key.
    return hmac.new(_derived_key(b'api-key'), secret.encode(), hashlib.sha256).hexdigest()


def api_key_secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_api_key_secret(secret), stored_hash)


def issue_access_token(user_id: int, session_version: int) -> tuple[str, int]:
    ttl = get_settings().jwt_ttl_seconds
    now = utcnow()
    claims = {'sub': str(user_id), 'sv': session_version, 'iat': now, 'exp': now + timedelta(seconds=ttl)}
    return jwt.encode(claims, _derived_key(b'jwt'), algorithm=_JWT_ALGORITHM), ttl


def decode_access_token(token: str) -> tuple[int, int] | None:
    """(user id, session version) from a valid token, or None for anything invalid or expired."""
    try:
        claims = jwt.decode(token, _derived_key(b'jwt'), algorithms=[_JWT_ALGORITHM], options={'require': ['exp']})
        subject = _TokenSubject.model_validate(claims)
    except (jwt.PyJWTError, ValidationError):
        return None
    return subject.sub, subject.sv


class _TokenSubject(BaseModel):
    """Whom a token names, bounded like every id from outside: a number the database cannot hold is no user."""

    sub: RowId  # JWT's subject is a string; pydantic reads '42' as 42 and refuses 2^70
    sv: Int64 = 0


def _derived_key(purpose: bytes) -> bytes:
    storage_secret, _ = get_secrets()
    return hmac.new(storage_secret.encode(), purpose, hashlib.sha256).digest()
