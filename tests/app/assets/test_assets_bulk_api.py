"""POST /api/v1/assets/bulk: the list's selection changed in one transaction, all or nothing, through the same
rules, history, audit and events as one change; the refusal names the asset."""

from __future__ import annotations

import pytest

from app.assets.events import AssetStatusChanged
from app.core import events
from app.core.enums import Role
from tests.support.api import api_call, error_fields, problem
from tests.support.organizations import Org, make_org
from tests.support.services import make_asset
from tests.support.snapshots import ASSETS, snapshot

pytestmark = pytest.mark.usefixtures('backend')


@pytest.fixture
def org() -> Org:
    return make_org(api_keys=True)


def test_a_selection_changes_status_and_site_with_history_and_events(org):
    first, second = make_asset(org, site_id=org.site_id), make_asset(org, site_id=org.site_id)
    already = make_asset(org, status='repair', site_id=org.other_site_id)
    ids = [first.id, second.id, already.id]
    published: list[AssetStatusChanged] = []
    seen = events.reaction(AssetStatusChanged, lambda _session, event: published.append(event))
    with events.subscribed(seen):
        body = api_call(
            org, 'POST', '/assets/bulk', json={'asset_ids': ids, 'status': 'repair', 'note': 'flood in hall B'}
        ).json()
    assert body['changed'] == 2 and [a['status'] for a in body['items']] == ['repair'] * 3
    assert sorted(e.asset_id for e in published) == sorted([first.id, second.id])
    history = api_call(org, 'GET', f'/assets/{first.id}/history').json()['items']
    assert history[0]['to_value'] == 'repair' and history[0]['note'] == 'flood in hall B'

    moved = api_call(org, 'POST', '/assets/bulk', json={'asset_ids': ids, 'site_id': org.other_site_id}).json()
    assert moved['changed'] == 2 and {a['site_id'] for a in moved['items']} == {org.other_site_id}


def test_one_refused_asset_refuses_the_whole_change_naming_it(org):
    fine = make_asset(org)
    parent = make_asset(org)
    make_asset(org, parent_id=parent.id)
    before = snapshot(org.id, ASSETS)
    answer = api_call(org, 'POST', '/assets/bulk', json={'asset_ids': [fine.id, parent.id], 'status': 'retired'})
    detail = problem(answer, 409)['detail']
    assert parent.code in detail and 'child' in detail and 'nothing was changed' in detail
    assert snapshot(org.id, ASSETS) == before, 'the first asset, already changed in the transaction, rolled back'


def test_a_technician_may_set_a_status_but_not_retire_nor_move(org):
    asset = make_asset(org)
    ok = api_call(org, 'POST', '/assets/bulk', Role.TECHNICIAN, json={'asset_ids': [asset.id], 'status': 'standby'})
    assert ok.status_code == 200 and ok.json()['items'][0]['status'] == 'standby'
    before = snapshot(org.id, ASSETS)
    retire = api_call(org, 'POST', '/assets/bulk', Role.TECHNICIAN, json={'asset_ids': [asset.id], 'status': 'retired'})
    assert asset.code in problem(retire, 403)['detail']
    move = api_call(
        org, 'POST', '/assets/bulk', Role.TECHNICIAN, json={'asset_ids': [asset.id], 'site_id': org.site_id}
    )
    problem(move, 403)
    problem(api_call(org, 'POST', '/assets/bulk', Role.VIEWER, json={'asset_ids': [asset.id], 'status': 'spare'}), 403)
    assert snapshot(org.id, ASSETS) == before


def test_bad_bodies_and_foreign_assets_are_refused_by_name(org):
    mine, foreign = make_asset(org), make_asset(make_org())
    assert error_fields(api_call(org, 'POST', '/assets/bulk', json={'asset_ids': [], 'status': 'spare'})) == [
        'asset_ids'
    ]
    assert error_fields(api_call(org, 'POST', '/assets/bulk', json={'asset_ids': [mine.id], 'status': 'bogus'})) == [
        'status'
    ]
    assert error_fields(api_call(org, 'POST', '/assets/bulk', json={'asset_ids': [mine.id]}))
    too_many = {'asset_ids': list(range(1, 502)), 'status': 'spare'}
    assert error_fields(api_call(org, 'POST', '/assets/bulk', json=too_many)) == ['asset_ids']
    before = snapshot(org.id, ASSETS)
    answer = api_call(org, 'POST', '/assets/bulk', json={'asset_ids': [mine.id, foreign.id], 'status': 'spare'})
    assert str(foreign.id) in problem(answer, 404)['detail']
    assert snapshot(org.id, ASSETS) == before


def test_the_list_takes_ids_for_a_selection(org):
    a, _b, c = make_asset(org), make_asset(org), make_asset(org)
    page = api_call(org, 'GET', '/assets', Role.VIEWER, params={'ids': f'{a.id},{c.id}'}).json()
    assert sorted(x['id'] for x in page['items']) == sorted([a.id, c.id]) and page['total'] == 2
