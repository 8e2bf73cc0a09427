"""Parts: a part whose total is above its summed minimum while one site runs short says which site is low; money is
in the organisation's currency; the ledger names the work order a movement was for by its number."""

from __future__ import annotations

import asyncio
import json
import re
from decimal import Decimal

import pytest
from nicegui import ui

from app.core.enums import Role
from app.work_orders import parts as work_order_parts
from app.work_orders.schemas import PartUse
from components import grid
from tests.pages.conftest import SignIn
from tests.support.organizations import make_org
from tests.support.services import call, make_job, make_part, make_work_order


async def test_the_catalogue_says_which_site_is_low_and_the_ledger_names_the_work_order(
    sign_in: SignIn, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = make_org(sites=2)
    low_site, stocked_site = org.site_id, org.other_site_id
    part = make_part(
        org, {low_site: 1, stocked_site: 14}, min_stock={low_site: 5, stocked_site: 6}, unit_cost='12.50'
    )  # 15 pcs against a minimum of 11 in all: only the first site is short
    job = make_job(org)
    call(
        work_order_parts.use_parts,
        principal=org.supervisor,
        work_order_id=job,
        data=PartUse(part_id=part.id, quantity=Decimal('1'), site_id=stocked_site),
    )
    number = make_work_order(org).number  # another number, so the right one has to be looked up
    answers: list[str] = []
    monkeypatch.setattr(grid.ServerGrid, '_answer', lambda _self, _request, body: answers.append(body))
    user = await sign_in(org, Role.SUPERVISOR)
    await user.open('/parts')
    await user.should_see('Parts')

    table = user.find(kind=ui.aggrid)
    table.trigger('cmmsRows', {'request': 1, 'start': 0, 'end': 100, 'sort': None})
    row = await _row_of(answers, part.part_number)
    site_name = next(level.site_name for level in part.stock if level.site_id == low_site)
    assert (row['low'], row['low_text'], row['on_hand']) == (True, f'Low at {site_name}', '14 pcs')
    assert row['unit_cost'] == '€12.50'

    table.trigger('cellClicked', {'data': row, 'colId': 'part_number'})
    await user.should_see(f'Low at {site_name}')
    await user.should_see('€12.50 per pcs')
    ledger = next(t for t in user.find(kind=ui.table).elements if any('work_order' in r for r in t.rows))
    used = next(r for r in ledger.rows if r['work_order_id'] == job)
    assert re.fullmatch(r'WO-\d{6}', used['work_order']) and used['work_order'] != number


async def _row_of(answers: list[str], part_number: str) -> dict:
    for _ in range(100):
        for body in answers:
            rows = json.loads(body.split('params.successCallback(', 1)[1].rsplit(',', 1)[0])
            found = [r for r in rows if r['part_number'] == part_number]
            if found:
                return found[0]
        await asyncio.sleep(0.05)  # the handler reads the catalogue in a worker thread
    raise AssertionError('the grid was never answered')
