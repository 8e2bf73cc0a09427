"""Retiring an asset is one rule whichever door it comes through: through PATCH or a condition assessment, taking an
asset out of service for good (retired, decommissioned), or back from there, needs the right to edit the register;
a technician's assessment on the spot may set any other status."""

from __future__ import annotations

import pytest

from app.core.enums import Role
from tests.support.api import api_call, problem
from tests.support.organizations import Org
from tests.support.services import make_asset
from tests.support.snapshots import ASSETS, snapshot


@pytest.mark.parametrize('status', ['retired', 'decommissioned'])
def test_a_technician_cannot_retire_an_asset_through_a_condition_assessment(org: Org, status: str) -> None:
    asset = make_asset(org)
    before = snapshot(org.id, ASSETS)
    body = {'condition': 'critical', 'status': status, 'note': 'scrap it'}
    detail = problem(api_call(org, 'POST', f'/assets/{asset.id}/condition', Role.TECHNICIAN, json=body), 403)['detail']
    assert 'assets write' in detail
    assert snapshot(org.id, ASSETS) == before
    assert api_call(org, 'POST', f'/assets/{asset.id}/condition', Role.SUPERVISOR, json=body).json()['status'] == status


def test_a_technician_cannot_bring_a_retired_asset_back_but_may_set_other_statuses(org: Org) -> None:
    retired, running = make_asset(org, status='retired'), make_asset(org)
    back = {'condition': 'good', 'status': 'operational'}
    problem(api_call(org, 'POST', f'/assets/{retired.id}/condition', Role.TECHNICIAN, json=back), 403)
    problem(api_call(org, 'PATCH', f'/assets/{retired.id}', Role.TECHNICIAN, json={'status': 'operational'}), 403)
    repair = {'condition': 'poor', 'status': 'repair', 'note': 'leaking seal'}
    assert api_call(org, 'POST', f'/assets/{running.id}/condition', Role.TECHNICIAN, json=repair).json()['status'] == (
        'repair'
    )
    assert api_call(org, 'POST', f'/assets/{retired.id}/condition', Role.ADMIN, json=back).json()['status'] == (
        'operational'
    )
