"""Settings: the one place that reads the environment (prefix ``CMMS_``, ``.env`` supported)."""

from __future__ import annotations

import json
import os
import secrets
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SECRETS_FILE_NAME = 'secrets.json'
# Values that show up in tutorials and .env examples; production refuses them like a missing secret.
KNOWN_DEFAULT_SECRETS = frozenset({'', 'change-me', 'changeme', 'secret', 'dev', 'development', 'test'})


class Environment(StrEnum):
    DEVELOPMENT = 'development'
    PRODUCTION = 'production'


class LogFormat(StrEnum):
    TEXT = 'text'
    JSON = 'json'


class InsecureSettingsError(RuntimeError):
    """Production mode was asked to start with a missing or default secret."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix='CMMS_', env_file='.env', extra='ignore')

    env: Environment = Environment.DEVELOPMENT
    data_dir: Path = Path('./data')
    database_url: str | None = None
    storage_secret: SecretStr | None = None
    encryption_key: SecretStr | None = None
    scheduler_enabled: bool = True
    demo: bool = False
    host: str = '127.0.0.1'
    port: int = Field(default=8080, ge=1, le=65535)
    log_format: LogFormat = LogFormat.TEXT
    log_level: str = 'INFO'
    jwt_ttl_seconds: int = Field(default=3600, ge=60, le=86400)
    metrics_token: SecretStr | None = None
    pool_size: int = Field(default=10, ge=1, le=200)
    session_redis_url: str | None = None
    # Request bodies: any (JSON) body, and a multipart upload; larger ones are refused unread (request_limits.py).
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_upload_bytes: int = Field(default=25 * 1024 * 1024, ge=1024)
    # Proxies whose X-Forwarded-For is believed; the login throttle counts per real client address behind them.
    forwarded_allow_ips: str = '127.0.0.1'
    # Map tiles (a Leaflet URL template): a plant without internet points this at a tile server on its network;
    # empty means no tiles at all (markers on a plain canvas). The CSP's img-src allows exactly this host.
    map_tile_url: str = 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png'
    map_tile_attribution: str = (
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    )

    @field_validator('data_dir')
    @classmethod
    def _absolute_data_dir(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @field_validator('map_tile_url')
    @classmethod
    def _tile_url_template(cls, value: str) -> str:
        value = value.strip()
        if value and (not value.startswith(('http://', 'https://', '/')) or '{z}' not in value):
            raise ValueError('an http(s) URL (or a path on this server) with {z}, {x} and {y}, or empty for no tiles')
        return value

    @property
    def map_tile_source(self) -> str | None:
        """The CSP source of the tile host ('https://*.tile.example.org' for a {s} subdomain), None without one."""
        if not self.map_tile_url or self.map_tile_url.startswith('/'):
            return None
        scheme, rest = self.map_tile_url.split('://', 1)
        host = rest.split('/', 1)[0].replace('{s}', '*')
        return f'{scheme}://{host}'

    @property
    def is_production(self) -> bool:
        return self.env is Environment.PRODUCTION

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f'sqlite:///{self.data_dir / "cmms.db"}'

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / 'uploads'

    def resolved_secrets(self) -> tuple[str, str]:
        """Storage secret and encryption key: from the environment, else generated once into the data dir."""
        storage = self.storage_secret.get_secret_value() if self.storage_secret else None
        encryption = self.encryption_key.get_secret_value() if self.encryption_key else None
        if self.is_production:
            for name, value in (('CMMS_STORAGE_SECRET', storage), ('CMMS_ENCRYPTION_KEY', encryption)):
                if value is None or value.strip().lower() in KNOWN_DEFAULT_SECRETS:
                    raise InsecureSettingsError(f'{name} must be set to a strong secret when CMMS_ENV=production')
            return storage, encryption
        if storage and encryption:
            return storage, encryption
        generated = _load_or_create_generated_secrets(self.data_dir)
        return storage or generated['storage_secret'], encryption or generated['encryption_key']


def _load_or_create_generated_secrets(data_dir: Path) -> dict[str, str]:
    path = data_dir / SECRETS_FILE_NAME
    if path.exists():
        return json.loads(path.read_text())
    data_dir.mkdir(parents=True, exist_ok=True)
    values = {'storage_secret': secrets.token_urlsafe(48), 'encryption_key': Fernet.generate_key().decode()}
    # Created with 0600 from the start so the secrets are never readable by others, not even briefly.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, 'w') as handle:
        json.dump(values, handle)
    return values


@lru_cache
def get_settings() -> Settings:
    return Settings()


@lru_cache
def get_secrets() -> tuple[str, str]:
    """(storage secret, encryption key), resolved once per process."""
    return get_settings().resolved_secrets()
