"""Attachments on SQLite and PostgreSQL: the type comes from the content, the size is capped, files and rows
come and go together (also when the transaction fails), and other organisations never reach them."""

from __future__ import annotations

import pytest

from app.assets import attachments
from app.assets.enums import AssetEventKind
from app.core.db import session_scope
from app.core.errors import Forbidden, NotFound, ValidationFailed
from app.core.files import upload_directory
from tests.support.files import GIF, JPEG, PDF, PNG, WEBP
from tests.support.organizations import make_org
from tests.support.rows import events_of
from tests.support.services import call, make_asset
from tests.support.snapshots import ASSETS, snapshot, stored_files

pytestmark = pytest.mark.usefixtures('backend')


def attach(org, asset_id, file_name, content, principal=None, kind=None):
    return call(
        attachments.add_attachment,
        principal=principal or org.technician,
        asset_id=asset_id,
        file_name=file_name,
        content=content,
        kind=kind,
    )


@pytest.mark.parametrize(
    ('name', 'content', 'content_type', 'kind'),
    [
        ('manual.pdf', PDF, 'application/pdf', 'manual'),
        ('photo.png', PNG, 'image/png', 'photo'),
        ('IMG_0001.JPG', JPEG, 'image/jpeg', 'photo'),
        ('plate.webp', WEBP, 'image/webp', 'photo'),
        ('anim.gif', GIF, 'image/gif', 'photo'),
        ('notes.txt', 'Lager gewechselt – ok\n'.encode(), 'text/plain; charset=utf-8', 'document'),
        ('parts.csv', b'\xef\xbb\xbfpart,qty\nbearing,2\n', 'text/csv; charset=utf-8', 'document'),
        ('howto.md', b'# Reset\n1. press\n', 'text/markdown; charset=utf-8', 'document'),
    ],
)
def test_allowed_types_round_trip_with_type_and_kind_from_the_content(name, content, content_type, kind):
    org = make_org()
    asset = make_asset(org)
    added = attach(org, asset.id, name, content)
    assert (added.file_name, added.content_type, added.kind, added.size_bytes) == (
        name,
        content_type,
        kind,
        len(content),
    )
    read, path = call(attachments.attachment_file, principal=org.viewer, asset_id=asset.id, attachment_id=added.id)
    assert read == added and path.read_bytes() == content
    assert [a.id for a in call(attachments.list_attachments, principal=org.viewer, asset_id=asset.id)] == [added.id]
    [event] = [e for e in events_of(asset.id) if e.kind == AssetEventKind.ATTACHMENT]
    assert (event.field, event.to_value, event.actor_label) == (kind, name, org.technician.label)


@pytest.mark.parametrize(
    ('name', 'content', 'message'),
    [
        ('fake.pdf', b'<html><script>alert(1)</script></html>', 'not an allowed type'),
        ('tool.exe', b'MZ\x90\x00' + b'\x00' * 60, 'not an allowed type'),
        ('image.svg', b'<svg xmlns="http://www.w3.org/2000/svg"/>', 'not an allowed type'),
        ('latin1.txt', 'Größe'.encode('latin-1'), 'not UTF-8'),
        ('nul.txt', b'a\x00b', 'not an allowed type'),
        ('empty.pdf', b'', 'empty'),
        ('huge.pdf', b'%PDF-' + b'0' * attachments.MAX_BYTES, '20 MB limit'),
    ],
)
def test_refused_files_name_the_file_field_and_leave_nothing_behind(name, content, message):
    org = make_org()
    asset = make_asset(org)
    before = snapshot(org.id, ASSETS)
    with pytest.raises(ValidationFailed) as refused:
        attach(org, asset.id, name, content)
    assert refused.value.errors[0].field == 'file' and message in refused.value.errors[0].message
    assert snapshot(org.id, ASSETS) == before


def test_names_are_cleaned_and_a_misleading_extension_gets_the_real_one():
    org = make_org()
    asset = make_asset(org)
    assert attach(org, asset.id, '../../etc/passwd.pdf', PDF).file_name == 'passwd.pdf'
    assert attach(org, asset.id, 'C:\\Users\\me\\"odd"\nname.png', PNG).file_name == 'oddname.png'
    assert attach(org, asset.id, 'invoice.txt', PDF).file_name == 'invoice.txt.pdf'
    assert attach(org, asset.id, 'scan', JPEG, kind='document').kind == 'document'
    with pytest.raises(ValidationFailed) as refused:
        attach(org, asset.id, 'x.pdf', PDF, kind='selfie')
    assert refused.value.errors[0].field == 'kind'


def test_the_file_is_removed_when_the_transaction_does_not_commit():
    org = make_org()
    asset = make_asset(org)
    files = stored_files(upload_directory('assets'))
    with pytest.raises(RuntimeError), session_scope() as session:
        attachments.add_attachment(
            session=session, principal=org.admin, asset_id=asset.id, file_name='a.pdf', content=PDF
        )
        assert len(stored_files(upload_directory('assets')) - files) == 1
        raise RuntimeError('a later step of the same request failed')
    assert stored_files(upload_directory('assets')) == files
    assert call(attachments.list_attachments, principal=org.viewer, asset_id=asset.id) == []


def test_delete_removes_row_and_file_and_is_on_the_timeline():
    org = make_org()
    asset = make_asset(org)
    added = attach(org, asset.id, 'manual.pdf', PDF)
    _read, path = call(attachments.attachment_file, principal=org.viewer, asset_id=asset.id, attachment_id=added.id)
    with pytest.raises(Forbidden):
        call(attachments.delete_attachment, principal=org.technician, asset_id=asset.id, attachment_id=added.id)
    assert path.exists()
    call(attachments.delete_attachment, principal=org.supervisor, asset_id=asset.id, attachment_id=added.id)
    assert not path.exists()
    assert call(attachments.list_attachments, principal=org.viewer, asset_id=asset.id) == []
    removed = [e for e in events_of(asset.id) if e.kind == AssetEventKind.ATTACHMENT][-1]
    assert (removed.from_value, removed.to_value) == ('manual.pdf', None)


def test_other_organisations_and_other_assets_never_reach_an_attachment():
    org, other = make_org(), make_org()
    asset, second = make_asset(org), make_asset(org)
    added = attach(org, asset.id, 'manual.pdf', PDF)
    with pytest.raises(NotFound):
        call(attachments.attachment_file, principal=other.admin, asset_id=asset.id, attachment_id=added.id)
    with pytest.raises(NotFound):
        call(attachments.attachment_file, principal=org.admin, asset_id=second.id, attachment_id=added.id)
    with pytest.raises(NotFound):
        call(attachments.delete_attachment, principal=other.admin, asset_id=asset.id, attachment_id=added.id)
    with pytest.raises(NotFound):
        attach(other, asset.id, 'x.pdf', PDF, other.admin)
    with pytest.raises(Forbidden):
        attach(org, asset.id, 'x.pdf', PDF, org.viewer)
