"""The import's column mapping: which column of the file fills which asset field, or is ignored.

A file from another system rarely names its columns like the import does ("Asset No.", "Serial", "Plant"). The
import page shows the file's headers with a suggested field each (matched by name, else ignored) and lets the
user change them; the API takes the same mapping as JSON. The plan then reads the file through the mapping, so the
rules, checks and writes are those of a file with the import's own column names.
"""

from __future__ import annotations

import json
import re
from typing import Any

from app.assets.transfer_rows import ATTR_PREFIX, COLUMNS, read_table, text
from app.core.errors import ValidationFailed

IGNORE = ''  # the mapping's value for a column that is not imported
# Common names of the fields in other systems' exports, after normalising (lower case, words joined by '_').
SYNONYMS = {
    'asset_code': 'code', 'asset_no': 'code', 'asset_number': 'code', 'tag': 'code', 'asset_tag': 'code',
    'asset_name': 'name', 'title': 'name', 'type': 'asset_type', 'category': 'asset_type',
    'state': 'status', 'parent': 'parent_code', 'parent_asset': 'parent_code', 'plant': 'site', 'site_name': 'site',
    'location': 'room', 'lat': 'latitude', 'lon': 'longitude', 'lng': 'longitude', 'make': 'manufacturer',
    'vendor': 'manufacturer', 'serial': 'serial_number', 'serial_no': 'serial_number', 'sn': 'serial_number',
    'installed': 'install_date', 'installation_date': 'install_date', 'warranty': 'warranty_expires',
    'warranty_end': 'warranty_expires', 'cost': 'purchase_cost', 'price': 'purchase_cost',
    'life_years': 'expected_life_years', 'expected_life': 'expected_life_years', 'notes': 'description',
}  # fmt: skip


def read_headers(file_name: str, content: bytes) -> list[str]:
    """The texts of the file's first row (what the mapping step shows); empty for an empty or unreadable file."""
    try:
        first = next(read_table(file_name, content), None)
    except ValueError:
        return []
    return [text(cell) for cell in first[1]] if first else []


def suggest_mapping(headers: list[str]) -> dict[str, str]:
    """Each header → the field its name means (exactly, in any case or spelling of spaces, or a common synonym),
    ``attr:<key>`` as it is, else ignored; a field goes to its first header only."""
    mapping, taken = {}, set()
    for header in headers:
        if not header or header in mapping:
            continue
        target = _field_for(header)
        if target in taken:
            target = IGNORE
        mapping[header] = target
        if target:
            taken.add(target)
    return mapping


def names_itself(mapping: dict[str, str]) -> bool:
    """Whether every column already carries the field's own name (the import's template or export): no step."""
    return bool(mapping) and all(target in (header, header.strip().lower()) for header, target in mapping.items())


def parse_mapping(value: str | dict[str, Any] | None) -> dict[str, str] | None:
    """A mapping from the API (a JSON object) or the page, checked: each value a field, an attr:<key> or ''."""
    if value is None or value == '':
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ValidationFailed.field('mapping', 'send a JSON object of file column → field') from None
    if not isinstance(value, dict):
        raise ValidationFailed.field('mapping', 'send a JSON object of file column → field')
    mapping = {}
    for source, target in value.items():
        target = '' if target is None else target
        if not isinstance(target, str):
            raise ValidationFailed.field(f'mapping.{source}', 'the field must be text')
        target = target.strip()
        if target and target not in COLUMNS and not (target.startswith(ATTR_PREFIX) and len(target) > len(ATTR_PREFIX)):
            raise ValidationFailed.field(
                f'mapping.{source}', f'unknown field {target!r}; use one of {", ".join(COLUMNS)}, attr:<key> or ""'
            )
        mapping[str(source)] = target
    targets = [t for t in mapping.values() if t]
    if doubled := next((t for t in targets if targets.count(t) > 1), None):
        raise ValidationFailed.field('mapping', f'two columns are mapped to {doubled!r}; map each field once')
    return mapping


def _field_for(header: str) -> str:
    if header.lower().startswith(ATTR_PREFIX):
        return header
    name = re.sub(r'[^a-z0-9:]+', '_', header.lower()).strip('_')
    if name in COLUMNS:
        return name
    return SYNONYMS.get(name, IGNORE)
