"""The import's column mapping (another system's column names → the fields, or ignored) and the file of rejected
rows offered after a check with errors."""

from __future__ import annotations

import pytest

from app.assets import transfer, transfer_errors, transfer_mapping
from app.core.db import session_scope
from app.core.errors import ValidationFailed
from tests.support.files import csv_file, read_csv
from tests.support.organizations import make_org
from tests.support.rows import assets_of

pytestmark = pytest.mark.usefixtures('backend')
FOREIGN = [
    {'Asset No.': 'MAP-1', 'Description': 'Pump one', 'Type': 'equipment', 'Serial': 'S1', 'Colour': 'red'},
    {'Asset No.': 'MAP-2', 'Description': 'Pump two', 'Type': 'machinery', 'Serial': 'S2', 'Colour': 'blue'},
]


def test_headers_are_suggested_by_name_and_common_synonyms_others_ignored():
    headers = ['Code', 'Asset Name', 'Type', 'Serial No', 'Plant', 'attr:Voltage', 'Colour', 'code', 'error']
    assert transfer_mapping.suggest_mapping(headers) == {
        'Code': 'code',
        'Asset Name': 'name',
        'Type': 'asset_type',
        'Serial No': 'serial_number',
        'Plant': 'site',
        'attr:Voltage': 'attr:Voltage',
        'Colour': '',
        'code': '',  # the field went to the first column already
        'error': '',  # the rejected-rows file's own column comes back ignored
    }
    assert transfer_mapping.names_itself(transfer_mapping.suggest_mapping(list(transfer.COLUMNS)))
    assert not transfer_mapping.names_itself(transfer_mapping.suggest_mapping(headers))


def test_a_mapped_file_checks_and_imports_like_one_with_the_import_names():
    org = make_org()
    content = csv_file(*FOREIGN)
    mapping = {'Asset No.': 'code', 'Description': 'name', 'Type': 'asset_type', 'Serial': 'serial_number'}
    mapping['Colour'] = 'attr:colour'
    with session_scope() as session:
        unmapped = transfer.preview_import(session=session, principal=org.admin, file_name='x.csv', content=content)
    assert unmapped.valid_rows == 0 and any('unknown column' in e.message for e in unmapped.errors)
    with session_scope() as session:
        report = transfer.run_import(
            session=session, principal=org.admin, file_name='x.csv', content=content, mapping=mapping
        )
    assert (report.created, report.errors) == (2, [])
    stored = assets_of(org.id)['MAP-2']
    assert (stored.name, stored.serial_number, stored.attributes) == ('Pump two', 'S2', {'colour': 'blue'})


def test_ignored_columns_are_not_imported_and_a_missing_required_field_is_named():
    org = make_org()
    content = csv_file(*FOREIGN)
    ignore_type = {'Asset No.': 'code', 'Description': 'name', 'Type': '', 'Serial': '', 'Colour': ''}
    with session_scope() as session:
        report = transfer.preview_import(
            session=session, principal=org.admin, file_name='x.csv', content=content, mapping=ignore_type
        )
    assert [(e.row, e.field) for e in report.errors] == [(1, 'asset_type')]
    with session_scope() as session:
        absent = transfer.preview_import(
            session=session, principal=org.admin, file_name='x.csv', content=content, mapping={'Nope': 'code'}
        )
    assert (1, 'Nope') in {(e.row, e.field) for e in absent.errors}


@pytest.mark.parametrize(
    ('mapping', 'field'),
    [
        ('{"A": "colour"}', 'mapping.A'),
        ('{"A": "code", "B": "code"}', 'mapping'),
        ('[1, 2]', 'mapping'),
        ('not json', 'mapping'),
        ({'A': 3}, 'mapping.A'),
    ],
)
def test_a_bad_mapping_is_refused_naming_it(mapping, field):
    with pytest.raises(ValidationFailed) as refused:
        transfer_mapping.parse_mapping(mapping)
    assert refused.value.errors[0].field == field


def test_the_rejected_rows_file_holds_the_bad_rows_with_their_errors_formula_safe():
    org = make_org()
    rows = [
        {'code': 'OK-1', 'name': 'Fine', 'asset_type': 'equipment'},
        {'code': 'BAD-1', 'name': '=HYPERLINK("http://x")', 'asset_type': 'spaceship'},
        {'code': 'BAD-2', 'name': '', 'asset_type': 'tool'},
    ]
    content = csv_file(*rows)
    with session_scope() as session:
        report = transfer.preview_import(session=session, principal=org.admin, file_name='in.csv', content=content)
    rejected = transfer_errors.rejected_rows_csv('in.csv', content, report)
    lines = read_csv(rejected)
    assert [line['code'] for line in lines] == ['BAD-1', 'BAD-2']
    assert list(lines[0]) == ['code', 'name', 'asset_type', 'error']
    assert lines[0]['error'].startswith('asset_type: ') and lines[1]['error'].startswith('name: ')
    assert lines[0]['name'] == '\'=HYPERLINK("http://x")', 'a formula is neutralised'
    assert transfer_errors.rejected_file_name('in.csv') == 'in-rejected-rows.csv'
    clean = csv_file(rows[0])
    with session_scope() as session:
        fine = transfer.preview_import(session=session, principal=org.admin, file_name='in.csv', content=clean)
    assert transfer_errors.rejected_rows_csv('in.csv', clean, fine) is None
