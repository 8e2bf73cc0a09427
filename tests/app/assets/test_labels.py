"""QR codes and label sheets: the SVG draws exactly the QR code of the asset's page, the route keeps other
organisations' assets hidden (404), and a sheet holds the chosen or filtered assets up to its limit."""

from __future__ import annotations

import re

import pytest
import segno
from fastapi.testclient import TestClient

from app.api_app import create_api_app
from app.assets import labels, transfer
from app.assets.schemas import AssetFilter
from app.core.db import session_scope
from app.core.enums import Role
from tests.support.api import bearer
from tests.support.files import csv_file, pump
from tests.support.organizations import make_api_key, make_org
from tests.support.rows import assets_of

BORDER = 4  # segno's default quiet zone, in modules


def modules_of(svg: str) -> set[tuple[int, int]]:
    """The dark modules (row, column) an SVG from segno draws: its one path of horizontal runs, read back."""
    [path] = re.findall(r'<path[^>]*stroke="#000"[^>]* d="([^"]+)"', svg)  # the other path is the background
    x = y = 0.0
    dark = set()
    for command, a, b in re.findall(r'([Mmh])(-?[\d.]+)(?:\s+(-?[\d.]+))?', path):
        if command == 'M':
            x, y = float(a), float(b)
        elif command == 'm':
            x, y = x + float(a), y + float(b)
        else:
            dark.update((int(y), int(x) + step) for step in range(int(float(a))))
            x += float(a)
    return dark


def expected_modules(url: str) -> set[tuple[int, int]]:
    matrix = segno.make(url, error='m', micro=False).matrix
    return {(r + BORDER, c + BORDER) for r, row in enumerate(matrix) for c, value in enumerate(row) if value}


def import_codes(org, *codes: str, **fields) -> dict:
    with session_scope() as session:
        transfer.run_import(
            session=session,
            principal=org.admin,
            file_name='a.csv',
            content=csv_file(*(pump(code, **fields) for code in codes)),
        )
    return assets_of(org.id)


def test_qr_svg_is_self_contained_and_encodes_the_url():
    url = 'https://cmms.example/assets/123'
    svg = labels.qr_svg(url)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and 'viewBox=' in svg and 'width=' not in svg
    assert not re.search(r'href|<image|<script|url\(', svg)
    assert modules_of(svg) == expected_modules(url)
    sized = labels.qr_svg(url, size_px=256)
    assert 'width="' in sized and modules_of(sized) == expected_modules(url)
    assert modules_of(labels.qr_svg(url + '4')) != modules_of(svg)


def test_asset_page_url():
    assert labels.asset_page_url('http://host:8080/', 7) == 'http://host:8080/assets/7'
    assert labels.asset_page_url('https://cmms.example', 7) == 'https://cmms.example/assets/7'


@pytest.mark.usefixtures('backend')
def test_qr_route_serves_own_assets_and_404_for_another_organisation():
    mine, theirs = make_org(), make_org()
    own_id = import_codes(mine, 'QR-1')['QR-1'].id
    foreign_id = import_codes(theirs, 'QR-FOREIGN')['QR-FOREIGN'].id
    client = TestClient(create_api_app(), base_url='https://cmms.example')
    viewer = bearer(make_api_key(mine, Role.VIEWER)[1])
    response = client.get(f'/api/v1/assets/{own_id}/qr.svg', headers=viewer)
    assert response.status_code == 200 and response.headers['content-type'] == 'image/svg+xml'
    assert modules_of(response.text) == expected_modules(f'https://cmms.example/assets/{own_id}')
    for missing in (foreign_id, 10**12):
        response = client.get(f'/api/v1/assets/{missing}/qr.svg', headers=viewer)
        assert response.status_code == 404 and response.headers['content-type'] == 'application/problem+json'
    assert client.get(f'/api/v1/assets/{own_id}/qr.svg').status_code == 401


@pytest.mark.usefixtures('backend')
def test_label_sheet_by_ids_leaves_out_other_organisations():
    mine, theirs = make_org(), make_org()
    own = import_codes(mine, 'L-2', 'L-1', building='Hall A', room='A-104', site=mine.sites[0].name)
    foreign = import_codes(theirs, 'L-X')
    with session_scope() as session:
        sheet = labels.label_sheet_items(
            session=session,
            principal=mine.admin,
            base_url='http://h/',
            ids=[own['L-2'].id, foreign['L-X'].id, own['L-1'].id],
        )
    assert sheet.total == 2 and [item.code for item in sheet.items] == ['L-1', 'L-2']
    item = sheet.items[0]
    assert (item.name, item.site, item.url) == ('Pump L-1', mine.sites[0].name, f'http://h/assets/{own["L-1"].id}')
    assert 'Hall A' in item.location and 'A-104' in item.location


@pytest.mark.usefixtures('backend')
def test_label_sheet_by_filter_stops_at_the_limit_and_says_how_many_were_chosen():
    org = make_org()
    import_codes(org, *(f'F-{n:02}' for n in range(12)), status='repair')
    import_codes(org, 'OTHER')
    with session_scope() as session:
        sheet = labels.label_sheet_items(
            session=session, principal=org.admin, base_url='http://h/', filters=AssetFilter(status=['repair']), limit=5
        )
    assert sheet.total == 12 and [item.code for item in sheet.items] == ['F-00', 'F-01', 'F-02', 'F-03', 'F-04']
    assert sheet.items[0].location == ''
