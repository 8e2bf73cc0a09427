"""The demo's failure-code catalogue: for each asset type of the demo register, the problems, causes and remedies
its kinds of machine break down with (``data.FAILURES``), so completing a breakdown offers sensible lists."""

from __future__ import annotations

import re
from collections import defaultdict

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.assets.models import Asset
from app.core.db import utcnow
from app.work_orders.demo import data
from app.work_orders.enums import FailureCodeKind
from app.work_orders.models import FailureCode

CODE_LENGTH = 32


def code_of(label: str) -> str:
    """'Low flow / low pressure' → 'LOW-FLOW-LOW-PRESSURE': the code a label is filed under."""
    return re.sub(r'[^A-Z0-9]+', '-', label.upper()).strip('-')[:CODE_LENGTH].rstrip('-')


def write_catalogue(session: Session, org_id: int) -> None:
    """One entry per (asset type, kind, label) the demo's machines can fail with."""
    kinds_by_type: dict[str, set[str]] = defaultdict(set)
    for code, asset_type in session.execute(
        select(Asset.code, Asset.asset_type).where(Asset.organization_id == org_id)
    ):
        machine = code.split('-')[1] if '-' in code else ''
        if machine in data.FAILURES:
            kinds_by_type[asset_type].add(machine)
    entries: dict[tuple[str, FailureCodeKind, str], str] = {}
    for asset_type, machines in kinds_by_type.items():
        for machine in sorted(machines):
            for problem, causes, remedies, _parts in data.FAILURES[machine]:
                for kind, labels in (
                    (FailureCodeKind.PROBLEM, (problem,)),
                    (FailureCodeKind.CAUSE, causes),
                    (FailureCodeKind.REMEDY, remedies),
                ):
                    for label in labels:
                        entries.setdefault((asset_type, kind, code_of(label)), label)
    now = utcnow()
    rows = [
        {
            'organization_id': org_id,
            'asset_type': asset_type,
            'kind': kind,
            'code': code,
            'label': label,
            'active': True,
            'created_at': now,
        }
        for (asset_type, kind, code), label in sorted(entries.items())
    ]
    if rows:
        session.execute(insert(FailureCode), rows)
