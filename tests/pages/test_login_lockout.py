"""The login page answers an unknown email exactly as a locked real account after five failures."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from nicegui import ui
from nicegui.testing import User
from sqlalchemy import delete, func, select

from app.core.auth import MAX_FAILED_ATTEMPTS
from app.core.db import session_scope
from app.core.models import LoginFailure
from tests.support.organizations import unique_email


@pytest.fixture
def email(backend: str) -> Iterator[str]:
    """An email without an account; its failures are removed afterwards, so the page tier's shared client address
    is not brought nearer to the per-address throttle for later tests."""
    address = unique_email('nobody')
    yield address
    with session_scope() as session:
        session.execute(delete(LoginFailure).where(LoginFailure.email == address))


async def test_an_unknown_email_is_shown_the_lock_message_after_five_failures(user: User, email: str) -> None:
    await user.open('/login')
    for attempt in range(MAX_FAILED_ATTEMPTS):
        await try_password(user, email, attempt)
        await user.should_see('wrong email or password')
    await try_password(user, email, MAX_FAILED_ATTEMPTS)
    await user.should_see('this account is locked after 5 failed logins')


async def try_password(user: User, email: str, failures_before: int) -> None:
    user.find('Email').clear().type(email)
    user.find('Password').clear().type('wrong-password-guess')
    user.find(kind=ui.button, content='Sign in').click()
    for _ in range(100):  # the click's handler runs in the background: wait until its failure is written
        with session_scope() as session:
            written = session.scalar(select(func.count()).where(LoginFailure.email == email))
        if written > failures_before:
            return
        await asyncio.sleep(0.05)
    raise AssertionError('the login attempt was not recorded')
