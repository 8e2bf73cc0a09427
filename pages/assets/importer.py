"""Assets → Import: upload a CSV or XLSX, match its columns to the fields, see the dry-run check (counts and every
row error, the rejected rows as a file to fix), then import.

The file stays in this page's memory between the check and the import; the import checks it again inside its
own transaction, so what changed in between is caught rather than overwritten. A file whose columns all carry the
import's own names is checked at once; otherwise the mapping step waits for "Check with these columns".
"""

from __future__ import annotations

from typing import Any

from nicegui import run, ui

from app.assets import transfer, transfer_errors, transfer_mapping
from app.assets.schemas import ImportReport
from app.core.errors import DomainError
from app.core.permissions import Permission
from components import design, tables
from components.frame import frame
from pages.assets.routes import router
from pages.kernel.bridge import call
from pages.kernel.page_context import page_context

MAX_ERRORS_SHOWN = 1000  # a page of thousands of identical errors helps nobody and is heavy to send
ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
ERROR_COLUMNS = [
    tables.column('row', 'Row', align='right') | {'classes': 'cmms-num', 'style': 'width: 5rem'},
    tables.column('field', 'Column'),
    tables.column('message', 'Problem', sortable=False),
]
UPLOAD_HINT = """
    <div class="column items-center justify-center q-pa-md text-grey-7 text-center cursor-pointer"
         style="min-height: 8rem" @click="props.pickFiles()">
        <q-icon name="upload_file" size="2.5rem" />
        <div class="text-body2">CSV (UTF-8, comma or semicolon) or XLSX, up to 20 MB.</div>
        <div class="text-caption">Nothing is saved until you press Import.</div>
    </div>
"""
RULES = [
    'The first row names the columns, in any order and letter case. code, name and asset_type are required; '
    'attr:<key> columns become custom attributes.',
    'A code that already exists updates that asset; a new code creates one. Re-importing an export changes '
    'only what you edited.',
    'On update an empty cell clears the field, except status, condition and criticality, which keep their value.',
    "parent_code may name a row above or below, or an existing asset; site is the site's name; dates are YYYY-MM-DD.",
]


@router.page('/assets/import')
async def asset_import_page() -> None:
    if (opened := await page_context(Permission.ASSETS_IMPORT)) is None:
        return None
    principal, context = opened
    upload: dict[str, Any] = {}  # the file being looked at: name, content, last report

    async def received(event: Any) -> None:
        upload.update(name=event.file.name, content=await event.file.read())
        uploader.reset()
        result.clear()
        preview.set_visibility(False)
        headers = await run.io_bound(transfer_mapping.read_headers, upload['name'], upload['content'])
        upload['mapping'] = transfer_mapping.suggest_mapping(headers)
        show_mapping(headers)
        if transfer_mapping.names_itself(upload['mapping']):
            await check()  # the import's own column names: nothing to match

    def show_mapping(headers: list[str]) -> None:
        mapping_box.set_visibility(bool(headers))
        mapping_file.set_text(upload['name'])
        mapping_rows.clear()
        with mapping_rows:
            for header in dict.fromkeys(h for h in headers if h):
                options = {transfer_mapping.IGNORE: 'Ignore this column'}
                options |= {name: name for name in transfer.COLUMNS}
                if not header.lower().startswith('attr:'):
                    options[f'attr:{header}'] = f'Custom attribute attr:{header}'
                else:
                    options[header] = f'Custom attribute {header}'
                ui.label(header).classes('font-mono text-sm self-center break-all')
                ui.select(
                    options,
                    value=upload['mapping'].get(header, transfer_mapping.IGNORE),
                    on_change=lambda e, header=header: upload['mapping'].__setitem__(header, e.value or ''),
                ).props(f'outlined dense options-dense aria-label="Field for column {header}"').classes('w-full')

    async def check() -> None:
        busy(f'Checking {upload["name"]} …')
        try:
            mapping = transfer_mapping.parse_mapping(upload.get('mapping'))
            report = await call(
                transfer.preview_import,
                principal=principal,
                file_name=upload['name'],
                content=upload['content'],
                mapping=mapping,
            )
        except DomainError as error:
            idle()
            ui.notify(error.detail, type='negative')
            return
        idle()
        show_report(report)

    async def run_import(mode: str) -> None:
        report: ImportReport = upload['report']
        count = report.valid_rows if mode == 'valid_rows' else report.rows
        busy(f'Importing {count:,} row{"s" if count != 1 else ""} of {upload["name"]} …')
        try:
            done = await call(
                transfer.run_import,
                principal=principal,
                file_name=upload['name'],
                content=upload['content'],
                mode=mode,
                mapping=transfer_mapping.parse_mapping(upload.get('mapping')),
            )
        except transfer.ImportRejected as rejected:  # the data changed since the check: show the new errors
            idle()
            show_report(rejected.report)
            ui.notify('Nothing was imported: the file no longer checks out. See the problems below.', type='warning')
            return
        except DomainError as error:
            idle()
            ui.notify(error.detail, type='negative')
            return
        idle()
        show_result(done)

    def busy(text: str) -> None:
        progress_text.set_text(text)
        progress.set_visibility(True)
        for button in (import_all, import_valid):
            button.disable()

    def idle() -> None:
        progress.set_visibility(False)

    def show_report(report: ImportReport) -> None:
        upload['report'] = report
        preview.set_visibility(True)
        file_label.set_text(upload['name'])
        invalid = report.rows - report.valid_rows
        for key, value in {
            'rows': report.rows,
            'valid': report.valid_rows,
            'create': report.created,
            'update': report.updated,
            'invalid': invalid,
        }.items():
            stats[key].set_text(f'{value:,}')
        unchanged = report.valid_rows - report.created - report.updated
        note.set_text(
            f'{unchanged:,} valid row{"s" if unchanged != 1 else ""} already match the stored asset'
            if unchanged > 0
            else ''
        )
        all_valid = not report.errors and report.rows > 0
        import_all.set_enabled(all_valid)
        import_all.set_text(f'Import {report.rows:,} row{"s" if report.rows != 1 else ""}' if all_valid else 'Import')
        import_valid.set_visibility(bool(report.errors) and report.valid_rows > 0)
        import_valid.set_enabled(True)
        import_valid.set_text(f'Import the {report.valid_rows:,} valid row{"s" if report.valid_rows != 1 else ""}')
        shown = report.errors[:MAX_ERRORS_SHOWN]
        error_table.rows = [{'id': i, **error.model_dump()} for i, error in enumerate(shown)]
        error_title.set_text(_error_title(report))
        error_box.set_visibility(bool(report.errors))
        error_file.set_visibility(any(e.row > 1 for e in report.errors))
        ok_box.set_visibility(all_valid)
        cut_note.set_text(
            f'Showing the first {MAX_ERRORS_SHOWN:,} of {len(report.errors):,} problems.'
            if len(report.errors) > MAX_ERRORS_SHOWN
            else ''
        )

    async def download_rejected() -> None:
        data = await run.io_bound(
            transfer_errors.rejected_rows_csv, upload['name'], upload['content'], upload['report']
        )
        if data is not None:
            ui.download.content(data, transfer_errors.rejected_file_name(upload['name']), 'text/csv')

    def show_result(report: ImportReport) -> None:
        preview.set_visibility(False)
        mapping_box.set_visibility(False)
        skipped = report.rows - report.valid_rows
        result.clear()
        with result, ui.card().classes('w-full p-5 gap-3 ' + design.CARD).props('role=status'):
            with ui.row().classes('items-center gap-3'):
                ui.icon('task_alt', color=design.OK).classes('text-4xl')
                ui.label(f'Imported {upload["name"]}').classes(design.SECTION_TITLE)
            with ui.row().classes('gap-3 flex-wrap'):
                _stat('Created', f'{report.created:,}', 'add_circle', design.OK)
                _stat('Updated', f'{report.updated:,}', 'edit', design.SCHEDULED)
                _stat('Skipped', f'{skipped:,}', 'block', design.DANGER if skipped else design.MUTED)
            with ui.row().classes('gap-2'):
                ui.button('Open the asset list', icon='list').props('href=/assets unelevated no-caps').classes(
                    design.TOUCH_TARGET
                )  # a real link: opens in a new tab too
                ui.button('Import another file', icon='upload_file', on_click=result.clear).props(
                    'flat no-caps'
                ).classes(design.TOUCH_TARGET)

    ui.add_css('.cmms-uploader .q-uploader__subtitle { display: none; }')
    with frame(context, 'Import assets', '/assets'):
        with ui.row().classes('items-center gap-1 ' + design.MUTED_TEXT).props('aria-label=Breadcrumbs'):
            ui.link('Assets', '/assets').classes('text-primary dark:text-blue-300')
            ui.icon('chevron_right')
            ui.label('Import')
        ui.label('Import assets').classes(design.PAGE_TITLE)
        with ui.card().classes('w-full p-5 gap-3 ' + design.CARD):
            with ui.row().classes('w-full items-start gap-6 no-wrap max-lg:flex-wrap'):
                with ui.column().classes('gap-2 grow'):
                    ui.label('1 · Choose a CSV or XLSX file').classes(design.SECTION_TITLE)
                    with ui.column().classes('gap-1'):
                        for rule in RULES:
                            with ui.row().classes('gap-2 no-wrap items-start'):
                                ui.icon('check', color=design.OK).classes('mt-0.5')
                                ui.label(rule).classes('text-sm')
                    ui.label('Columns: ' + ', '.join(transfer.COLUMNS)).classes(design.MUTED_TEXT + ' break-words')
                    ui.button(
                        'Download the CSV template',
                        icon='download',
                        on_click=lambda: ui.download.content(
                            transfer.template_csv(), 'asset-import-template.csv', 'text/csv'
                        ),
                    ).props('flat no-caps').classes(design.TOUCH_TARGET + ' self-start')
                uploader = (
                    ui.upload(
                        label='Drop a file here or tap to choose',
                        auto_upload=True,
                        on_upload=received,
                        max_file_size=transfer.MAX_FILE_BYTES,
                        on_rejected=lambda: ui.notify(
                            'That file is too large (20 MB at most); split it.', type='negative'
                        ),
                    )
                    .props(f'accept="{ACCEPT}" flat bordered color=primary aria-label="Import file"')
                    .classes('cmms-uploader w-80 max-lg:w-full')
                )
                uploader.add_slot('list', UPLOAD_HINT)
        with ui.card().classes('w-full p-5 gap-3 ' + design.CARD) as mapping_box:
            with ui.row().classes('items-center gap-2'):
                ui.label('2 · Match the columns').classes(design.SECTION_TITLE)
                mapping_file = ui.label().classes(design.MUTED_TEXT)
            ui.label(
                'Choose the field each column of the file fills; columns matched by name are filled in. '
                'Ignored columns are not imported.'
            ).classes('text-sm')
            mapping_rows = (
                ui.element('div')
                .classes('grid grid-cols-[minmax(8rem,16rem)_minmax(12rem,22rem)] gap-x-4 gap-y-2 w-full')
                .props('role=group aria-label="Column mapping"')
            )
            ui.button('Check with these columns', icon='fact_check', on_click=check).props(
                'unelevated no-caps'
            ).classes(design.TOUCH_TARGET + ' self-start')
        mapping_box.set_visibility(False)
        with ui.column().classes('w-full gap-1') as progress:
            progress_text = ui.label().classes('text-sm').props('aria-live=polite')
            ui.linear_progress(show_value=False).props('indeterminate rounded size=8px aria-label="Working"')
        progress.set_visibility(False)
        with ui.card().classes('w-full p-5 gap-4 ' + design.CARD) as preview:
            with ui.row().classes('items-center gap-2'):
                ui.label('3 · Check').classes(design.SECTION_TITLE)
                file_label = ui.label().classes(design.MUTED_TEXT)
            with ui.row().classes('gap-3 flex-wrap'):
                stats = {
                    'rows': _stat('Rows', '0', 'table_rows', 'grey-8'),
                    'valid': _stat('Valid', '0', 'check_circle', design.OK),
                    'create': _stat('Would create', '0', 'add_circle', design.OK),
                    'update': _stat('Would update', '0', 'edit', design.SCHEDULED),
                    'invalid': _stat('With errors', '0', 'error', design.DANGER),
                }
            note = ui.label().classes(design.MUTED_TEXT)
            with ui.row().classes('items-center gap-2') as ok_box:
                ui.icon('verified', color=design.OK).classes('text-2xl')
                ui.label('Every row is valid.').classes('text-base')
            with ui.column().classes('w-full gap-2') as error_box:
                with ui.row().classes('items-center gap-2'):
                    ui.icon('error', color=design.DANGER).classes('text-2xl')
                    error_title = ui.label().classes('text-base font-medium')
                cut_note = ui.label().classes(design.MUTED_TEXT)
                error_file = (
                    ui.button('Download the rejected rows (CSV)', icon='download', on_click=download_rejected)
                    .props('outline no-caps')
                    .classes(design.TOUCH_TARGET + ' self-start')
                    .tooltip('The rows with errors and an "error" column: fix them and upload the file again')
                )
                error_table = tables.data_table(
                    ERROR_COLUMNS, [], empty='No problems.', empty_icon='check', rows_per_page=25
                )
            with ui.row().classes('gap-2 flex-wrap'):
                import_all = (
                    ui.button('Import', icon='playlist_add_check', on_click=lambda: run_import('strict'))
                    .props('unelevated no-caps')
                    .classes(design.TOUCH_TARGET)
                )
                import_valid = (
                    ui.button('Import the valid rows', icon='rule', on_click=lambda: run_import('valid_rows'))
                    .props('outline no-caps color=warning text-color=black')
                    .classes(design.TOUCH_TARGET)
                )
        preview.set_visibility(False)
        result = ui.column().classes('w-full')
    return None


def _error_title(report: ImportReport) -> str:
    invalid = report.rows - report.valid_rows
    if report.rows == 0 or any(e.row == 1 for e in report.errors):
        return 'The file cannot be imported until these problems are fixed'
    return (
        f'{invalid:,} of {report.rows:,} row{"s" if report.rows != 1 else ""} cannot be imported — fix them '
        'and upload again, or import only the valid rows'
    )


def _stat(label: str, value: str, icon: str, color: str) -> ui.label:
    """A count tile: icon, big number, words; returns the number's label to update."""
    with ui.row().classes(
        'items-center gap-3 px-4 py-3 rounded-lg border border-gray-200 dark:border-gray-700 min-w-[9.5rem]'
    ):
        ui.icon(icon, color=color).classes('text-3xl')
        with ui.column().classes('gap-0'):
            number = ui.label(value).classes('text-2xl font-semibold cmms-num leading-tight')
            ui.label(label).classes(design.MUTED_TEXT)
    return number
