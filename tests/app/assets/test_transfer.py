"""Asset import and export through the services, on SQLite and PostgreSQL: strict vs valid rows, every kind of
row error with its row and field, parents later in the file, cycles, XLSX, and export → import round trips."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from app.assets import transfer
from app.assets.enums import AssetEventKind, AssetStatus
from app.assets.models import AssetEvent
from app.assets.schemas import AssetFilter
from app.core.db import session_scope
from app.core.errors import Forbidden
from app.core.models import AuditEntry
from tests.support.files import csv_file, pump, read_csv, read_xlsx, write_csv, xlsx_file
from tests.support.organizations import make_org
from tests.support.rows import assets_of, event_count

pytestmark = pytest.mark.usefixtures('backend')


def errors_of(report: Any) -> set[tuple[int, str]]:
    return {(e.row, e.field) for e in report.errors}


def preview(org, content: bytes, name: str = 'assets.csv'):
    with session_scope() as session:
        return transfer.preview_import(session=session, principal=org.admin, file_name=name, content=content)


def run(org, content: bytes, mode: str = 'strict', name: str = 'assets.csv'):
    with session_scope() as session:
        return transfer.run_import(session=session, principal=org.admin, file_name=name, content=content, mode=mode)


def export(org, fmt: str = 'csv', **filters) -> bytes:
    with session_scope() as session:
        body, _type, _name = transfer.export_assets(
            session=session, principal=org.admin, filters=AssetFilter(**filters), fmt=fmt
        )
    return body


def test_one_bad_row_imports_nothing_in_strict_mode_and_names_row_and_field():
    org = make_org()
    content = csv_file(pump('P-1'), pump('P-2', asset_type='pump'), pump('P-3'))
    report = preview(org, content)
    assert (report.rows, report.valid_rows, report.created) == (3, 2, 2)
    [error] = report.errors
    assert (error.row, error.field) == (3, 'asset_type')  # the header is row 1
    assert "'pump'" in error.message and 'equipment, machinery' in error.message
    with pytest.raises(transfer.ImportRejected) as rejected:
        run(org, content)
    assert rejected.value.errors[0].field == 'row 3: asset_type'
    assert assets_of(org.id) == {}
    assert event_count(org.id) == 0


def test_valid_rows_mode_imports_the_others_and_skips_children_of_bad_rows():
    org = make_org()
    content = csv_file(pump('P-1'), pump('P-2', status='broken'), pump('P-2A', parent_code='P-2'), pump('P-3'))
    report = run(org, content, mode='valid_rows')
    assert (report.rows, report.valid_rows, report.created, report.dry_run) == (4, 2, 2, False)
    assert errors_of(report) == {(3, 'status'), (4, 'parent_code')}
    assert 'row 3' in next(e.message for e in report.errors if e.row == 4)
    assert set(assets_of(org.id)) == {'P-1', 'P-3'}
    with session_scope() as session:
        events = session.scalars(select(AssetEvent).where(AssetEvent.organization_id == org.id)).all()
        audits = session.scalars(
            select(AuditEntry).where(AuditEntry.organization_id == org.id, AuditEntry.entity_type == 'asset_import')
        ).all()
    assert {e.kind for e in events} == {AssetEventKind.CREATED} and len(events) == 2
    assert len(audits) == 1 and audits[0].changes['created'] == [None, 2] and 'assets.csv' in audits[0].summary


def test_parent_defined_later_in_the_file_or_already_stored():
    org = make_org()
    run(org, csv_file(pump('LINE-1', asset_type='system')))
    content = csv_file(
        pump('MOTOR-1', asset_type='component', parent_code='PUMP-9'), pump('PUMP-9', parent_code='LINE-1')
    )
    report = run(org, content)
    assert (report.created, report.errors) == (2, [])
    assets = assets_of(org.id)
    assert assets['MOTOR-1'].parent_id == assets['PUMP-9'].id
    assert assets['PUMP-9'].parent_id == assets['LINE-1'].id


def test_hierarchy_cycle_inside_the_file_is_reported_on_each_row():
    org = make_org()
    content = csv_file(
        pump('A', parent_code='B'),
        pump('B', parent_code='C'),
        pump('C', parent_code='A'),
        pump('D', parent_code='D'),
        pump('E', parent_code='A'),
    )
    report = preview(org, content)
    assert errors_of(report) == {
        (2, 'parent_code'),
        (3, 'parent_code'),
        (4, 'parent_code'),
        (5, 'parent_code'),
        (6, 'parent_code'),
    }
    assert 'cycle' in report.errors[0].message and 'A → B → C → A' in report.errors[0].message
    assert report.valid_rows == 0


def test_cycle_with_stored_assets_is_reported():
    org = make_org()
    run(org, csv_file(pump('TOP'), pump('MID', parent_code='TOP')))
    report = preview(org, csv_file(pump('TOP', parent_code='MID')))
    assert errors_of(report) == {(2, 'parent_code')}
    assert 'TOP → MID → TOP' in report.errors[0].message


def test_every_kind_of_row_error_names_its_row_and_field():
    org = make_org()
    content = csv_file(
        pump('OK-1', site=org.sites[0].name.upper(), latitude='53.5', longitude='9.9'),
        pump('LAT', latitude='95', longitude='9.9'),
        pump('HALF', latitude='53.5'),
        pump('SITE', site='Nowhere'),
        pump('DATE', install_date='05/01/2024'),
        pump('COST', purchase_cost='12,50'),
        pump('OK-1'),
        pump('ORPHAN', parent_code='NOPE'),
        {'code': 'bad code', 'name': '', 'asset_type': 'tool'},
        pump('LIFE', expected_life_years='ten', criticality='urgent'),
    )
    report = preview(org, content)
    assert errors_of(report) == {
        (3, 'latitude'),
        (4, 'longitude'),
        (5, 'site'),
        (6, 'install_date'),
        (7, 'purchase_cost'),
        (8, 'code'),
        (9, 'parent_code'),
        (10, 'code'),
        (10, 'name'),
        (11, 'expected_life_years'),
        (11, 'criticality'),
    }
    messages = {(e.row, e.field): e.message for e in report.errors}
    assert 'already on row 2' in messages[8, 'code']
    assert "unknown site 'Nowhere'" in messages[5, 'site'] and org.sites[0].name in messages[5, 'site']
    assert 'YYYY-MM-DD' in messages[6, 'install_date']
    assert "unknown parent code 'NOPE'" in messages[9, 'parent_code']
    assert 'allowed: low, medium, high, critical' in messages[11, 'criticality']
    assert report.valid_rows == 1  # the first OK-1 (its site matched ignoring case)


def test_header_problems_are_errors_on_row_1_and_nothing_is_valid():
    org = make_org()
    report = preview(org, b'Code,NAME,colour,serial_number\nP-1,Pump,red,S1\n')
    assert errors_of(report) == {(1, 'colour'), (1, 'asset_type')}
    assert 'unknown column' in report.errors[0].message and report.valid_rows == 0
    assert errors_of(preview(org, b'')) == {(1, 'file')}
    assert errors_of(preview(org, b'\x00\x01binary', 'x.xlsx')) == {(1, 'file')}


def test_another_organisations_parent_code_is_an_unknown_parent():
    mine, theirs = make_org(), make_org()
    run(theirs, csv_file(pump('SHARED-PARENT')))
    report = preview(mine, csv_file(pump('CHILD', parent_code='SHARED-PARENT')))
    assert errors_of(report) == {(2, 'parent_code')}
    assert 'unknown parent code' in report.errors[0].message


def test_xlsx_import_with_typed_cells_and_attributes():
    from datetime import datetime

    org = make_org()
    content = xlsx_file(
        {
            **pump('X-1'),
            'install_date': datetime(2021, 6, 15),
            'purchase_cost': 8450.5,
            'expected_life_years': 15,
            'latitude': 53.55,
            'longitude': 9.99,
            'ATTR:Voltage': 400,
            'attr:Fluid': 'water',
        },
        {**pump('X-2', parent_code='X-1'), 'ATTR:Voltage': None, 'attr:Fluid': True},
    )
    report = run(org, content, name='plant.xlsx')
    assert (report.created, report.errors) == (2, [])
    assets = assets_of(org.id)
    assert str(assets['X-1'].install_date) == '2021-06-15' and float(assets['X-1'].purchase_cost) == 8450.5
    assert assets['X-1'].expected_life_years == 15 and assets['X-1'].attributes == {'Voltage': 400, 'Fluid': 'water'}
    assert assets['X-2'].parent_id == assets['X-1'].id and assets['X-2'].attributes == {'Fluid': True}


def test_export_then_import_updates_instead_of_duplicating():
    org = make_org()
    run(
        org,
        csv_file(
            pump('R-1', site=org.sites[0].name, room='A-1', **{'attr:rpm': '1450'}),
            pump('R-2', parent_code='R-1', purchase_cost='99.90', install_date='2020-01-31'),
        ),
    )
    exported = read_csv(export(org))
    assert [row['code'] for row in exported] == ['R-1', 'R-2'] and exported[1]['parent_code'] == 'R-1'
    assert exported[0]['site'] == org.sites[0].name and exported[0]['attr:rpm'] == '1450'
    assert preview(org, write_csv(exported)).model_dump(include={'created', 'updated', 'valid_rows'}) == {
        'created': 0,
        'updated': 0,
        'valid_rows': 2,
    }  # an untouched export changes nothing
    exported[1].update(name='Renamed pump', status='repair', room='B-2', parent_code='')
    report = run(org, write_csv(exported))
    assert (report.created, report.updated) == (0, 1)
    assets = assets_of(org.id)
    assert len(assets) == 2 and assets['R-2'].name == 'Renamed pump' and assets['R-2'].parent_id is None
    assert assets['R-2'].status is AssetStatus.REPAIR and assets['R-2'].version == 2
    with session_scope() as session:
        kinds = {
            (e.kind, e.field)
            for e in session.scalars(
                select(AssetEvent).where(
                    AssetEvent.asset_id == assets['R-2'].id, AssetEvent.kind != AssetEventKind.CREATED
                )
            )
        }
    assert kinds == {
        (AssetEventKind.FIELD, 'name'),
        (AssetEventKind.STATUS, 'status'),
        (AssetEventKind.LOCATION, 'location'),
        (AssetEventKind.HIERARCHY, 'parent_id'),
    }


def test_xlsx_export_round_trip():
    org = make_org()
    run(
        org,
        csv_file(
            pump(
                'XR-1',
                install_date='2022-02-02',
                purchase_cost='10.50',
                latitude='1.5',
                longitude='-2.25',
                **{'attr:on': 'true'},
            )
        ),
    )
    body = export(org, fmt='xlsx')
    assert read_xlsx(body)[0]['code'] == 'XR-1'
    report = preview(org, body, name='assets.xlsx')
    assert (report.valid_rows, report.created, report.updated, report.errors) == (1, 0, 0, [])


def test_csv_export_neutralises_formulas_keeps_numbers_and_imports_back_unchanged():
    org = make_org()
    name = '=HYPERLINK("http://evil.example","Click")'
    row = pump('INJ-1', name=name, floor='-1', room='+A', latitude='-2.25', longitude='1.5')
    run(org, csv_file({**row, 'attr:delta': '-5', 'attr:note': '@home'}))
    [exported] = read_csv(export(org))
    assert (exported['name'], exported['floor'], exported['room']) == (f"'{name}", "'-1", "'+A")
    assert (exported['latitude'], exported['attr:delta'], exported['attr:note']) == ('-2.25', '-5', "'@home")
    assert preview(org, write_csv([exported])).model_dump(include={'created', 'updated'}) == {
        'created': 0,
        'updated': 0,
    }  # the quotes come off again on import: an untouched export changes nothing
    run(org, write_csv([{**exported, 'department': 'Utilities'}]))
    asset = assets_of(org.id)['INJ-1']
    assert (asset.name, asset.floor, asset.room, asset.department) == (name, '-1', '+A', 'Utilities')
    assert asset.attributes == {'delta': -5, 'note': '@home'}
    [sheet_row] = read_xlsx(export(org, fmt='xlsx'))
    assert (sheet_row['name'], sheet_row['floor']) == (name, '-1')  # XLSX cells are typed: text stays as it is


def test_export_follows_the_list_filters():
    org = make_org()
    run(org, csv_file(pump('F-1', status='repair'), pump('F-2'), pump('F-3', status='repair')))
    assert [r['code'] for r in read_csv(export(org, status=['repair']))] == ['F-1', 'F-3']
    assert [r['code'] for r in read_csv(export(org, q='F-2'))] == ['F-2']


def test_retiring_a_parent_with_children_in_service_is_a_row_error():
    org = make_org()
    run(org, csv_file(pump('PARENT'), pump('KID', parent_code='PARENT')))
    report = preview(org, csv_file(pump('PARENT', status='retired')))
    assert errors_of(report) == {(2, 'status')} and 'child' in report.errors[0].message
    both = csv_file(pump('PARENT', status='retired'), pump('KID', status='retired', parent_code='PARENT'))
    assert run(org, both).updated == 2


def test_roles_without_import_permission_are_refused():
    from app.core.enums import Role

    for member in make_org(roles=(Role.TECHNICIAN, Role.VIEWER), sites=0).members.values():
        with pytest.raises(Forbidden), session_scope() as session:
            transfer.preview_import(
                session=session, principal=member.principal, file_name='a.csv', content=csv_file(pump('NO'))
            )


def test_an_asset_saved_by_someone_else_after_the_check_refuses_the_whole_import():
    from app.assets.models import Asset
    from app.assets.transfer_plan import plan_import
    from app.assets.transfer_write import write_plan
    from app.core.errors import Conflict

    org = make_org()
    run(org, csv_file(pump('RACE-1'), pump('RACE-2')))
    with session_scope() as session:
        plan = plan_import(
            session, org.id, 'race.csv', csv_file(pump('RACE-1', room='X'), pump('RACE-2', room='Y'), pump('RACE-3'))
        )
    with session_scope() as session:  # someone edits RACE-2 in between (the ORM bumps its version)
        session.scalars(
            select(Asset).where(Asset.organization_id == org.id, Asset.code == 'RACE-2')
        ).one().name = 'Edited'
    with pytest.raises(Conflict, match='1 of the assets were changed'), session_scope() as session:
        write_plan(session, org.admin, plan, 'race.csv')
    assets = assets_of(org.id)
    assert set(assets) == {'RACE-1', 'RACE-2'} and assets['RACE-1'].room == '' and assets['RACE-2'].name == 'Edited'
