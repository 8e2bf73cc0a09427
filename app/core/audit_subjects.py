"""What the audit log's entries are about: each domain names its entity types (``Domain.audit_subjects``).

The same references name another domain's rows wherever a list mentions them (the parts ledger shows the work
order's number) without importing that domain.

The audit log stores ``entity_type`` and ``entity_id`` as plain strings. To show "WO-001900" instead of
"work_order #1900", the core needs each domain's way of turning ids into the reference people use, without
importing the domains: each manifest declares its subjects and the composition root installs them all
(``app.domains.install``), like event subscriptions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

# (session, organisation id, numeric ids) → {id: reference}; ids of rows no longer there are simply left out.
References = Callable[[Session, int, list[int]], dict[int, str]]


@dataclass(frozen=True)
class AuditSubject:
    """One entity type of the audit log: its name in the UI, how its ids read, which fields hold enum codes."""

    entity_type: str
    label: str
    references: References | None = None
    # Fields whose values are enum codes ('in_progress'), shown through the UI's labels ('In progress').
    enum_fields: frozenset[str] = frozenset()


_installed: dict[str, AuditSubject] = {}


def install(subjects: Iterable[AuditSubject]) -> None:
    _installed.clear()
    _installed.update({subject.entity_type: subject for subject in subjects})


def subject(entity_type: str) -> AuditSubject:
    """The declared subject, or one made up from the type's name for types no domain declares (old entries)."""
    found = _installed.get(entity_type)
    if found is None:
        words = entity_type.replace('_', ' ')
        return AuditSubject(entity_type, words[:1].upper() + words[1:])
    return found


def references(session: Session, organization_id: int, keys: Iterable[tuple[str, str | None]]) -> dict:
    """``{(entity_type, entity_id): reference}`` for the given entries, one query per entity type."""
    ids_by_type: dict[str, set[int]] = {}
    for entity_type, entity_id in keys:
        if entity_id and entity_id.isdigit():
            ids_by_type.setdefault(entity_type, set()).add(int(entity_id))
    found = {}
    for entity_type, ids in ids_by_type.items():
        reader = subject(entity_type).references
        if reader is not None:
            for entity_id, reference in reader(session, organization_id, sorted(ids)).items():
                found[entity_type, str(entity_id)] = reference
    return found


def column_references(model: type, column: str, shown: Callable[[object], str] = str) -> References:
    """Ids read as one column of the model's row (an asset's code, a user's email), within the organisation."""

    def read(session: Session, organization_id: int, ids: list[int]) -> dict[int, str]:
        rows = session.execute(
            select(model.id, getattr(model, column)).where(model.organization_id == organization_id, model.id.in_(ids))
        )
        return {entity_id: shown(value) for entity_id, value in rows}

    return read
