"""The asset hierarchy on SQLite and PostgreSQL: no cycles ever (also as a property), hierarchy history, children,
ancestors, the tree, and the end-of-life rule (children in service, registered guards)."""

from __future__ import annotations

import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from app.assets import service
from app.assets.enums import END_OF_LIFE_STATUSES, AssetEventKind
from app.assets.events import AssetStatusChanged
from app.assets.schemas import AssetFilter, AssetUpdate, ConditionAssessment
from app.core import events
from app.core.errors import Conflict, NotFound, ValidationFailed
from tests.support.organizations import make_org
from tests.support.rows import events_of
from tests.support.services import call, make_asset
from tests.support.snapshots import ASSETS, snapshot

pytestmark = pytest.mark.usefixtures('backend')
set_hypothesis_home_dir(tempfile.mkdtemp(prefix='cmms-hypothesis-'))  # keep its caches out of the repository


def set_parent(org, asset_id, parent_id):
    return call(
        service.update_asset, principal=org.supervisor, asset_id=asset_id, data=AssetUpdate(parent_id=parent_id)
    )


def set_status(org, asset_id, status):
    return call(service.update_asset, principal=org.supervisor, asset_id=asset_id, data=AssetUpdate(status=status))


def chain(org, length):
    """root › child › grandchild …, returned root first."""
    assets = [make_asset(org, code=f'C{length}-0')]
    for depth in range(1, length):
        assets.append(make_asset(org, code=f'C{length}-{depth}', parent_id=assets[-1].id))
    return assets


def test_an_asset_can_be_neither_its_own_parent_nor_below_its_descendants():
    org = make_org()
    root, child, grandchild = chain(org, 3)
    before = snapshot(org.id, ASSETS)
    for parent in (root, child, grandchild):
        with pytest.raises(ValidationFailed, match='cycle') as refused:
            set_parent(org, root.id, parent.id)
        assert [e.field for e in refused.value.errors] == ['parent_id']
    assert snapshot(org.id, ASSETS) == before


def test_reparenting_writes_a_hierarchy_event_with_parent_codes():
    org = make_org()
    root, child, grandchild = chain(org, 3)
    set_parent(org, grandchild.id, root.id)
    set_parent(org, grandchild.id, None)
    events = [(e.from_value, e.to_value) for e in events_of(grandchild.id) if e.kind == AssetEventKind.HIERARCHY]
    assert events == [(child.code, root.code), (root.code, None)]
    assert call(service.get_asset, principal=org.viewer, asset_id=grandchild.id).parent_id is None


def test_another_organisations_asset_is_no_parent():
    org, other = make_org(), make_org()
    asset, foreign = make_asset(org), make_asset(other)
    with pytest.raises(ValidationFailed) as refused:
        set_parent(org, asset.id, foreign.id)
    assert refused.value.errors[0].field == 'parent_id' and 'not found' in refused.value.errors[0].message


def test_children_ancestors_and_tree():
    org = make_org()
    root, child, grandchild, leaf = chain(org, 4)
    sibling = make_asset(org, code='C4-1b', parent_id=root.id)
    assert [a.code for a in call(service.list_children, principal=org.viewer, asset_id=root.id)] == [
        child.code,
        sibling.code,
    ]
    assert [a.code for a in call(service.list_ancestors, principal=org.viewer, asset_id=leaf.id)] == [
        root.code,
        child.code,
        grandchild.code,
    ]
    assert call(service.list_ancestors, principal=org.viewer, asset_id=root.id) == []
    tree = call(service.asset_tree, principal=org.viewer, asset_id=root.id, depth=2)
    assert (tree.code, tree.children_count, [c.code for c in tree.children]) == (
        root.code,
        2,
        [child.code, sibling.code],
    )
    [deepest] = tree.children[0].children
    assert (deepest.code, deepest.children, deepest.children_count) == (grandchild.code, [], 1), 'cut at depth 2'
    with pytest.raises(NotFound):
        call(service.asset_tree, principal=make_org().viewer, asset_id=root.id)


def test_retiring_is_refused_while_children_are_in_service_then_allowed():
    org = make_org()
    root, child = chain(org, 2)
    spare = make_asset(org, parent_id=root.id)
    before = snapshot(org.id, ASSETS)
    with pytest.raises(Conflict, match='2 child assets'):
        set_status(org, root.id, 'retired')
    assert snapshot(org.id, ASSETS) == before
    set_status(org, spare.id, 'retired')
    with pytest.raises(Conflict, match='1 child asset that is not retired'):
        set_status(org, root.id, 'decommissioned')
    set_status(org, child.id, 'decommissioned')
    assert set_status(org, root.id, 'retired').status == 'retired'


def test_guards_of_the_status_event_can_refuse_retiring_with_their_reason():
    org = make_org()
    asset = make_asset(org)
    seen = []

    def open_work(session, event: AssetStatusChanged):
        if event.to_status not in END_OF_LIFE_STATUSES:
            return None
        seen.append((event.organization_id, event.asset_id))
        return 'it has 2 open work orders'

    before = snapshot(org.id, ASSETS)
    with events.subscribed(events.guard(AssetStatusChanged, open_work)):
        with pytest.raises(Conflict, match='cannot be set to retired: it has 2 open work orders'):
            set_status(org, asset.id, 'retired')
        with pytest.raises(Conflict, match='open work orders'):
            call(
                service.assess_condition,
                principal=org.supervisor,
                asset_id=asset.id,
                data=ConditionAssessment(condition='critical', status='decommissioned'),
            )
        assert snapshot(org.id, ASSETS) == before and seen == [(org.id, asset.id)] * 2
        assert set_status(org, asset.id, 'repair').status == 'repair', 'the guard lets other statuses pass'


@settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=st.lists(st.tuples(st.integers(0, 4), st.one_of(st.none(), st.integers(0, 4))), min_size=1, max_size=8))
def test_no_sequence_of_moves_ever_makes_a_cycle(moves):
    org = make_org()
    assets = [make_asset(org, code=f'H-{i}').id for i in range(5)]
    parents: dict[int, int | None] = dict.fromkeys(assets)
    for child_index, parent_index in moves:
        child, parent = assets[child_index], None if parent_index is None else assets[parent_index]
        would_cycle = parent is not None and _reaches(parents, parent, child)
        try:
            set_parent(org, child, parent)
            parents[child] = parent
            assert not would_cycle
        except ValidationFailed as refused:
            assert would_cycle and 'cycle' in str(refused)
    listed = call(service.list_assets, principal=org.viewer, filters=AssetFilter())
    stored = {a.id: a.parent_id for a in listed.items}
    assert stored == parents
    for asset in assets:
        assert len(hierarchy_chain(org, asset)) <= len(assets)


def hierarchy_chain(org, asset_id):
    return call(service.list_ancestors, principal=org.viewer, asset_id=asset_id)


def _reaches(parents, start, target):
    """True if ``target`` is ``start`` or one of its ancestors in the model."""
    seen, node = set(), start
    while node is not None and node not in seen:
        if node == target:
            return True
        seen.add(node)
        node = parents[node]
    return False
