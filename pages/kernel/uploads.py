"""Files uploaded several at a time: each is stored on its own, so one refused file does not lose the others."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Protocol, TypeVar

from nicegui import ui

from app.core.errors import DomainError

T = TypeVar('T')


class UploadedFile(Protocol):
    name: str

    async def read(self) -> bytes: ...


def toast_refusal(text: str) -> None:
    ui.notify(text, type='negative', multi_line=True)


async def store_each(
    files: Iterable[UploadedFile],
    store: Callable[[str, bytes], Awaitable[T]],
    refused: Callable[[str], Any] = toast_refusal,
) -> list[T]:
    """``store(name, content)`` for every file; a refusal goes to ``refused('name: reason')``. What was stored."""
    stored: list[T] = []
    for file in files:
        try:
            stored.append(await store(file.name, await file.read()))
        except DomainError as error:
            refused(f'{file.name}: {error.detail}')
    return stored
