"""Finding assets on SQLite and PostgreSQL: filters, search, sort orders, paging totals, statistics, isolation."""

from __future__ import annotations

import pytest

from app.assets import service
from app.assets.schemas import AssetFilter
from tests.support.organizations import make_org
from tests.support.services import call, make_asset

pytestmark = pytest.mark.usefixtures('backend')


def codes(org, principal=None, **filters) -> list[str]:
    page = call(service.list_assets, principal=principal or org.viewer, filters=AssetFilter(**filters))
    return [a.code for a in page.items]


@pytest.fixture
def fleet():
    """Five assets of one organisation with distinct values, plus one of another organisation."""
    org = make_org()
    line = make_asset(
        org,
        code='L-1',
        name='Line one',
        asset_type='system',
        site_id=org.site_id,
        criticality='critical',
        condition='excellent',
    )
    make_asset(
        org,
        code='P-1',
        name='Feed pump',
        parent_id=line.id,
        site_id=org.other_site_id,
        manufacturer='Grundfos',
        model='CR 10',
        serial_number='SN-100%',
        criticality='low',
        condition='fair',
    )
    make_asset(
        org,
        code='P-2',
        name='Return pump',
        parent_id=line.id,
        site_id=org.site_id,
        status='repair',
        model='cr 15',
        criticality='high',
        condition='poor',
    )
    make_asset(
        org,
        code='T-1',
        name='Torque wrench',
        asset_type='tool',
        status='spare',
        serial_number='W_1',
        criticality='medium',
        condition='critical',
    )
    make_asset(org, code='V-1', name='Forklift', asset_type='vehicle', site_id=org.site_id, manufacturer='Linde')
    make_asset(make_org(), code='P-3', name='Foreign pump')
    return org, line


def test_each_filter_narrows_the_list_and_lists_take_any_of(fleet):
    org, line = fleet
    assert codes(org) == ['L-1', 'P-1', 'P-2', 'T-1', 'V-1'], "only the organisation's own, by code"
    assert codes(org, site_id=org.site_id) == ['L-1', 'P-2', 'V-1']
    assert codes(org, asset_type=['tool', 'vehicle']) == ['T-1', 'V-1']
    assert codes(org, status=['repair,spare']) == ['P-2', 'T-1'], 'comma-separated values'
    assert codes(org, condition=['poor', 'critical'], criticality=['medium']) == ['T-1']
    assert codes(org, parent_id=line.id) == ['P-1', 'P-2']
    assert codes(org, status=[]) == codes(org), 'an empty list is no filter'


@pytest.mark.parametrize(
    ('q', 'expected'),
    [
        ('PUMP', ['P-1', 'P-2']),  # name, any letter case
        ('l-1', ['L-1']),  # code
        ('grundfos', ['P-1']),  # manufacturer
        ('CR 1', ['P-1', 'P-2']),  # model
        ('sn-100%', ['P-1']),  # serial, with a LIKE wildcard taken literally
        ('%', ['P-1']),
        ('_', ['T-1']),
        ('nothing like it', []),
    ],
)
def test_search_looks_in_code_name_serial_model_and_manufacturer(fleet, q, expected):
    org, _line = fleet
    assert codes(org, q=q) == expected


@pytest.mark.parametrize(
    ('sort', 'descending', 'expected'),
    [
        ('name', False, ['P-1', 'V-1', 'L-1', 'P-2', 'T-1']),
        ('criticality', False, ['P-1', 'T-1', 'V-1', 'P-2', 'L-1']),  # low → critical, not alphabetical
        ('criticality', True, ['L-1', 'P-2', 'V-1', 'T-1', 'P-1']),
        ('condition', False, ['L-1', 'V-1', 'P-1', 'P-2', 'T-1']),  # excellent → critical
        ('asset_type', False, ['P-1', 'P-2', 'L-1', 'T-1', 'V-1']),
        ('code', True, ['V-1', 'T-1', 'P-2', 'P-1', 'L-1']),
    ],
)
def test_sort_orders_are_stable_and_meaningful(fleet, sort, descending, expected):
    org, _line = fleet
    assert codes(org, sort=sort, descending=descending) == expected


def test_sort_by_site_name_puts_assets_without_a_site_last_both_ways(fleet):
    org, _line = fleet
    ascending = codes(org, sort='site')
    assert ascending[:3] == ['L-1', 'P-2', 'V-1'] and ascending[3:] == ['P-1', 'T-1']  # North, South, none
    assert codes(org, sort='site', descending=True) == ['P-1', 'V-1', 'P-2', 'L-1', 'T-1']


def test_pages_carry_the_total_of_all_matches(fleet):
    org, _line = fleet
    pages = [
        call(service.list_assets, principal=org.viewer, filters=AssetFilter(limit=2, offset=offset))
        for offset in (0, 2, 4, 6)
    ]
    assert [p.total for p in pages] == [5, 5, 5, 5]
    assert [[a.code for a in p.items] for p in pages] == [['L-1', 'P-1'], ['P-2', 'T-1'], ['V-1'], []]
    first = pages[0].items[0]
    assert (first.children_count, first.site_name is not None) == (2, True)
    assert pages[0].items[1].parent_code == 'L-1'


def test_filtered_query_is_scoped_for_export_and_map(fleet):
    org, _line = fleet
    from app.core.db import session_scope

    query = service.filtered_asset_query(org.viewer, AssetFilter(q='pump', sort='site'))
    with session_scope() as session:
        assert [a.code for a in session.scalars(query)] == ['P-2', 'P-1']


def test_statistics_count_by_every_dimension_of_the_organisation_only(fleet):
    org, _line = fleet
    stats = call(service.asset_statistics, principal=org.viewer)
    assert stats.total == 5
    assert (stats.by_status['operational'], stats.by_status['repair'], stats.by_status['retired']) == (3, 1, 0)
    assert (stats.by_type['equipment'], stats.by_type['system']) == (2, 1)
    assert stats.by_criticality == {'low': 1, 'medium': 2, 'high': 1, 'critical': 1}
    assert stats.by_site == {str(org.site_id): 3, str(org.other_site_id): 1, 'none': 1}
    site_stats = call(service.asset_statistics, principal=org.viewer, site_id=org.other_site_id)
    assert (site_stats.total, site_stats.by_condition['fair']) == (1, 1)
    assert call(service.asset_statistics, principal=make_org().viewer).total == 0


def test_an_exact_code_match_comes_first_whatever_the_sort_and_page():
    org = make_org()
    for code, name in (('PU-10', 'Pump 10'), ('PU-1', 'Pump 1'), ('PU-100', 'Pump 100'), ('A-PU-1', 'Other pu-1')):
        make_asset(org, code=code, name=name)
    assert codes(org, q='pu-1') == ['PU-1', 'A-PU-1', 'PU-10', 'PU-100'], 'exact (any case) first, then by code'
    assert codes(org, q='PU-1', sort='name', descending=True)[0] == 'PU-1'
    first_page = call(service.list_assets, principal=org.viewer, filters=AssetFilter(q='pu-1', limit=2))
    assert [a.code for a in first_page.items] == ['PU-1', 'A-PU-1'] and first_page.total == 4
    query = service.filtered_asset_query(org.viewer, AssetFilter(q='Pu-1'))
    from app.core.db import session_scope

    with session_scope() as session:
        assert session.scalars(query).first().code == 'PU-1', 'the export and the map order alike'
