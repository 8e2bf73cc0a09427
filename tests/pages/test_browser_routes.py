"""The routes a signed-in browser fetches beside its pages (downloads, exports, map data): one way of answering —
the session's principal, the organisation's rows only, a refusal as its status."""

from __future__ import annotations

from nicegui.testing import User

from app.core.enums import Role
from tests.pages.conftest import SignIn
from tests.support.files import read_csv
from tests.support.organizations import Org
from tests.support.services import make_asset


async def test_the_asset_export_holds_this_organisations_assets_only(sign_in: SignIn, org: Org, other: Org) -> None:
    mine, theirs = make_asset(org, name='Ours'), make_asset(other, name='Theirs')
    user = await sign_in(org, Role.VIEWER)
    response = await user.http_client.get('/assets/export.csv', params={'q': 'Ours'})
    assert response.status_code == 200
    assert 'attachment' in response.headers['content-disposition']
    codes = {line['code'] for line in read_csv(response.content)}
    assert mine.code in codes and theirs.code not in codes


async def test_an_unknown_export_format_is_404_with_the_reason(sign_in: SignIn, org: Org) -> None:
    user = await sign_in(org, Role.VIEWER)
    response = await user.http_client.get('/assets/export.pdf')
    assert (response.status_code, response.text) == (404, "Unknown export format 'pdf'; use csv or xlsx.")


async def test_another_organisations_file_is_not_found(sign_in: SignIn, org: Org, other: Org) -> None:
    theirs = make_asset(other)
    user = await sign_in(org, Role.ADMIN)
    response = await user.http_client.get(f'/assets/{theirs.id}/files/1')
    assert response.status_code == 404
    assert response.headers['content-type'].startswith('text/plain')


async def test_map_data_is_json_and_a_bad_filter_is_422_json(sign_in: SignIn, org: Org) -> None:
    make_asset(org, site_id=org.site_id, location={'latitude': 53.5, 'longitude': 10.0})
    user = await sign_in(org, Role.VIEWER)
    markers = await user.http_client.get('/map/markers.json', params={'site_id': org.site_id})
    assert markers.status_code == 200
    assert markers.json()['type'] == 'FeatureCollection'
    refused = await user.http_client.get('/map/markers.json', params={'status': 'exploded'})
    assert refused.status_code == 422
    assert 'detail' in refused.json()


async def test_without_a_session_a_download_goes_to_the_login_and_back(user: User) -> None:
    response = await user.http_client.get('/assets/export.csv?q=pump')
    assert response.status_code in (302, 307)
    assert response.headers['location'] == '/login?redirect_to=%2Fassets%2Fexport.csv%3Fq%3Dpump'
