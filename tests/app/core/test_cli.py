"""The ``cmms`` command: create-admin, demo, migrate, backup and restore, as an operator runs them."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.core import db as db_module
from app.core.config import get_settings
from app.core.db import session_scope, use_database
from app.core.migrate import head_revision
from app.core.models import Organization, Site, User
from app.demo import DEMO_ORGANIZATION, demo_logins
from tests.support.api import TOKEN_URL, bearer, client, log_in
from tests.support.databases import OwnDatabases
from tests.support.organizations import new_password, unique, unique_email

CliRun = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cmms(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[CliRun]:
    """Runs ``cmms ...`` against a database URL; returns (exit code, stdout, stderr)."""
    root = logging.getLogger()
    handlers, level, previous_url = root.handlers[:], root.level, db_module._current_url

    def run(database_url: str, *argv: str) -> tuple[int, str, str]:
        monkeypatch.setenv('CMMS_DATABASE_URL', database_url)
        get_settings.cache_clear()
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    yield run
    monkeypatch.undo()
    get_settings.cache_clear()
    root.handlers[:] = handlers  # the command configures logging for the whole process
    root.setLevel(level)
    db_module._current_url = previous_url


@pytest.fixture
def fresh_url(backend: str, own_databases: OwnDatabases) -> str:
    """A new, empty database of the backend under test."""
    return own_databases.make(backend, migrate=False, prefix='cmms_cli')


def test_create_admin_refuses_a_short_password_and_creates_nothing(
    backend: str, database_urls: dict[str, str], cmms: CliRun
) -> None:
    organization = unique('Short Password Works')

    code, out, err = cmms(
        database_urls[backend],
        'create-admin',
        '--email',
        unique_email('boss'),
        '--password',
        'short',
        '--organization',
        organization,
    )

    assert code == 2
    assert 'password' in err
    assert '12 characters' in err
    assert 'created' not in out
    with session_scope() as session:
        assert session.scalar(select(Organization.id).where(Organization.name == organization)) is None


def test_create_admin_refuses_a_bad_email(backend: str, database_urls: dict[str, str], cmms: CliRun) -> None:
    code, _out, err = cmms(
        database_urls[backend], 'create-admin', '--email', 'boss-at-example', '--password', new_password()
    )
    assert code == 2
    assert 'email' in err


def test_created_admin_can_log_in_and_administer(backend: str, database_urls: dict[str, str], cmms: CliRun) -> None:
    email, password, organization = unique_email('Boss'), new_password(), unique('Acme Mill')

    code, out, _err = cmms(
        database_urls[backend], 'create-admin', '--email', email, '--password', password, '--organization', organization
    )

    assert code == 0
    assert email.lower() in out
    assert organization in out
    headers = bearer(log_in(email, password))
    assert client().get('/api/v1/organization', headers=headers).json()['name'] == organization
    assert client().get('/api/v1/api-keys', headers=headers).status_code == 200, 'the account is an admin'

    again, _out, err = cmms(database_urls[backend], 'create-admin', '--email', email, '--password', password)
    assert again == 2
    assert 'already exists' in err


def test_demo_loads_demo_plant_with_its_logins(fresh_url: str, cmms: CliRun) -> None:
    code, out, _err = cmms(fresh_url, 'demo')

    assert code == 0
    for email, password in demo_logins():
        assert email in out
        assert password in out
    use_database(fresh_url)
    with session_scope() as session:
        organization_id = session.scalar(select(Organization.id).where(Organization.name == DEMO_ORGANIZATION))
        assert session.scalar(select(func.count()).where(Site.organization_id == organization_id)) == 3
        emails = set(session.scalars(select(User.email).where(User.organization_id == organization_id)))
        assert {email for email, _password in demo_logins()} <= emails  # plus the demo's extra technicians
    for email, password in demo_logins():
        token = log_in(email, password)
        assert client().get('/api/v1/organization', headers=bearer(token)).json()['name'] == DEMO_ORGANIZATION

    # Running it again changes nothing.
    again, out, _err = cmms(fresh_url, 'demo')
    assert again == 0
    assert 'already exists' in out
    with session_scope() as session:
        assert session.scalar(select(func.count()).select_from(Organization)) == 1
        assert session.scalar(select(func.count()).select_from(Site)) == 3
        assert session.scalar(select(func.count()).select_from(User)) == len(emails)


def test_migrate_brings_a_new_database_to_the_newest_revision(fresh_url: str, cmms: CliRun) -> None:
    code, out, _err = cmms(fresh_url, 'migrate')
    assert code == 0
    assert head_revision() in out


def test_backup_then_restore_from_the_command_line(
    backend: str, database_urls: dict[str, str], fresh_url: str, cmms: CliRun, tmp_path: Path
) -> None:
    backup_file = str(tmp_path / 'plant.cmms.gz')
    email, password = unique_email('keeper'), new_password()
    assert cmms(fresh_url, 'create-admin', '--email', email, '--password', password)[0] == 0

    code, out, _err = cmms(fresh_url, 'backup', backup_file)
    assert code == 0
    assert 'wrote' in out

    refused, _out, err = cmms(fresh_url, 'restore', backup_file)
    assert refused == 2
    assert 'not empty' in err
    assert '--force' in err

    forced, out, _err = cmms(fresh_url, 'restore', backup_file, '--force')
    assert forced == 0
    assert 'restored' in out
    use_database(fresh_url)
    assert client().post(TOKEN_URL, json={'username': email, 'password': password}).status_code == 200
