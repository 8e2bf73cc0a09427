"""Finding work orders on SQLite and PostgreSQL: every filter, the derived 'open' and 'overdue', the search by number,
title and asset code, every sort both ways across pages, the board's columns and window, and the timeline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update

from app.core.db import session_scope
from app.core.enums import Role
from app.work_orders import comments, labour, parts, photos, service, steps
from app.work_orders.enums import Priority, WorkOrderStatus
from app.work_orders.models import WorkOrder
from app.work_orders.schemas import CommentCreate, PartUse, StepCompletion, TimeLogCreate, WorkOrderFilter
from tests.support.files import PNG
from tests.support.organizations import Org, for_each_backend, make_org
from tests.support.services import call, make_asset, make_part, make_work_order, move, step_definitions

pytestmark = pytest.mark.usefixtures('backend')
S = WorkOrderStatus
NOW = datetime.now(UTC)


@pytest.fixture(scope='module')
def worlds(database_urls: dict[str, str]) -> dict[str, tuple[Org, dict]]:
    """An organisation with a known set of work orders (made once per backend; tests only read it)."""

    def build() -> tuple[Org, dict]:
        org = make_org()
        pump, fan = (
            make_asset(org, code='PUMP-7', site_id=org.site_id),
            make_asset(org, code='FAN-2', site_id=org.other_site_id),
        )
        tech = org.user_id(Role.TECHNICIAN)
        made = {
            'late': make_work_order(org, title='Leaking seal', asset_id=pump.id, due_at=NOW - timedelta(days=2)),
            'late_started': make_work_order(
                org,
                title='Bearing noise',
                asset_id=pump.id,
                due_at=NOW - timedelta(hours=1),
                status=S.IN_PROGRESS,
                assignee_id=tech,
                priority='critical',
            ),
            'soon': make_work_order(
                org, title='Belt check', asset_id=fan.id, due_at=NOW + timedelta(days=3), status=S.SCHEDULED
            ),
            'undated': make_work_order(org, title='Paint guard', priority='low', work_type='cleaning'),
            'done_late': make_work_order(
                org, title='Seal swap', asset_id=pump.id, due_at=NOW - timedelta(days=5), status=S.COMPLETED
            ),
            'cancelled': make_work_order(org, title='Duplicate', status=S.CANCELLED, priority='high'),
            'held': make_work_order(org, title='Waiting parts', status=S.ON_HOLD, assignee_id=tech, priority='high'),
        }
        return org, made

    return for_each_backend(database_urls, build)


@pytest.fixture
def world(backend: str, worlds) -> tuple[Org, dict]:
    return worlds[backend]


def found(org: Org, **filters) -> list[int]:
    page = call(service.list_work_orders, principal=org.viewer, filters=WorkOrderFilter(limit=500, **filters))
    assert page.total == len(page.items)
    return [w.id for w in page.items]


def names(made: dict, ids: list[int]) -> list[str]:
    by_id = {w.id: name for name, w in made.items()}
    return [by_id[i] for i in ids]


def test_status_filters_including_open_and_overdue(world):
    org, made = world
    assert set(names(made, found(org, status=['overdue']))) == {'late', 'late_started'}
    assert set(names(made, found(org, status=['open']))) == {'late', 'late_started', 'soon', 'undated', 'held'}
    assert set(names(made, found(org, status=['completed', 'cancelled']))) == {'done_late', 'cancelled'}
    assert set(names(made, found(org, status=['overdue', 'on_hold']))) == {'late', 'late_started', 'held'}
    assert set(names(made, found(org, status=['overdue', 'open']))) == set(names(made, found(org, status=['open'])))


def test_is_overdue_is_derived_from_due_time_and_status(world):
    org, made = world
    page = call(service.list_work_orders, principal=org.viewer, filters=WorkOrderFilter(limit=500))
    overdue = {w.id for w in page.items if w.is_overdue}
    assert overdue == {made['late'].id, made['late_started'].id}, 'a closed one is never overdue'


def test_field_filters_and_due_ranges(world):
    org, made = world
    tech = org.user_id(Role.TECHNICIAN)
    assert set(names(made, found(org, asset_id=made['late'].asset_id))) == {'late', 'late_started', 'done_late'}
    assert names(made, found(org, site_id=org.other_site_id)) == ['soon']
    assert set(names(made, found(org, assignee_id=tech))) == {'late_started', 'held'}
    assert set(names(made, found(org, priority=[Priority.HIGH, Priority.CRITICAL]))) == {
        'late_started',
        'cancelled',
        'held',
    }
    assert names(made, found(org, work_type=['cleaning'])) == ['undated']
    assert set(names(made, found(org, due_before=NOW - timedelta(days=1)))) == {'late', 'done_late'}
    assert names(made, found(org, due_after=NOW, due_before=NOW + timedelta(days=7))) == ['soon']
    assert names(made, found(org, completed_since=NOW - timedelta(hours=1))) == ['done_late']


@pytest.mark.parametrize(
    ('query', 'expected'),
    [
        ('seal', {'late', 'done_late'}),
        ('SEAL', {'late', 'done_late'}),
        ('pump-7', {'late', 'late_started', 'done_late'}),
        ('FAN', {'soon'}),
        ('%', set()),
        ('_', set()),
        ('nothing like it', set()),
    ],
)
def test_search_covers_title_and_asset_code_literally(world, query, expected):
    org, made = world
    assert set(names(made, found(org, q=query))) == expected


def test_search_by_number_accepts_the_usual_spellings(world):
    org, made = world
    number = made['soon'].number
    digits = str(int(number[3:]))
    for spelling in (number, number.lower(), f'WO-{digits}', f'wo{digits}', digits, f'00{digits}'):
        assert made['soon'].id in found(org, q=spelling), spelling


@pytest.mark.parametrize('sort', ['number', 'due_at', 'priority', 'status', 'created_at', 'updated_at', 'title'])
@pytest.mark.parametrize('descending', [False, True])
def test_every_sort_orders_pages_consistently_both_ways(world, sort: str, descending: bool):
    org, _ = world
    everything = call(
        service.list_work_orders,
        principal=org.viewer,
        filters=WorkOrderFilter(limit=500, sort=sort, descending=descending),
    ).items
    paged = []
    for offset in range(0, len(everything), 3):
        page = call(
            service.list_work_orders,
            principal=org.viewer,
            filters=WorkOrderFilter(limit=3, offset=offset, sort=sort, descending=descending),
        )
        assert page.total == len(everything)
        paged += page.items
    assert [w.id for w in paged] == [w.id for w in everything]
    ranks = {
        'priority': lambda w: ['low', 'medium', 'high', 'critical'].index(w.priority.value),
        'status': lambda w: list(S).index(w.status),
        'number': lambda w: w.number,
        'title': lambda w: w.title,
        'created_at': lambda w: w.created_at,
        'updated_at': lambda w: w.updated_at,
    }
    if sort == 'due_at':
        dated = [w for w in everything if w.due_at is not None]
        undated_first = descending
        assert [w.due_at is None for w in everything] == sorted(
            (w.due_at is None for w in everything), reverse=undated_first
        )
        assert [w.due_at for w in dated] == sorted((w.due_at for w in dated), reverse=descending)
    else:
        keys = [ranks[sort](w) for w in everything]
        assert keys == sorted(keys, reverse=descending)
    export = [w.id for w in call_export(org, sort=sort, descending=descending)]
    assert export == [w.id for w in everything]


def call_export(org: Org, **filters) -> list[WorkOrder]:
    with session_scope() as session:
        query = service.filtered_work_order_query(org.viewer, WorkOrderFilter(**filters))
        return list(session.scalars(query))


def test_list_items_carry_checklist_progress_but_not_the_steps(backend):
    org = make_org()
    work_order = make_work_order(
        org, status=S.IN_PROGRESS, steps=step_definitions(('A', 'checkbox'), ('B', 'pass_fail'))
    )
    call(
        steps.complete_step,
        principal=org.technician,
        work_order_id=work_order.id,
        step_id=work_order.steps[1].id,
        data=StepCompletion(passed=False),
    )
    [item] = call(service.list_work_orders, principal=org.viewer, filters=WorkOrderFilter()).items
    assert (item.steps_total, item.steps_done, item.steps, item.parts) == (2, 1, [], [])


def test_the_board_shows_each_status_and_only_last_weeks_completions(backend):
    org = make_org()
    recent = make_work_order(org, status=S.COMPLETED)
    old = make_work_order(org, status=S.COMPLETED)
    with session_scope() as session:
        session.execute(update(WorkOrder).where(WorkOrder.id == old.id).values(completed_at=NOW - timedelta(days=8)))
    for status in (S.REQUESTED, S.REQUESTED, S.SCHEDULED, S.IN_PROGRESS, S.ON_HOLD, S.CANCELLED):
        make_work_order(org, status=status, priority='high' if status is S.REQUESTED else 'medium')
    board = call(service.board, principal=org.viewer, filters=WorkOrderFilter(), per_column=1)
    assert list(board) == [S.REQUESTED, S.SCHEDULED, S.IN_PROGRESS, S.ON_HOLD, S.COMPLETED]
    assert {s: (p.total, len(p.items)) for s, p in board.items()} == {
        S.REQUESTED: (2, 1),
        S.SCHEDULED: (1, 1),
        S.IN_PROGRESS: (1, 1),
        S.ON_HOLD: (1, 1),
        S.COMPLETED: (1, 1),
    }
    assert [w.id for w in board[S.COMPLETED].items] == [recent.id]
    second = call(
        service.board_column,
        principal=org.viewer,
        filters=WorkOrderFilter(),
        status=S.REQUESTED,
        offset=1,
        limit=1,
    )
    assert second.total == 2 and second.items[0].id != board[S.REQUESTED].items[0].id
    filtered = call(service.board, principal=org.viewer, filters=WorkOrderFilter(priority=['high']))
    assert sum(p.total for p in filtered.values()) == 2


def test_the_timeline_merges_everything_newest_first(backend):
    org = make_org()
    part = make_part(org, unit_cost='4.00', stock={org.site_id: 10})
    work_order = make_work_order(
        org, status=S.IN_PROGRESS, steps=step_definitions(('Check', 'checkbox')), asset_id=None
    )
    with session_scope() as session:
        session.execute(update(WorkOrder).where(WorkOrder.id == work_order.id).values(site_id=org.site_id))
    call(comments.add_comment, principal=org.technician, work_order_id=work_order.id, data=CommentCreate(body='Hot'))
    call(
        steps.complete_step,
        principal=org.technician,
        work_order_id=work_order.id,
        step_id=work_order.steps[0].id,
        data=StepCompletion(done=True),
    )
    call(
        parts.use_parts,
        principal=org.technician,
        work_order_id=work_order.id,
        data=PartUse(part_id=part.id, quantity=2),
    )
    call(
        labour.log_time,
        principal=org.technician,
        work_order_id=work_order.id,
        data=TimeLogCreate(hours=Decimal('1.5')),
    )
    call(photos.add_photo, principal=org.technician, work_order_id=work_order.id, file_name='a.png', content=PNG)
    move(org, work_order.id, S.ON_HOLD)
    entries = call(service.timeline, principal=org.viewer, work_order_id=work_order.id)
    kinds = [e.kind for e in entries]
    assert set(kinds) == {'status', 'comment', 'step', 'part', 'time', 'photo'}
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    texts = {e.kind: e.text for e in reversed(entries)}
    assert texts['part'].startswith(f'used 2 pcs {part.part_number}')
    assert texts['time'] == '1.5 h logged (manual)' and texts['step'] == 'step 1. Check: done'
    assert entries[0].text == 'in progress → on hold' and entries[-1].text == 'created as requested'
    read = service.get_work_order
    full = call(read, principal=org.viewer, work_order_id=work_order.id)
    assert [(p.part_id, p.quantity, p.cost) for p in full.parts] == [(part.id, Decimal('2'), Decimal('8.00'))]
    assert (full.parts_cost, full.actual_hours) == (Decimal('8.00'), Decimal('1.50'))
