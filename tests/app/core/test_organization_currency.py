"""The organisation's currency: EUR unless an admin sets another ISO 4217 code; a bad code is a 422 naming the
field and changes nothing; the change is audited and stays within the organisation."""

from __future__ import annotations

from app.core.enums import Role
from tests.support.api import client, problem
from tests.support.organizations import make_org


def test_an_admin_sets_the_currency_and_every_member_reads_it(backend: str) -> None:
    org, other = make_org(sites=0), make_org(sites=0)
    assert client().get('/api/v1/organization', headers=org.headers(Role.VIEWER)).json()['currency'] == 'EUR'

    response = client().patch('/api/v1/organization', json={'currency': 'usd'}, headers=org.headers(Role.ADMIN))
    assert response.status_code == 200, response.text
    assert response.json()['currency'] == 'USD'
    assert client().get('/api/v1/organization', headers=org.headers(Role.VIEWER)).json()['currency'] == 'USD'
    assert client().get('/api/v1/organization', headers=other.headers(Role.VIEWER)).json()['currency'] == 'EUR'
    audit = client().get('/api/v1/audit', params={'entity_type': 'organization'}, headers=org.headers(Role.ADMIN))
    (entry,) = audit.json()['items']
    assert entry['changes'] == {'currency': ['EUR', 'USD']}


def test_an_unknown_currency_is_refused_naming_the_field(backend: str) -> None:
    org = make_org(sites=0)
    for bad in ('EURO', 'XYZ', '', None):
        response = client().patch('/api/v1/organization', json={'currency': bad}, headers=org.headers(Role.ADMIN))
        body = problem(response, 422)
        assert any(error['field'] == 'currency' for error in body['errors']), body
    assert client().get('/api/v1/organization', headers=org.headers(Role.ADMIN)).json()['currency'] == 'EUR'


def test_only_admins_change_the_currency(backend: str) -> None:
    org = make_org(sites=0)
    response = client().patch('/api/v1/organization', json={'currency': 'GBP'}, headers=org.headers(Role.SUPERVISOR))
    problem(response, 403)
