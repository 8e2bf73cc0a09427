"""GET /api/v1/work-orders/export and app.work_orders.export on SQLite and PostgreSQL: the list's columns in the
list's order, the list's filters, never another organisation's work orders, every role may read, and a title that
a spreadsheet would run as a formula arrives as text."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from httpx import Response
from openpyxl import load_workbook

from app.core.enums import Role
from app.core.spreadsheets import CSV_TYPE, XLSX_TYPE
from app.work_orders import export as work_order_export
from app.work_orders.enums import WorkOrderStatus
from app.work_orders.schemas import WorkOrderFilter
from tests.support.api import API, api_call, client, error_fields, problem
from tests.support.files import read_csv
from tests.support.organizations import Org, unique
from tests.support.services import call, make_asset, make_work_order

pytestmark = pytest.mark.usefixtures('backend')
S = WorkOrderStatus
EXPORT = '/work-orders/export'
# The columns the list's CSV download has always had, in its order: pinned here, outside the code that makes them.
COLUMNS = [
    *('number', 'title', 'status', 'priority', 'work_type', 'asset_code', 'asset_name', 'assignee_name', 'team'),
    *('due_at', 'is_overdue', 'steps_done', 'steps_total', 'estimated_hours', 'actual_hours', 'estimated_cost'),
    *('actual_cost', 'labour_cost', 'parts_cost', 'created_at', 'completed_at'),
]
FILE_NAME = re.compile(r'attachment; filename="work-orders-\d{8}-\d{4}\.(csv|xlsx)"')


def export(org: Org, role: Role = Role.VIEWER, **params) -> Response:
    response = api_call(org, 'GET', EXPORT, role, params=params)
    assert response.status_code == 200, response.text
    return response


def titles(response: Response) -> list[str]:
    return [row['title'] for row in read_csv(response.content)]


def sheet_rows(content: bytes) -> list[dict]:
    # A full load (not tests.support.files.read_xlsx's read-only one, which drops a row's empty cells at its end).
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_csv_has_the_lists_columns_and_values(org: Org):
    marker = unique('Seal')
    asset = make_asset(org, site_id=org.site_id)
    due = datetime(2031, 1, 2, 3, 4, tzinfo=UTC)
    work_order = make_work_order(
        org,
        status=S.SCHEDULED,
        title=f'{marker} leak',
        asset_id=asset.id,
        priority='high',
        due_at=due,
        estimated_cost=Decimal('12.50'),
        assignee_id=org.user_id(Role.TECHNICIAN),
        team='Mechanics',
    )
    response = export(org, q=marker)
    assert response.headers['content-type'] == CSV_TYPE
    assert FILE_NAME.fullmatch(response.headers['content-disposition'])
    assert response.content.startswith('\ufeff'.encode()) and b'\r\n' in response.content
    assert response.content.decode('utf-8-sig').split('\r\n', 1)[0] == ','.join(COLUMNS)
    [row] = read_csv(response.content)
    assert row == {
        'number': work_order.number,
        'title': f'{marker} leak',
        'status': 'scheduled',
        'priority': 'high',
        'work_type': 'corrective',
        'asset_code': asset.code,
        'asset_name': 'Pump',
        'assignee_name': org.users[Role.TECHNICIAN].name,
        'team': 'Mechanics',
        'due_at': '2031-01-02T03:04:00+00:00',
        'is_overdue': 'False',
        'steps_done': '0',
        'steps_total': '0',
        'estimated_hours': '',
        'actual_hours': '0.00',
        'estimated_cost': '12.50',
        'actual_cost': '0.00',
        'labour_cost': '0.00',
        'parts_cost': '0.00',
        'created_at': work_order.created_at.astimezone(UTC).isoformat(),
        'completed_at': '',
    }


def test_the_list_filters_and_sort_apply_and_paging_is_ignored(org: Org):
    marker = unique('Filter')
    make_work_order(org, title=f'{marker} a', priority='high', site_id=org.site_id)
    make_work_order(org, title=f'{marker} b', priority='low', site_id=org.other_site_id)
    make_work_order(org, title=f'{marker} c', priority='high', status=S.CANCELLED)
    overdue = make_work_order(org, title=f'{marker} d', due_at=datetime.now(UTC) - timedelta(days=1))
    ascending = {'q': marker, 'sort': 'title', 'descending': 'false'}
    assert titles(export(org, **ascending)) == [f'{marker} {x}' for x in 'abcd']
    assert titles(export(org, **ascending, limit=1, offset=2)) == [f'{marker} {x}' for x in 'abcd']
    assert titles(export(org, q=marker, sort='title')) == [f'{marker} {x}' for x in 'dcba']
    assert titles(export(org, **ascending, priority='high')) == [f'{marker} a', f'{marker} c']
    assert titles(export(org, **ascending, site_id=org.other_site_id)) == [f'{marker} b']
    assert titles(export(org, **ascending, status='open')) == [f'{marker} {x}' for x in 'abd']
    assert titles(export(org, **ascending, status='overdue,cancelled')) == [f'{marker} c', f'{marker} d']
    [row] = read_csv(export(org, q=overdue.number).content)
    assert (row['number'], row['is_overdue']) == (overdue.number, 'True')


def test_xlsx_has_the_same_columns_with_typed_cells_and_text_as_text(org: Org):
    marker = unique('Sheet')
    due = datetime(2032, 5, 6, 7, 8, tzinfo=UTC)
    title = f'=HYPERLINK("http://evil.example/{marker}")'
    work_order = make_work_order(org, title=title, due_at=due, estimated_cost=Decimal('12.50'))
    response = export(org, format='xlsx', q=marker)
    assert response.headers['content-type'] == XLSX_TYPE
    assert FILE_NAME.fullmatch(response.headers['content-disposition'])
    [row] = sheet_rows(response.content)
    assert list(row) == COLUMNS
    assert (row['number'], row['title'], row['status'], row['is_overdue']) == (
        work_order.number,
        title,
        'requested',
        False,
    )
    assert (row['due_at'], row['estimated_cost'], row['estimated_hours']) == (datetime(2032, 5, 6, 7, 8), 12.5, None)
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    title_cell = sheet.cell(row=2, column=COLUMNS.index('title') + 1)
    assert (title_cell.data_type, title_cell.value) == ('s', title)  # text, not a formula, and not changed


@pytest.mark.parametrize(
    'attack', ['=HYPERLINK("x")', '+cmd|calc', '@SUM(1)', '-2+3'], ids=['equals', 'plus', 'at', 'minus']
)
def test_a_title_that_is_a_formula_arrives_neutralised_in_csv(org: Org, attack: str):
    marker = unique('Inject')
    title = f'{attack} {marker}'
    make_work_order(org, title=title, team=f'{attack}team')
    [row] = read_csv(export(org, q=marker).content)
    assert (row['title'], row['team']) == (f"'{title}", f"'{attack}team")
    assert not [value for value in row.values() if value[:1] in ('=', '+', '-', '@', '\t', '\r')]


def test_another_organisations_work_orders_are_never_exported(org: Org, other: Org):
    marker = unique('Foreign')
    mine = make_work_order(org, title=f'{marker} mine')
    make_work_order(other, title=f'{marker} theirs')
    assert titles(export(org, q=marker)) == [f'{marker} mine']
    assert f'{marker} theirs' not in titles(export(org))  # every work order of the organisation
    assert f'{marker} mine' not in titles(export(other))
    assert [row['title'] for row in sheet_rows(export(org, format='xlsx', q=marker).content)] == [f'{marker} mine']
    assert titles(export(org, asset_id=make_asset(other).id)) == []
    assert mine.number in {row['number'] for row in read_csv(export(org, q=marker).content)}


@pytest.mark.parametrize('role', list(Role), ids=str)
def test_every_role_that_reads_work_orders_may_export(org: Org, role: Role):
    marker = unique('Role')
    make_work_order(org, title=marker)
    assert titles(export(org, role, q=marker)) == [marker]


def test_without_credentials_the_answer_is_a_401_problem():
    assert problem(client().get(API + EXPORT), 401)
    assert problem(client().get(API + EXPORT, headers={'Authorization': 'Bearer cmms_nope_nope'}), 401)


def test_bad_format_or_filter_is_a_422_problem_naming_it(org: Org):
    assert error_fields(api_call(org, 'GET', EXPORT, Role.VIEWER, params={'format': 'pdf'})) == ['format']
    assert error_fields(api_call(org, 'GET', EXPORT, Role.VIEWER, params={'priority': 'urgent'})) == ['priority.0']


def test_the_service_streams_every_batch_in_order(org: Org, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(work_order_export, 'YIELD_PER', 2)  # five rows in three batches
    marker = unique('Batch')
    for letter in 'edcba':
        make_work_order(org, title=f'{marker} {letter}')
    body, content_type, file_name = call(
        work_order_export.export_work_orders,
        principal=org.viewer,
        filters=WorkOrderFilter(q=marker, sort='title', descending=False),
    )
    assert content_type == CSV_TYPE and file_name.startswith('work-orders-') and file_name.endswith('.csv')
    assert [row['title'] for row in read_csv(body)] == [f'{marker} {x}' for x in 'abcde']
