"""Validation errors in plain words, every field at once: what a form shows next to each field and what the API
names in its 422 — never pydantic's "String should have at least 1 character" or "Input should be 'equipment', …"."""

from __future__ import annotations

import pytest

from app.assets.schemas import AssetCreate, AssetUpdate
from app.core.errors import ValidationFailed
from app.core.schemas import UserCreate, validated
from app.work_orders.schemas import StatusChange, WorkOrderCreate


def messages(model: type, data: dict) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as refused:
        validated(model, data)
    return {error.field: error.message for error in refused.value.errors}


def test_an_empty_asset_form_is_answered_field_by_field_in_plain_words_all_at_once():
    found = messages(
        AssetCreate,
        {
            'code': '',
            'name': '',
            'asset_type': None,
            'purchase_cost': '-5',
            'expected_life_years': 500,
            'install_date': 'soon',
            'location': {'latitude': 95, 'plan_x': 3},
        },
    )
    assert found == {
        'code': 'Enter a code',
        'name': 'Enter a name',
        'asset_type': 'Choose a type',
        'purchase_cost': 'Must be 0 or more',
        'expected_life_years': 'Must be 200 or less',
        'install_date': 'Enter a date such as 2026-03-01',
        'location.latitude': 'Must be 90 or less',
        'location.plan_y': 'Give both plan_x and plan_y, or neither',
    }


def test_limits_patterns_and_choices_read_as_sentences():
    found = messages(
        AssetCreate,
        {'code': 'has space', 'name': 'x' * 201, 'asset_type': 'spaceship', 'purchase_cost': '1.234'},
    )
    assert found['code'] == 'Use letters, digits and . _ / - only, starting with a letter or digit'
    assert found['name'] == 'Use at most 200 characters'
    assert found['asset_type'].startswith("'spaceship' is not one of the choices: equipment, machinery")
    assert found['purchase_cost'] == 'Use at most 2 decimal places'
    assert messages(WorkOrderCreate, {'title': 'T', 'estimated_hours': 'lots', 'colour': 'red'}) == {
        'estimated_hours': 'Enter a number',
        'colour': 'Unknown field; check its spelling',
    }
    assert messages(StatusChange, {})['status'] == 'Choose a status'
    assert messages(UserCreate, {'email': 'nope', 'name': 'N', 'role': 'viewer', 'password': 'p'}) == {
        'email': 'Enter a valid email address, such as name@example.com'
    }


def test_a_warranty_ending_before_the_installation_is_refused_at_the_warranty_field():
    dates = {'install_date': '2026-05-01', 'warranty_expires': '2026-04-30'}
    found = messages(AssetCreate, {'code': 'P-1', 'name': 'Pump', 'asset_type': 'equipment', **dates})
    assert found == {'warranty_expires': 'The warranty cannot end before the installation date'}
    assert messages(AssetUpdate, dates) == found
    same_day = validated(
        AssetCreate,
        {'code': 'P-1', 'name': 'Pump', 'asset_type': 'equipment', **dates} | {'warranty_expires': '2026-05-01'},
    )
    assert same_day.warranty_expires == same_day.install_date
