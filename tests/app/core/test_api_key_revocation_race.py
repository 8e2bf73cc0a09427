"""Twenty admins revoking one API key at the same moment: one revocation, one audit entry, the rest told it is done."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from app.core.enums import Role
from tests.support.api import api_call
from tests.support.organizations import Org, make_api_key
from tests.support.rows import audit_of

RACERS = 20


@pytest.mark.parametrize('backend', ['postgresql'], indirect=True)  # SQLite runs one writer at a time anyway
def test_parallel_revocations_of_one_key_have_one_winner_and_one_audit_entry(org: Org) -> None:
    key_id, _key = make_api_key(org, Role.VIEWER)
    with ThreadPoolExecutor(RACERS) as pool:
        statuses = sorted(pool.map(lambda _: _revoke(org, key_id), range(RACERS)))
    assert statuses == [200] + [409] * (RACERS - 1)
    revocations = [e for e in audit_of(org, 'api_key', key_id) if 'revoked_at' in (e.changes or {})]
    assert len(revocations) == 1


def _revoke(org: Org, key_id: int) -> int:
    return api_call(org, 'DELETE', f'/api-keys/{key_id}', Role.ADMIN).status_code
