"""Uploaded files on disk, for every domain: type from the content's magic bytes, a size cap, safe names, atomic
writes, and files that come and go with the transaction of their row.

A file is written to a temporary name and renamed into place before its row is added (readers see the whole file
or none); if the transaction does not commit, the file is removed again. A file whose row is deleted is removed
once the delete commits, never before (a rolled-back delete keeps its file).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from app.core.config import get_settings
from app.core.errors import ValidationFailed

MAX_BYTES = 20 * 1024 * 1024
_UNSAFE_NAME_CHARACTERS = re.compile(r'[\x00-\x1f\x7f"\\/]')


@dataclass(frozen=True)
class FileType:
    """A type recognised by its first bytes; ``kind`` is the domain's word for it (photo, manual, document)."""

    content_type: str
    extensions: tuple[str, ...]
    kind: str
    matches: Callable[[bytes], bool]


PDF = FileType('application/pdf', ('.pdf',), 'manual', lambda b: b.startswith(b'%PDF-'))
PNG = FileType('image/png', ('.png',), 'photo', lambda b: b.startswith(b'\x89PNG\r\n\x1a\n'))
JPEG = FileType('image/jpeg', ('.jpg', '.jpeg', '.jfif'), 'photo', lambda b: b.startswith(b'\xff\xd8\xff'))
WEBP = FileType('image/webp', ('.webp',), 'photo', lambda b: b[:4] == b'RIFF' and b[8:12] == b'WEBP')
GIF = FileType('image/gif', ('.gif',), 'photo', lambda b: b[:6] in (b'GIF87a', b'GIF89a'))
IMAGE_TYPES = (PNG, JPEG, WEBP, GIF)
# UTF-8 text has no magic bytes: it is accepted by extension, once it decodes and holds no NUL.
TEXT_TYPES = {'.txt': 'text/plain', '.csv': 'text/csv', '.md': 'text/markdown'}


@dataclass(frozen=True)
class Upload:
    """An accepted upload: its display name (with an extension that matches the content), type and kind."""

    file_name: str
    content_type: str
    extension: str
    kind: str
    size_bytes: int


def inspect_upload(
    file_name: str,
    content: bytes,
    *,
    types: Sequence[FileType],
    allowed: str,
    text_types: dict[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
    field: str = 'file',
) -> Upload:
    """Accept ``content`` if it is one of ``types`` (or UTF-8 text of ``text_types``), else a 422 naming ``field``.

    ``allowed`` is the human list of accepted types for the error message.
    """
    name = clean_name(file_name, field=field)
    if not content:
        raise ValidationFailed.field(field, 'the file is empty')
    if len(content) > max_bytes:
        raise ValidationFailed.field(field, f'the file is larger than the {max_bytes // 1_048_576} MB limit')
    suffix = PurePosixPath(name).suffix.lower()
    for file_type in types:
        if file_type.matches(content):
            if suffix not in file_type.extensions:
                name = f'{name}{file_type.extensions[0]}'[-255:]  # the name promises another type: say what it is
            return Upload(name, file_type.content_type, file_type.extensions[0], file_type.kind, len(content))
    if text_types and suffix in text_types:
        try:
            text = content.decode('utf-8-sig')
        except UnicodeDecodeError:
            raise ValidationFailed.field(field, f'{name} is not UTF-8 text') from None
        if '\x00' not in text:
            return Upload(name, f'{text_types[suffix]}; charset=utf-8', suffix, 'document', len(content))
    raise ValidationFailed.field(field, f'{name} is not an allowed type: upload {allowed}')


def clean_name(file_name: str, *, field: str = 'file') -> str:
    """Only the last path part, without control characters, quotes or slashes, at most 255 characters; never empty."""
    base = re.split(r'[\\/]', file_name or '')[-1]
    name = _UNSAFE_NAME_CHARACTERS.sub('', base).strip().lstrip('.')
    if not name:
        raise ValidationFailed.field(field, 'the file needs a name')
    stem, suffix = os.path.splitext(name)
    return stem[: 255 - len(suffix[:16])] + suffix[:16]


def upload_directory(area: str) -> Path:
    """Where one domain keeps its files (``<data dir>/uploads/<area>``)."""
    return get_settings().uploads_dir / area


def new_stored_name(extension: str) -> str:
    """A random file name on disk: never derived from the user's name, so it can neither clash nor escape."""
    return secrets.token_hex(16) + extension


@contextlib.contextmanager
def stored_with_transaction(session: Session, directory: Path, stored_name: str, content: bytes) -> Iterator[Path]:
    """Write the file, then run the block that adds its row; the file goes again if the block raises or the
    session's transaction does not commit."""
    path = write_atomically(directory, stored_name, content)
    try:
        yield path
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    after_transaction(session, on_rollback=lambda: path.unlink(missing_ok=True))


def remove_after_commit(session: Session, path: Path) -> None:
    """Delete ``path`` once the session's transaction commits (a rollback keeps it)."""
    after_transaction(session, on_commit=lambda: path.unlink(missing_ok=True))


def write_atomically(directory: Path, stored_name: str, content: bytes) -> Path:
    """Write to a temporary file, fsync, rename into place: readers see the whole file or none."""
    directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix='.upload-')
    try:
        with os.fdopen(handle, 'wb') as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        final = directory / stored_name
        os.replace(temporary, final)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return final


def after_transaction(
    session: Session, *, on_commit: Callable[[], Any] | None = None, on_rollback: Callable[[], Any] | None = None
) -> None:
    """Run one callback when the session's current outermost transaction ends: committed, or rolled back."""
    state = {'committed': False, 'done': False}

    def committed(_session: Session) -> None:
        state['committed'] = True

    def ended(_session: Session, transaction: SessionTransaction) -> None:
        if state['done'] or transaction.parent is not None:
            return
        state['done'] = True
        callback = on_commit if state['committed'] else on_rollback
        if callback is not None:
            callback()

    event.listen(session, 'after_commit', committed)
    event.listen(session, 'after_transaction_end', ended)
