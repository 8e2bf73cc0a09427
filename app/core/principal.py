"""Who is acting: a user (session or JWT), an API key, or the system itself (jobs, demo loader)."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.enums import PrincipalKind, Role


@dataclass(frozen=True)
class Principal:
    kind: PrincipalKind
    id: int | None
    organization_id: int
    role: Role
    label: str
    client_address: str | None = None

    @classmethod
    def system(cls, organization_id: int, label: str = 'system') -> Principal:
        return cls(PrincipalKind.SYSTEM, None, organization_id, Role.ADMIN, label)

    @property
    def user_id(self) -> int | None:
        return self.id if self.kind is PrincipalKind.USER else None
