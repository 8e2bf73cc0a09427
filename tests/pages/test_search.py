"""The top bar's search: one box on every page, results grouped by area (assets, work orders, parts), within the
organisation and the header's site filter, with search text taken literally."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from app.core.enums import Role
from tests.pages.conftest import SignIn, click_line, lands_on
from tests.support.organizations import Org, unique
from tests.support.services import make_asset, make_part, make_work_order


def search_box(user: User) -> ui.input:
    return next(e for e in user.find(kind=ui.input).elements if e.props.get('aria-label') == 'Search')


async def search(user: User, text: str) -> None:
    search_box(user).set_value(text)  # what the box reports once typing pauses


async def test_typing_shows_assets_work_orders_and_parts_grouped_and_a_tap_opens_one(
    sign_in: SignIn, org: Org, other: Org
) -> None:
    word = unique('gearbox')
    asset = make_asset(org, name=f'Main {word}')
    job = make_work_order(org, title=f'Oil change on the {word}')
    part = make_part(org, name=f'{word} seal')
    outsider = make_asset(other, name=f'Main {word}')
    user = await sign_in(org, Role.TECHNICIAN)
    await user.open('/my-work')

    await search(user, word)
    for group in ('Assets', 'Work orders', 'Parts'):
        await user.should_see(kind=ui.label, content=group)
    await user.should_see(f'{asset.code} · {asset.name}')
    await user.should_see(f'{job.number} · {job.title}')
    await user.should_see(f'{part.part_number} · {part.name}')
    await user.should_not_see(outsider.code)

    click_line(user, f'{job.number} · {job.title}')
    await lands_on(user, f'/work-orders/{job.id}')


async def test_work_orders_are_found_by_number_and_parts_by_part_number(sign_in: SignIn, org: Org) -> None:
    job = make_work_order(org, title=unique('Tighten belts'))
    part = make_part(org, part_number=unique('BRG'), name='Bearing 6204')
    user = await sign_in(org, Role.SUPERVISOR)
    await user.open('/attention')
    await search(user, job.number.lower())  # 'wo-000123'
    await user.should_see(f'{job.number} · {job.title}')
    await search(user, part.part_number)
    await user.should_see(f'{part.part_number} · Bearing 6204')
    click_line(user, f'{part.part_number} · Bearing 6204')
    await lands_on(user, f'/parts?part={part.id}')
    await user.should_see(kind=ui.button, content='Close', retries=30)  # the part's sheet is open


async def test_the_search_keeps_to_the_site_filter(sign_in: SignIn, org: Org) -> None:
    word = unique('conveyor')
    here = make_asset(org, code=unique('HERE'), name=word, site_id=org.site_id)
    there = make_asset(org, code=unique('THERE'), name=word, site_id=org.other_site_id)
    user = await sign_in(org, Role.SUPERVISOR)
    await user.open(f'/assets?site_id={org.site_id}')  # a link naming a site sets the header's filter
    await user.open('/attention')
    await search(user, word)
    await user.should_see(f'{here.code} · {word}')
    await user.should_not_see(f'{there.code} · {word}')


async def test_wildcards_in_the_search_text_are_letters_not_patterns(sign_in: SignIn, org: Org) -> None:
    make_part(org, name=unique('Gasket'))
    make_asset(org, name=unique('Fan'))
    user = await sign_in(org, Role.SUPERVISOR)
    await user.open('/attention')
    await search(user, '%_')  # as patterns these would match every part, asset and work order
    await user.should_see('Nothing found for "%_"')
