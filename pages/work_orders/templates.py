"""Work-order templates: reusable recipes (title, type, priority, estimate, checklist, planned parts).

Everyone who reads work orders may look at them; TEMPLATES_MANAGE creates, edits, deactivates and reactivates.
"""

from __future__ import annotations

from typing import Any

from nicegui import ui

from app.core.permissions import Permission, can
from app.core.principal import Principal
from app.core.schemas import PageParams, validated
from app.inventory import catalogue
from app.work_orders import templates
from app.work_orders.enums import Priority, WorkType
from app.work_orders.template_schemas import TemplateCreate, TemplateRead, TemplateUpdate
from components import design, forms, tables
from components import work_order_badges as badges
from components.forms import REFUSED, Form
from components.frame import frame
from pages.kernel.bridge import call
from pages.kernel.form_input import MONEY_PLACES, QUANTITY_PLACES, parse_decimal
from pages.kernel.page_context import page_context
from pages.work_orders.common import add_page_css
from pages.work_orders.editors import (
    PartLinesEditor,
    StepsEditor,
    WideDialog,
    form_grid,
    remap_row_errors,
    section_label,
)
from pages.work_orders.routes import router

COLUMNS = [
    tables.column('name', 'Name'),
    tables.column('title', 'Work order title', wide_only=True),
    tables.column('work_type', 'Type', wide_only=True),
    tables.column('priority', 'Priority'),
    tables.number_column('steps', 'Steps'),
    tables.number_column('parts', 'Parts') | {'classes': 'cmms-num gt-sm', 'headerClasses': 'gt-sm'},
    tables.number_column('hours', 'Estimate', digits=1, unit=' h'),
    tables.column('state', 'State'),
    tables.column('actions', '', sortable=False),
]
STATE_STYLE = {'Active': ('positive', 'check_circle'), 'Inactive': ('grey-7', 'visibility_off')}


@router.page('/work-orders/templates')
async def templates_page() -> None:
    if (opened := await page_context(Permission.WORK_ORDERS_READ)) is None:
        return
    principal, context = opened
    manager = can(principal, Permission.TEMPLATES_MANAGE)
    add_page_css()

    async def load() -> None:
        found = await call(templates.list_templates, principal=principal, include_inactive=manager)
        known.clear()
        known.update({t.id: t for t in found.items})
        table.rows = [_row(t) for t in found.items]
        table.update()
        count.set_text(f'{found.total} template{"" if found.total == 1 else "s"}')

    async def set_active(template_id: int, active: bool) -> None:
        await call(
            templates.update_template,
            principal=principal,
            template_id=template_id,
            data=TemplateUpdate(active=active),
        )
        ui.notify(f'{known[template_id].name} {"reactivated" if active else "deactivated"}', type='positive')
        await load()

    known: dict[int, TemplateRead] = {}
    with frame(context, 'Templates', '/work-orders'):
        with ui.row().classes('w-full items-end justify-between gap-2 flex-wrap'):
            with ui.column().classes('gap-0'):
                with ui.row().classes('items-center gap-1 ' + design.MUTED_TEXT):
                    ui.link('Work orders', '/work-orders')
                    ui.icon('chevron_right')
                    ui.label('Templates')
                with ui.row().classes('items-baseline gap-3'):
                    ui.label('Work-order templates').classes(design.PAGE_TITLE)
                    count = ui.label().classes(design.MUTED_TEXT)
            if manager:
                ui.button(
                    'New template', icon='add', on_click=lambda: open_template_dialog(principal, None, load)
                ).props('unelevated no-caps').classes(design.TOUCH_TARGET)
        empty = 'No templates yet — create one for work you do again and again.' if manager else 'No templates yet.'
        table = tables.data_table(COLUMNS, [], empty=empty, empty_icon='content_copy')
        tables.add_badge_cells(table, 'priority', {badges.label(p): s for p, s in badges.PRIORITY_STYLE.items()})
        tables.add_badge_cells(table, 'state', STATE_STYLE)
        if manager:
            tables.add_row_actions(
                table,
                'actions',
                [
                    tables.RowAction('edit', 'Edit', 'edit'),
                    tables.RowAction(
                        'deactivate', 'Deactivate', 'visibility_off', "row.state === 'Active'", 'negative'
                    ),
                    tables.RowAction('reactivate', 'Reactivate', 'visibility', "row.state !== 'Active'"),
                ],
            )
            table.on('edit', lambda e: open_template_dialog(principal, known[e.args['id']], load))
            table.on('deactivate', lambda e: set_active(e.args['id'], False))
            table.on('reactivate', lambda e: set_active(e.args['id'], True))
        else:
            table.on(
                'rowClick', lambda e: open_template_dialog(principal, known[e.args[1]['id']], load, read_only=True)
            )
    await load()


def _row(template: TemplateRead) -> dict[str, Any]:
    return {
        'id': template.id,
        'name': template.name,
        'title': template.title,
        'work_type': badges.label(template.work_type),
        'priority': badges.label(template.priority),
        'steps': len(template.steps),
        'parts': len(template.parts),
        'hours': float(template.estimated_hours) if template.estimated_hours is not None else None,
        'state': 'Active' if template.active else 'Inactive',
    }


async def open_template_dialog(
    principal: Principal, template: TemplateRead | None, on_saved: Any, *, read_only: bool = False
) -> None:
    """Create or edit a template; steps and planned parts are rows that can be added, removed and reordered."""
    names: dict[int, str] = {}
    if template and template.parts:
        found = await call(catalogue.list_parts, principal=principal, page=PageParams(limit=500))
        names = {p.id: f'{p.part_number} · {p.name}' for p in found.items}
    form = Form()
    frame = WideDialog(f'Template {template.name}' if template else 'New template')
    with frame.body:
        steps, part_lines = _template_fields(principal, form, template, names)
    with frame.footer:
        ui.button('Close' if read_only else 'Cancel', on_click=frame.dialog.close).props('flat no-caps').classes(
            design.TOUCH_TARGET
        )
        save = ui.button('Save template', icon='save').props('unelevated no-caps').classes(design.TOUCH_TARGET)
        save.set_visibility(not read_only)

    async def store() -> TemplateRead:
        values = {k: v for k, v in form.values().items() if not k.startswith(('steps.', 'parts.'))}
        values['estimated_hours'] = parse_decimal(values['estimated_hours'], MONEY_PLACES)
        values['description'] = values['description'] or ''
        values['steps'] = steps.values()
        values['parts'] = [
            {'part_id': p['part_id'], 'quantity': parse_decimal(p['quantity'], QUANTITY_PLACES)}
            for p in part_lines.values()
        ]
        if template is None:
            return await call(templates.create_template, principal=principal, data=validated(TemplateCreate, values))
        update = validated(TemplateUpdate, values)
        return await call(templates.update_template, principal=principal, template_id=template.id, data=update)

    async def submit() -> None:
        saved = await form.submit(save, store, conflict_field='name', remap=remap_row_errors)
        if saved is REFUSED:
            return
        frame.dialog.close()
        ui.notify(f'Template {saved.name} saved', type='positive')
        await on_saved()

    save.on_click(submit)
    if read_only:
        for element in form.fields.values():
            element.props('readonly')
    frame.dialog.open()


def _template_fields(
    principal: Principal, form: Form, template: TemplateRead | None, names: dict[int, str]
) -> tuple[StepsEditor, PartLinesEditor]:
    def value(name: str, default: Any = None) -> Any:
        return getattr(template, name) if template else default

    with form_grid():
        form.add('name', forms.text_input('Template name', value('name', ''), autocomplete='off'))
        form.add('title', forms.text_input('Work order title', value('title', '')))
        form.add(
            'work_type', forms.select_input('Type', badges.type_options(), value('work_type', WorkType.PREVENTIVE))
        )
        form.add(
            'priority', forms.select_input('Priority', badges.options('priority'), value('priority', Priority.MEDIUM))
        )
        hours = value('estimated_hours')
        form.add(
            'estimated_hours',
            ui.number('Estimated hours', value=float(hours) if hours is not None else None, suffix='h')
            .props('outlined inputmode=decimal input-class=text-right')
            .classes('w-full'),
        )
    form.add(
        'description',
        ui.textarea('Description', value=value('description', '')).props('outlined autogrow').classes('w-full'),
    )
    section_label('Checklist')
    steps = StepsEditor(form, [s.model_dump() for s in value('steps', [])])
    section_label('Planned parts')
    lines = [{'part_id': p.part_id, 'quantity': float(p.quantity)} for p in value('parts', [])]
    return steps, PartLinesEditor(form, lines, principal, names)
