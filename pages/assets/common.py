"""What the asset pages share: the list query in the URL, form values, and what the asset page's tabs get."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from nicegui import ui
from starlette.datastructures import QueryParams

from app.assets.enums import AssetCondition, AssetStatus, AssetType, Criticality
from app.assets.schemas import AssetFilter, AssetRead, AssetSort
from app.core.errors import FieldError, ValidationFailed
from app.core.permissions import Permission, can
from app.core.principal import Principal
from components import forms
from components.forms import Values
from pages.kernel.form_input import MONEY_PLACES, parse_decimal
from pages.kernel.zones import Zones

MULTI_FILTERS: dict[str, type] = {
    'asset_type': AssetType,
    'status': AssetStatus,
    'condition': AssetCondition,
    'criticality': Criticality,
}


@dataclass
class ListQuery:
    """The asset list's filters and sort, kept in the URL so a reload or a shared link shows the same list.

    The names are the JSON API's (``GET /api/v1/assets``); several values repeat the parameter or join by commas.
    """

    q: str = ''
    site_id: int | None = None
    multi: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in MULTI_FILTERS})
    sort: str = AssetSort.CODE
    descending: bool = False
    ids: list[int] = field(default_factory=list)  # a selection (export, labels); the list itself never sets it

    @classmethod
    def parse(cls, params: QueryParams, default_site: int | None) -> ListQuery:
        query = cls(q=params.get('q', '').strip()[:200], site_id=default_site)
        if 'site_id' in params:
            query.site_id = int(params['site_id']) if params['site_id'].isdigit() else None
        for name, vocabulary in MULTI_FILTERS.items():
            values = [part for value in params.getlist(name) for part in value.split(',')]
            query.multi[name] = [value for value in dict.fromkeys(values) if value in set(vocabulary)]
        if params.get('sort') in set(AssetSort):
            query.sort = params['sort']
        query.descending = params.get('descending', '').lower() in ('1', 'true', 'yes')
        parts = [part.strip() for value in params.getlist('ids') for part in value.split(',')]
        query.ids = list(dict.fromkeys(int(p) for p in parts if p.isdigit() and len(p) < 19))
        return query

    @property
    def narrowed(self) -> bool:
        """Whether anything beyond the site narrows the list."""
        return bool(self.q or any(self.multi.values()))

    def to_query(self, *, sort: bool = True) -> str:
        pairs: list[tuple[str, str]] = []
        if self.q:
            pairs.append(('q', self.q))
        if self.site_id is not None:
            pairs.append(('site_id', str(self.site_id)))
        pairs += [(name, value) for name, values in self.multi.items() for value in values]
        if sort and (self.sort != AssetSort.CODE or self.descending):
            pairs += [('sort', self.sort)] + ([('descending', 'true')] if self.descending else [])
        if self.ids:
            pairs.append(('ids', ','.join(map(str, self.ids))))
        return urlencode(pairs)

    def to_filter(self, *, offset: int = 0, limit: int = 50) -> AssetFilter:
        return AssetFilter(
            offset=offset,
            limit=limit,
            q=self.q or None,
            site_id=self.site_id,
            sort=AssetSort(self.sort),
            descending=self.descending,
            ids=self.ids or None,
            **{name: values or None for name, values in self.multi.items()},
        )


# --- form values shared by the edit form and the dialogs ------------------------------------------------------

LOCATION_TEXTS = (('building', 'Building'), ('floor', 'Floor'), ('room', 'Room'), ('department', 'Department'))


def add_location_fields(add: Callable[[str, Any], Any], value: Callable[..., Any], prefix: str = 'location.') -> None:
    """Building, floor, room, department, latitude and longitude inputs, named ``prefix + field``."""
    for name, label in LOCATION_TEXTS:
        add(f'{prefix}{name}', forms.text_input(label, value(f'location.{name}', '') or ''))
    for name, limit in (('latitude', 90), ('longitude', 180)):
        add(
            f'{prefix}{name}',
            ui.number(name.capitalize(), value=value(f'location.{name}'), suffix='°')
            .props(f'outlined hint="−{limit} to {limit}, optional" inputmode=decimal')
            .classes('w-full'),
        )


def location_payload(values: Values, prefix: str = 'location.') -> dict[str, Any]:
    names = [name for name, _ in LOCATION_TEXTS] + ['latitude', 'longitude']
    return {name: values[f'{prefix}{name}'] for name in names if f'{prefix}{name}' in values}


def remap_errors(error: ValidationFailed, prefix: str) -> ValidationFailed:
    """Point errors about the location as a whole (both coordinates or neither) at the latitude input."""

    def field(name: str) -> str:
        if name.startswith('attributes'):
            return 'attributes'
        return f'{prefix}latitude' if name in ('location', 'body', '') else name

    return ValidationFailed([FieldError(field(e.field), e.message) for e in error.errors])


def form_values(asset: AssetRead) -> dict[str, Any]:
    """An asset as the form's values: location fields as ``location.<name>``, dates as ISO text."""
    values = asset.model_dump(exclude={'location'})
    values |= {f'location.{name}': value for name, value in asset.location.model_dump().items()}
    for name in ('install_date', 'warranty_expires'):
        values[name] = values[name].isoformat() if values[name] else None
    values['purchase_cost'] = parse_decimal(asset.purchase_cost, MONEY_PLACES)
    return values


def attribute_value(text: str) -> str | int | float | bool:
    """Numbers and yes/no stay typed, so exports and filters compare them as such."""
    text = text.strip()
    if text.lower() in ('true', 'false'):
        return text.lower() == 'true'
    if re.fullmatch(r'-?(0|[1-9][0-9]*)', text):
        return int(text)
    if re.fullmatch(r'-?(0|[1-9][0-9]*)[.][0-9]+', text):
        return float(text)
    return text


@dataclass
class AssetView:
    """What a tab of the asset page gets: who is looking, the asset, timezones and a way to redraw after a change."""

    principal: Principal
    asset: AssetRead
    zones: Zones
    base_url: str
    refresh: Callable[[], Awaitable[None]]

    def can(self, permission: Permission) -> bool:
        return can(self.principal, permission)

    def when(self, moment: datetime | None) -> tuple[str, str]:
        return self.zones.when(moment, self.asset.site_id)
