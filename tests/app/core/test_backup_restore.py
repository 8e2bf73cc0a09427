"""Backups move a plant between databases (SQLite ⇄ PostgreSQL) row for row, and never overwrite by accident."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.core.backup import BackupError, read_backup, write_backup
from app.core.db import use_database
from app.core.enums import Role
from app.domains import Base
from tests.support.api import TOKEN_URL, bearer, client, log_in
from tests.support.databases import OwnDatabases
from tests.support.organizations import Member, make_api_key, make_org, make_site
from tests.support.snapshots import row_counts


def _plant() -> tuple[int, Member]:
    """A small plant in the current database: people, sites, a key, and the audit trail of using them."""
    org = make_org(sites=0)
    make_site(org, name='Hamburg Works', timezone='Europe/Berlin', latitude=53.5436, longitude=9.9885)
    make_site(org, name='Lyon Assembly', timezone='Europe/Paris', address='12 Rue de la République')
    make_api_key(org, Role.TECHNICIAN)
    admin = org.members[Role.ADMIN]
    headers = bearer(log_in(admin.user.email, admin.password))
    client().patch(f'/api/v1/users/{org.user_id(Role.VIEWER)}', json={'active': False}, headers=headers)
    client().post(TOKEN_URL, json={'username': admin.user.email, 'password': 'a-wrong-password'})
    return org.id, admin


def _all_rows(url: str) -> dict[str, list[dict[str, Any]]]:
    engine = use_database(url)
    with engine.connect() as connection:
        return {
            table.name: [dict(row) for row in connection.execute(select(table).order_by(*table.primary_key)).mappings()]
            for table in Base.metadata.sorted_tables
        }


@pytest.mark.parametrize(
    ('source', 'target'), [('sqlite', 'sqlite'), ('sqlite', 'postgresql'), ('postgresql', 'sqlite')]
)
def test_restore_reproduces_every_row_in_another_database(
    own_databases: OwnDatabases, tmp_path: Path, source: str, target: str
) -> None:
    backup_file = tmp_path / 'plant.cmms.gz'
    source_url = own_databases.make(source, prefix='cmms_bk')
    _organization_id, admin = _plant()
    written = write_backup(backup_file, Base.metadata)
    source_rows = _all_rows(source_url)

    target_url = own_databases.make(target, prefix='cmms_bk')
    restored = read_backup(backup_file, Base.metadata)

    assert restored == {name: n for name, n in written.items() if n}
    assert _all_rows(target_url) == source_rows
    use_database(target_url)
    # The restored plant works: its people log in, and new rows get fresh ids (sequences moved on).
    headers = bearer(log_in(admin.user.email, admin.password))
    new_site = client().post('/api/v1/sites', json={'name': 'Columbus'}, headers=headers)
    assert new_site.status_code == 201, new_site.text
    assert new_site.json()['id'] > max(row['id'] for row in source_rows['sites'])
    assert client().get('/api/v1/sites', headers=headers).json()['total'] == 3


def test_restore_refuses_a_database_that_already_holds_data(own_databases: OwnDatabases, tmp_path: Path) -> None:
    backup_file = tmp_path / 'plant.cmms.gz'
    own_databases.make('sqlite', prefix='cmms_bk')
    _plant()
    write_backup(backup_file, Base.metadata)

    target_url = own_databases.make('postgresql', prefix='cmms_bk')
    make_org(roles=[Role.ADMIN], sites=0, name='Already Here')
    before = row_counts()

    with pytest.raises(BackupError, match=r'not empty.*--force'):
        read_backup(backup_file, Base.metadata)
    assert row_counts() == before

    read_backup(backup_file, Base.metadata, force=True)
    assert 'Already Here' not in {row['name'] for row in _all_rows(target_url)['organizations']}
    use_database(target_url)
    assert row_counts()['sites'] == 2


def test_restore_refuses_files_that_are_not_a_backup_of_this_schema(
    own_databases: OwnDatabases, tmp_path: Path
) -> None:
    other_revision = tmp_path / 'old.cmms.gz'
    with gzip.open(other_revision, 'wt') as handle:
        handle.write(json.dumps({'format': 'cmms-hub-backup', 'revision': 'ancient'}) + '\n')
    not_a_backup = tmp_path / 'notes.gz'
    with gzip.open(not_a_backup, 'wt') as handle:
        handle.write('{"hello": "world"}\n')

    own_databases.make('sqlite', prefix='cmms_bk')
    with pytest.raises(BackupError, match='schema revision ancient'):
        read_backup(other_revision, Base.metadata)
    with pytest.raises(BackupError, match='not a CMMS Hub backup'):
        read_backup(not_a_backup, Base.metadata)
    assert sum(row_counts().values()) == 0
