"""The failure-code pick-lists completion asks for, shared by the desktop Complete dialog and the tablet sheet.

Each list holds the catalogue of the asset's type (``app.work_orders.failure_codes``); they are marked required
when the work was a repair or a step failed, else optional. Errors land at their list through the ``Form``.
"""

from __future__ import annotations

from typing import Any

from nicegui import ui

from app.work_orders.schemas import FailureCodesAsked, WorkOrderRead
from components import forms
from components.forms import Form, Values

KINDS = (  # kind, field, what the list asks
    ('problem', 'failure_problem', 'Problem — what failed'),
    ('cause', 'failure_cause', 'Cause — why it failed'),
    ('remedy', 'failure_remedy', 'Remedy — what was done'),
)
NOTE = 'failure_note'


def add_failure_fields(form: Form, asked: FailureCodesAsked, wo: WorkOrderRead) -> bool:
    """The lists the catalogue offers (and a note) on ``form``; False when it offers none, so nothing is asked."""
    if not any(asked.offered.values()):
        return False
    ui.label('Record what failed, why, and what was done.' if asked.required else 'Failure codes (optional)').classes(
        'text-base font-medium pt-1'
    )
    for kind, field, words in KINDS:
        offered = asked.offered.get(kind) or {}
        if not offered:
            continue
        current = getattr(wo, field) if getattr(wo, field) in offered else None
        options: dict[Any, str] = {code: f'{label} ({code})' for code, label in offered.items()}
        select = forms.select_input(words, {None: 'Not chosen', **options}, current, searchable=True)
        form.add(field, select.props('options-dense behavior=menu').mark(field))
    form.add(
        NOTE,
        ui.textarea('Failure note (optional)', value=wo.failure_note)
        .props('outlined autogrow maxlength=2000')
        .classes('w-full')
        .mark(NOTE),
    )
    return True


def failure_values(values: Values) -> dict[str, Any]:
    """The failure fields of the form's values, as ``StatusChange`` takes them (None: keep what is recorded)."""
    picked = {field: values[field] for _, field, _ in KINDS if field in values}
    if NOTE in values:
        picked[NOTE] = values[NOTE] or ''
    return picked


def recorded_text(wo: WorkOrderRead, asked: FailureCodesAsked) -> list[tuple[str, str]]:
    """(what, value) of the codes a work order has, in words where the catalogue knows them."""
    rows = []
    for _, field, words in KINDS:
        code = getattr(wo, field)
        if code:
            label = asked.labels.get(field)
            rows.append((words.split(' — ')[0], f'{label} ({code})' if label else code))
    if wo.failure_note:
        rows.append(('Note', wo.failure_note))
    return rows
