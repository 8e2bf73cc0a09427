"""`%`, `_` and `\\` typed into a search are literal in every list that searches text (one helper,
app.core.search_text): parts, templates, assets and work orders as well as users and audit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.core.enums import Role
from tests.support.api import client
from tests.support.organizations import Org, make_org, unique
from tests.support.services import make_asset, make_part, make_template, make_work_order


@pytest.fixture
def org(backend: str) -> Org:
    return make_org(roles=[Role.ADMIN, Role.SUPERVISOR], sites=0, api_keys=True)


def _parts(org: Org, name: str) -> None:
    make_part(org, name=name)


def _templates(org: Org, name: str) -> None:
    make_template(org, name=name)


def _assets(org: Org, name: str) -> None:
    make_asset(org, name=name)


def _work_orders(org: Org, name: str) -> None:
    make_work_order(org, title=name)


LISTS: dict[str, tuple[str, Callable[[Org, str], Any]]] = {
    'parts': ('/api/v1/parts', _parts),
    'templates': ('/api/v1/work-order-templates', _templates),
    'assets': ('/api/v1/assets', _assets),
    'work orders': ('/api/v1/work-orders', _work_orders),
}


@pytest.mark.parametrize('listing', list(LISTS))
def test_wildcards_are_searched_literally(org: Org, listing: str) -> None:
    path, make = LISTS[listing]
    tag = unique('x').replace('-', '')
    for name in (f'{tag} 50% glycol', f'{tag} a_b', f'{tag} axb', f'{tag} back\\slash', f'{tag} plain'):
        make(org, name)

    def found(q: str) -> int:
        response = client().get(path, params={'q': q}, headers=org.headers(Role.ADMIN))
        assert response.status_code == 200, response.text
        return response.json()['total']

    assert found(tag) == 5
    assert found(f'{tag} 50%') == 1
    assert found('%') == 1
    assert found(f'{tag} a_b') == 1  # not 'axb'
    assert found(f'{tag} %') == 0
    assert found(f'{tag} back\\') == 1
    assert found(f'{tag} a\\_b') == 0
