"""The asset list's chosen rows: the bar appears with what the role may do; a status or site change goes through
the service for all of them or none, naming the asset refused; export and labels take just the chosen ones."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from app.assets import service
from app.core.enums import Role
from tests.pages.conftest import SignIn
from tests.support.files import read_csv
from tests.support.organizations import Org
from tests.support.services import call, make_asset


def choose(user: User, *assets) -> None:
    """What the grid sends when these rows are ticked (its selectionChanged handler)."""
    rows = [{'id': asset.id, 'code': asset.code} for asset in assets]
    user.find(kind=ui.aggrid).trigger('cmmsSelection', {'rows': rows})


def status_of(org: Org, asset) -> str:
    return call(service.get_asset, principal=org.viewer, asset_id=asset.id).status


def dialog_select(user: User, label: str) -> ui.select:
    return next(s for s in user.find(kind=ui.select).elements if s.props.get('label') == label)


async def test_choosing_rows_shows_the_bar_and_a_status_change_applies_to_all(sign_in: SignIn, org: Org) -> None:
    first, second = make_asset(org), make_asset(org)
    user = await sign_in(org, Role.SUPERVISOR)
    await user.open('/assets')
    await user.should_not_see('2 chosen')
    choose(user, first, second)
    await user.should_see('2 chosen')
    user.find(kind=ui.button, content='Change status').click()
    await user.should_see('Change the status of 2 assets')
    dialog_select(user, 'New status').set_value('repair')
    user.find('Note (why; in each history)').type('flooded')
    user.find(kind=ui.button, content='Change 2').click()
    await user.should_see('Changed 2 of 2 assets')
    assert (status_of(org, first), status_of(org, second)) == ('repair', 'repair')
    await user.should_not_see('2 chosen')  # the list reloads; the selection ends
    history = call(service.asset_history, principal=org.viewer, asset_id=first.id, page=service.PageParams())
    assert history.items[0].note == 'flooded'


async def test_one_refused_asset_changes_none_and_the_error_names_it(sign_in: SignIn, org: Org) -> None:
    fine, parent = make_asset(org), make_asset(org)
    make_asset(org, parent_id=parent.id)
    user = await sign_in(org, Role.SUPERVISOR)
    await user.open('/assets')
    choose(user, fine, parent)
    user.find(kind=ui.button, content='Change status').click()
    dialog_select(user, 'New status').set_value('retired')
    user.find(kind=ui.button, content='Change 2').click()
    await user.should_see(f'{parent.code}: ')
    await user.should_see('nothing was changed', kind=ui.label)
    assert (status_of(org, fine), status_of(org, parent)) == ('operational', 'operational')


async def test_a_site_change_moves_every_chosen_asset(sign_in: SignIn, org: Org) -> None:
    first, second = make_asset(org, site_id=org.site_id), make_asset(org, site_id=org.site_id)
    user = await sign_in(org, Role.SUPERVISOR)
    await user.open('/assets')
    choose(user, first, second)
    user.find(kind=ui.button, content='Change site').click()
    dialog_select(user, 'New site').set_value(org.other_site_id)
    user.find(kind=ui.button, content='Change 2').click()
    await user.should_see('Changed 2 of 2 assets')
    for asset in (first, second):
        assert call(service.get_asset, principal=org.viewer, asset_id=asset.id).site_id == org.other_site_id


async def test_a_technician_may_change_a_status_but_not_retire_or_move(sign_in: SignIn, org: Org) -> None:
    asset = make_asset(org)
    user = await sign_in(org, Role.TECHNICIAN)
    await user.open('/assets')
    choose(user, asset)
    await user.should_see('1 chosen')
    await user.should_not_see(kind=ui.button, content='Change site')
    user.find(kind=ui.button, content='Change status').click()
    options = dialog_select(user, 'New status').options
    assert 'standby' in options and 'retired' not in options and 'decommissioned' not in options


async def test_a_viewer_gets_export_and_labels_only_for_the_chosen(sign_in: SignIn, org: Org) -> None:
    chosen, other = make_asset(org, name='Chosen one'), make_asset(org, name='Chosen one')
    user = await sign_in(org, Role.VIEWER)
    await user.open('/assets')
    choose(user, chosen)
    await user.should_see('1 chosen')
    await user.should_not_see(kind=ui.button, content='Change status')
    (export,) = user.find(marker='bulk-export').elements
    items = [m for m in export.descendants() if isinstance(m, ui.menu_item)]
    csv_item = next(m for m in items if any('CSV' in str(getattr(d, 'text', '')) for d in m.descendants()))
    UserInteraction(user, {csv_item}, None).click()  # the menu opens in a browser only
    exported = await user.download.next()
    assert f'ids={chosen.id}' in str(exported.url)
    assert [row['code'] for row in read_csv(exported.content)] == [chosen.code]
    assert other.code not in exported.text
    user.find(marker='bulk-labels').click()
    await user.should_see('1 label on 1 A4 page', retries=50)
    assert user.back_history[-1] == f'/assets/labels?ids={chosen.id}'
