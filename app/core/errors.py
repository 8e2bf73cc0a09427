"""Domain errors raised by services; the API turns them into RFC 9457 problems, pages into messages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class DomainError(Exception):
    status = 400
    title = 'Bad request'

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(DomainError):
    status = 404
    title = 'Not found'


class Forbidden(DomainError):
    status = 403
    title = 'Forbidden'


class Unauthorized(DomainError):
    status = 401
    title = 'Unauthorized'


class Conflict(DomainError):
    status = 409
    title = 'Conflict'


class StaleVersion(Conflict):
    """The caller edited an older version than the stored one: reload and redo the change (forms offer a reload)."""


class Throttled(DomainError):
    status = 429
    title = 'Too many requests'

    def __init__(self, detail: str, retry_after_seconds: int) -> None:
        super().__init__(detail)
        self.retry_after_seconds = retry_after_seconds


class ValidationFailed(DomainError):
    """Bad input; ``errors`` names every offending field so forms and clients can point at it."""

    status = 422
    title = 'Validation failed'

    def __init__(self, errors: list[FieldError] | FieldError, detail: str | None = None) -> None:
        self.errors = [errors] if isinstance(errors, FieldError) else list(errors)
        super().__init__(detail or '; '.join(f'{e.field}: {e.message}' for e in self.errors))

    @classmethod
    def field(cls, field: str, message: str) -> ValidationFailed:
        return cls(FieldError(field, message))
