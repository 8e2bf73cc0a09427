"""The import page's column-mapping step and its file of rejected rows: a file with other column names is matched
by the user (suggestions filled in) before the check; a file with the import's names is checked at once."""

from __future__ import annotations

from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User

from app.core.enums import Role
from tests.pages.conftest import SignIn
from tests.support.files import csv_file, read_csv
from tests.support.organizations import Org, unique
from tests.support.rows import assets_of


async def upload(user: User, name: str, content: bytes) -> None:
    (uploader,) = user.find(kind=ui.upload).elements
    with user.client:
        await uploader.handle_uploads([SmallFileUpload(name, 'text/csv', content)])


def field_select(user: User, column: str) -> ui.select:
    return next(
        s for s in user.find(kind=ui.select).elements if s.props.get('aria-label') == f'Field for column {column}'
    )


async def test_other_column_names_are_matched_before_the_check_and_import(sign_in: SignIn, org: Org) -> None:
    code = unique('MAP').replace(' ', '-')
    content = csv_file({'Asset No.': code, 'Title': 'Mapped pump', 'Kind': 'equipment', 'Colour': 'red'})
    user = await sign_in(org, Role.SUPERVISOR)
    await user.open('/assets/import')
    await upload(user, 'other.csv', content)
    await user.should_see('2 · Match the columns')
    await user.should_not_see('3 · Check')  # nothing checked until the columns are matched
    assert field_select(user, 'Title').value == 'name', 'a common synonym is suggested'
    assert field_select(user, 'Asset No.').value == 'code'
    assert field_select(user, 'Kind').value == '', 'no match: ignored until chosen'
    field_select(user, 'Kind').set_value('asset_type')
    field_select(user, 'Colour').set_value('attr:Colour')
    user.find(kind=ui.button, content='Check with these columns').click()
    await user.should_see('Every row is valid.', retries=50)
    user.find(kind=ui.button, content='Import 1 row').click()
    await user.should_see('Imported other.csv', retries=50)
    stored = assets_of(org.id)[code]
    assert (stored.name, stored.asset_type.value, stored.attributes) == ('Mapped pump', 'equipment', {'Colour': 'red'})


async def test_the_import_names_are_checked_at_once_and_rejected_rows_download(sign_in: SignIn, org: Org) -> None:
    rows = [
        {'code': unique('OK').replace(' ', '-'), 'name': 'Fine', 'asset_type': 'tool'},
        {'code': unique('BAD').replace(' ', '-'), 'name': '@SUM(A1)', 'asset_type': 'spaceship'},
    ]
    user = await sign_in(org, Role.SUPERVISOR)
    await user.open('/assets/import')
    await upload(user, 'mine.csv', csv_file(*rows))
    await user.should_see('1 of 2 rows cannot be imported', retries=50)
    user.find(kind=ui.button, content='Download the rejected rows (CSV)').click()
    rejected = await user.download.next(timeout=5)
    lines = read_csv(rejected.content)
    assert [line['code'] for line in lines] == [rows[1]['code']]
    assert lines[0]['error'].startswith('asset_type: ') and lines[0]['name'] == "'@SUM(A1)"
