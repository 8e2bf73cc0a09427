"""Comments and photos on SQLite and PostgreSQL: who may add them, images only (by content), files that come and go
with their transaction, and other organisations kept out."""

from __future__ import annotations

import pytest

from app.core.db import session_scope
from app.core.enums import Role
from app.core.errors import Forbidden, NotFound, ValidationFailed
from app.work_orders import comments, photos
from app.work_orders.enums import WorkOrderStatus
from app.work_orders.photos import photo_directory
from app.work_orders.schemas import CommentCreate
from tests.support.files import GIF, JPEG, PNG, WEBP
from tests.support.organizations import Org
from tests.support.rows import audit_of
from tests.support.services import call, make_work_order
from tests.support.snapshots import WORK_ORDERS, snapshot, stored_files

pytestmark = pytest.mark.usefixtures('backend')


def add_photo(org: Org, work_order_id: int, name: str, content: bytes, role: Role = Role.TECHNICIAN):
    return call(
        photos.add_photo,
        principal=org.principals[role],
        work_order_id=work_order_id,
        file_name=name,
        content=content,
    )


def test_comments_are_a_conversation_also_after_closing(org: Org):
    work_order = make_work_order(org, status=WorkOrderStatus.COMPLETED)
    for role, body in ((Role.TECHNICIAN, 'Replaced the seal'), (Role.SUPERVISOR, 'Thanks')):
        call(
            comments.add_comment,
            principal=org.principals[role],
            work_order_id=work_order.id,
            data=CommentCreate(body=body),
        )
    listed = call(comments.list_comments, principal=org.viewer, work_order_id=work_order.id)
    assert [(c.author_label, c.body) for c in listed] == [
        (org.technician.label, 'Replaced the seal'),
        (org.supervisor.label, 'Thanks'),
    ]
    assert [e.summary for e in audit_of(org, 'work_order_comment')][-1] == f'commented on {work_order.number}'
    with pytest.raises(Forbidden):
        call(comments.add_comment, principal=org.viewer, work_order_id=work_order.id, data=CommentCreate(body='x'))


@pytest.mark.parametrize(
    ('name', 'content', 'content_type', 'stored_as'),
    [
        ('IMG_0001.JPG', JPEG, 'image/jpeg', 'IMG_0001.JPG'),
        ('gauge.png', PNG, 'image/png', 'gauge.png'),
        ('plate.webp', WEBP, 'image/webp', 'plate.webp'),
        ('anim.gif', GIF, 'image/gif', 'anim.gif'),
        ('photo.txt', PNG, 'image/png', 'photo.txt.png'),
        ('../../etc/passwd.png', PNG, 'image/png', 'passwd.png'),
    ],
)
def test_images_are_recognised_by_their_content(org: Org, name, content, content_type, stored_as):
    work_order = make_work_order(org)
    added = add_photo(org, work_order.id, name, content)
    assert (added.file_name, added.content_type, added.size_bytes) == (stored_as, content_type, len(content))
    read, path = call(photos.photo_file, principal=org.viewer, work_order_id=work_order.id, photo_id=added.id)
    assert read == added and path.read_bytes() == content and path.parent == photos.photo_directory()
    assert [p.id for p in call(photos.list_photos, principal=org.viewer, work_order_id=work_order.id)] == [added.id]


@pytest.mark.parametrize(
    ('name', 'content', 'message'),
    [
        ('manual.pdf', b'%PDF-1.7\n%%EOF', 'not an allowed type'),
        ('notes.txt', b'plain text', 'not an allowed type'),
        ('image.svg', b'<svg xmlns="http://www.w3.org/2000/svg"/>', 'not an allowed type'),
        ('empty.png', b'', 'empty'),
        ('', PNG, 'needs a name'),
        ('huge.png', b'\x89PNG\r\n\x1a\n' + b'0' * photos.MAX_BYTES, '20 MB limit'),
    ],
)
def test_anything_but_an_image_is_refused_naming_the_file_and_leaves_nothing(org: Org, name, content, message):
    work_order = make_work_order(org)
    before = snapshot(org.id, WORK_ORDERS)
    with pytest.raises(ValidationFailed) as refused:
        add_photo(org, work_order.id, name, content)
    assert refused.value.errors[0].field == 'file' and message in refused.value.errors[0].message
    assert snapshot(org.id, WORK_ORDERS) == before


def test_a_photo_whose_transaction_fails_leaves_no_file(org: Org):
    work_order = make_work_order(org)
    before = snapshot(org.id, WORK_ORDERS)
    with pytest.raises(RuntimeError), session_scope() as session:
        photos.add_photo(
            session=session, principal=org.technician, work_order_id=work_order.id, file_name='a.png', content=PNG
        )
        assert len(stored_files(photo_directory())) == len(before['files']) + 1, 'written before the commit'
        raise RuntimeError('the request fails later')
    assert snapshot(org.id, WORK_ORDERS) == before


def test_viewers_add_nothing_and_other_organisations_photos_are_not_found(org: Org, other: Org):
    work_order, foreign = make_work_order(org), make_work_order(other)
    foreign_photo = add_photo(other, foreign.id, 'x.png', PNG)
    before = snapshot(org.id, WORK_ORDERS)
    with pytest.raises(Forbidden):
        add_photo(org, work_order.id, 'a.png', PNG, Role.VIEWER)
    with pytest.raises(NotFound):
        add_photo(org, foreign.id, 'a.png', PNG)
    for work_order_id, photo_id in ((work_order.id, foreign_photo.id), (foreign.id, foreign_photo.id)):
        with pytest.raises(NotFound):
            call(photos.photo_file, principal=org.admin, work_order_id=work_order_id, photo_id=photo_id)
    with pytest.raises(NotFound):
        call(photos.list_photos, principal=org.admin, work_order_id=foreign.id)
    with pytest.raises(NotFound):
        call(comments.list_comments, principal=org.admin, work_order_id=foreign.id)
    assert snapshot(org.id, WORK_ORDERS) == before
