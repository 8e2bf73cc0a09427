"""What audit entries are about, as people know it: every entity type in the log is offered by its name, and an
entry names its entity by reference (WO-001900, an asset's code, a part's number), whichever domain wrote it."""

from __future__ import annotations

from app.core.enums import Role
from app.work_orders.enums import WorkOrderStatus
from tests.support.api import client
from tests.support.organizations import make_org
from tests.support.services import make_asset, make_part, make_work_order, move


def test_the_subjects_list_every_entity_type_the_log_holds_by_name(backend: str) -> None:
    org = make_org(sites=1)
    make_work_order(org)
    make_asset(org)
    make_part(org)
    response = client().get('/api/v1/audit/subjects', headers=org.headers(Role.ADMIN))
    assert response.status_code == 200, response.text
    subjects = {subject['entity_type']: subject['label'] for subject in response.json()}
    assert {'work_order': 'Work order', 'asset': 'Asset', 'part': 'Part'}.items() <= subjects.items()
    assert 'user' not in subjects  # this organisation's users were made without the services: nothing logged


def test_entries_name_their_entity_by_reference_and_say_which_fields_are_enum_codes(backend: str) -> None:
    org = make_org(sites=1)
    order = make_work_order(org)
    move(org, order.id, WorkOrderStatus.SCHEDULED)
    asset = make_asset(org)
    part = make_part(org)
    headers = org.headers(Role.ADMIN)

    def entries(entity_type: str, entity_id: int) -> list[dict]:
        params = {'entity_type': entity_type, 'entity_id': str(entity_id)}
        return client().get('/api/v1/audit', params=params, headers=headers).json()['items']

    moved = next(e for e in entries('work_order', order.id) if 'status' in e['changes'])
    assert (moved['entity_label'], moved['reference']) == ('Work order', order.number)
    assert 'status' in moved['enum_fields']
    assert entries('asset', asset.id)[0]['reference'] == asset.code
    assert entries('part', part.id)[0]['reference'] == part.part_number
