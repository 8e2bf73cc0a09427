"""Settings: production refuses missing or default secrets; development generates them once, privately."""

from __future__ import annotations

import base64
import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from app.core.config import SECRETS_FILE_NAME, InsecureSettingsError, Settings, get_secrets, get_settings

STRONG_SECRET = 'a-long-random-storage-secret-0f3c9a7b1e'
# A fixed valid Fernet key: test ids must be the same in every xdist worker's collection.
STRONG_KEY = base64.urlsafe_b64encode(bytes(range(32))).decode()


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[pytest.MonkeyPatch]:
    """A clean CMMS_* environment with its own data dir; the process's cached settings are rebuilt afterwards."""
    for name in ('CMMS_ENV', 'CMMS_STORAGE_SECRET', 'CMMS_ENCRYPTION_KEY'):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv('CMMS_DATA_DIR', str(tmp_path / 'data'))
    monkeypatch.chdir(tmp_path)  # no stray .env file
    get_settings.cache_clear()
    get_secrets.cache_clear()
    yield monkeypatch
    monkeypatch.undo()
    get_settings.cache_clear()
    get_secrets.cache_clear()


@pytest.mark.parametrize(
    ('storage', 'encryption', 'named'),
    [
        (None, STRONG_KEY, 'CMMS_STORAGE_SECRET'),
        ('change-me', STRONG_KEY, 'CMMS_STORAGE_SECRET'),
        ('  Change-Me ', STRONG_KEY, 'CMMS_STORAGE_SECRET'),
        ('', STRONG_KEY, 'CMMS_STORAGE_SECRET'),
        (STRONG_SECRET, None, 'CMMS_ENCRYPTION_KEY'),
        (STRONG_SECRET, 'secret', 'CMMS_ENCRYPTION_KEY'),
    ],
)
def test_production_refuses_missing_or_default_secrets(
    environment: pytest.MonkeyPatch, storage: str | None, encryption: str | None, named: str
) -> None:
    environment.setenv('CMMS_ENV', 'production')
    for name, value in (('CMMS_STORAGE_SECRET', storage), ('CMMS_ENCRYPTION_KEY', encryption)):
        if value is not None:
            environment.setenv(name, value)

    with pytest.raises(InsecureSettingsError, match=named):
        get_secrets()
    assert not (get_settings().data_dir / SECRETS_FILE_NAME).exists(), 'production never invents secrets'


def test_production_starts_with_strong_secrets(environment: pytest.MonkeyPatch) -> None:
    environment.setenv('CMMS_ENV', 'production')
    environment.setenv('CMMS_STORAGE_SECRET', STRONG_SECRET)
    environment.setenv('CMMS_ENCRYPTION_KEY', STRONG_KEY)

    assert get_settings().is_production
    assert get_secrets() == (STRONG_SECRET, STRONG_KEY)


def test_development_generates_private_secrets_once_and_reuses_them(environment: pytest.MonkeyPatch) -> None:
    data_dir = get_settings().data_dir
    assert not data_dir.exists()

    storage, encryption = get_secrets()

    path = data_dir / SECRETS_FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text()) == {'storage_secret': storage, 'encryption_key': encryption}
    assert len(storage) >= 32
    Fernet(encryption.encode())  # a usable Fernet key
    # A restart (fresh settings) finds and reuses them: sessions and encrypted credentials survive.
    get_settings.cache_clear()
    get_secrets.cache_clear()
    assert get_secrets() == (storage, encryption)
    assert Settings().resolved_secrets() == (storage, encryption)


def test_development_prefers_secrets_from_the_environment(environment: pytest.MonkeyPatch) -> None:
    environment.setenv('CMMS_STORAGE_SECRET', STRONG_SECRET)
    environment.setenv('CMMS_ENCRYPTION_KEY', STRONG_KEY)

    assert get_secrets() == (STRONG_SECRET, STRONG_KEY)
    assert not (get_settings().data_dir / SECRETS_FILE_NAME).exists()


def test_development_fills_in_only_the_missing_secret(environment: pytest.MonkeyPatch) -> None:
    environment.setenv('CMMS_STORAGE_SECRET', STRONG_SECRET)

    storage, encryption = get_secrets()

    assert storage == STRONG_SECRET
    generated = json.loads((get_settings().data_dir / SECRETS_FILE_NAME).read_text())
    assert encryption == generated['encryption_key']


def test_settings_defaults_work_with_no_configuration(environment: pytest.MonkeyPatch) -> None:
    settings = get_settings()
    assert settings.env == 'development'
    assert settings.effective_database_url == f'sqlite:///{settings.data_dir / "cmms.db"}'
    assert settings.data_dir.is_absolute()
    assert (settings.host, settings.port) == ('127.0.0.1', 8080)


@pytest.mark.parametrize(
    ('name', 'value'), [('CMMS_PORT', '70000'), ('CMMS_ENV', 'staging'), ('CMMS_JWT_TTL_SECONDS', '5')]
)
def test_invalid_settings_are_refused_by_name(environment: pytest.MonkeyPatch, name: str, value: str) -> None:
    environment.setenv(name, value)
    with pytest.raises(ValueError, match=name.removeprefix('CMMS_').lower()):
        get_settings()
