"""CMMS_MAP_TILE_URL: where map tiles come from (a plant's own tile server, or none); the CSP follows it."""

from __future__ import annotations

import pytest

from app.core.config import Settings
from app.core.http_security import content_security_policy


def img_src(settings: Settings) -> str:
    policy = content_security_policy(settings.map_tile_source)
    return next(part for part in policy.split('; ') if part.startswith('img-src'))


def test_the_default_is_openstreetmap_and_the_csp_allows_its_subdomains():
    settings = Settings(_env_file=None)
    assert settings.map_tile_url == 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png'
    assert img_src(settings) == "img-src 'self' data: blob: https://*.tile.openstreetmap.org"


@pytest.mark.parametrize(
    ('url', 'allowed'),
    [
        (
            'http://tiles.plant.local:8081/osm/{z}/{x}/{y}.png',
            "img-src 'self' data: blob: http://tiles.plant.local:8081",
        ),
        ('/static/tiles/{z}/{x}/{y}.png', "img-src 'self' data: blob:"),
        ('', "img-src 'self' data: blob:"),
    ],
)
def test_a_plant_tile_server_or_no_tiles(url, allowed):
    settings = Settings(_env_file=None, map_tile_url=url)
    assert settings.map_tile_url == url and img_src(settings) == allowed


@pytest.mark.parametrize('url', ['ftp://tiles/{z}/{x}/{y}.png', 'https://tiles.example.org/tile.png', 'tiles/{z}'])
def test_a_tile_url_that_is_no_template_is_refused_by_name(url):
    with pytest.raises(ValueError, match='map_tile_url'):
        Settings(_env_file=None, map_tile_url=url)


def test_the_maps_read_the_setting_and_name_its_host(monkeypatch: pytest.MonkeyPatch):
    from app.core.config import get_settings
    from components import maps

    monkeypatch.setenv('CMMS_MAP_TILE_URL', 'http://{s}.tiles.plant.local:8081/{z}/{x}/{y}.png')
    get_settings.cache_clear()
    try:
        assert maps.tile_url() == 'http://{s}.tiles.plant.local:8081/{z}/{x}/{y}.png'
        assert maps.tile_host() == 'tiles.plant.local', 'the notice names the host people can look up'
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
