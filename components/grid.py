"""A server-side AG Grid: the infinite row model asks Python for one block of rows at a time as the user scrolls.

Only the blocks on screen travel to the browser, so a list of 10,000 or 1,000,000 rows opens as fast as one of 50.
Sorting is the server's too (the grid sends its sort model with each request); filters live outside the grid,
and ``refresh()`` starts again from the top after they change.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

Sort = tuple[str, bool] | None  # (column id, descending)
Fetch = Callable[[int, int, Sort], Awaitable[tuple[list[dict[str, Any]], int]]]

# Each getRows call parks its callbacks under a request number; Python answers with that number.
_DATASOURCE = """{
    getRows: (params) => {
        const pending = (window.cmmsGridRequests ??= new Map());
        const request = (window.cmmsGridNext = (window.cmmsGridNext || 0) + 1);
        pending.set(request, params);
        const sort = params.sortModel.length ? params.sortModel[0] : null;
        getElement(%d).$emit('cmmsRows', {request, start: params.startRow, end: params.endRow,
                                          sort: sort && [sort.colId, sort.sort === 'desc']});
    }
}"""
_SELECTION = """(params) => getElement(%d).$emit('cmmsSelection', {
    rows: params.api.getSelectedRows().map((row) => ({id: row.id, code: row.code}))
})"""
_ANSWER = """{
    const params = window.cmmsGridRequests?.get(%d);
    if (params) { window.cmmsGridRequests.delete(%d); %s }
}"""
_CSS = """
    .cmms-grid { --ag-cell-horizontal-padding: 10px; --ag-header-column-resize-handle-height: 40%; }
    .cmms-grid .ag-cell { display: flex; align-items: center; }
    .cmms-grid .ag-row { cursor: pointer; }
    .cmms-badge { gap: 4px; padding: 3px 8px; font-size: .8125rem; line-height: 1.1; border-radius: 4px; }
    .cmms-badge i { font-size: 1rem; }
    .cmms-two-line { line-height: 1.25; flex: 1 1 auto; min-width: 0; }
    .cmms-two-line > div { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .cmms-two-line .cmms-second { font-size: .75rem; opacity: .65; }
    .cmms-grid .cmms-num { justify-content: flex-end; font-variant-numeric: tabular-nums; }
"""


SELECTION_COLUMN = 'ag-Grid-SelectionColumn'  # AG Grid's own id of the checkbox column


class ServerGrid:
    """``fetch(offset, limit, sort)`` returns (rows, total); rows need an ``id``. ``on_row_click`` gets the row.

    With ``on_selection`` the rows get checkboxes (a click elsewhere on the row still opens it); the grid keeps the
    chosen rows by id in ``selected`` and calls ``on_selection(selected)`` after each change.
    """

    def __init__(
        self,
        columns: list[dict],
        fetch: Fetch,
        *,
        block_size: int = 100,
        on_row_click: Callable[[dict], Any] | None = None,
        on_selection: Callable[[dict[int, dict]], Any] | None = None,
        row_height: int = 48,
    ) -> None:
        ui.add_css(_CSS, shared=True)
        self._fetch = fetch
        self.selected: dict[int, dict] = {}
        self._on_selection = on_selection
        # Columns with ``visible_from`` show only when the grid is at least that wide (tablets keep what matters).
        thresholds = {column['field']: column.pop('visible_from') for column in columns if 'visible_from' in column}
        fit = f"""params => Object.entries({json.dumps(thresholds)}).forEach(
            ([field, width]) => params.api.setColumnsVisible([field], params.clientWidth >= width))"""
        self.grid = ui.aggrid(
            {
                'columnDefs': columns,
                'defaultColDef': {'sortable': False, 'resizable': True, 'suppressHeaderMenuButton': True},
                'rowModelType': 'infinite',
                'cacheBlockSize': block_size,
                'maxBlocksInCache': 20,
                'infiniteInitialRowCount': 1,
                'rowHeight': row_height,
                'suppressMultiSort': True,
                'suppressCellFocus': False,
                ':getRowId': 'params => String(params.data.id)',
                ':onGridSizeChanged': fit,
            },
            auto_size_columns=False,
        ).classes('cmms-grid w-full')
        self.grid.options[':datasource'] = _DATASOURCE % self.grid.id
        self.grid.on('cmmsRows', self._serve)
        if on_selection is not None:
            # The infinite row model has no "select all" (most rows are not loaded): one checkbox per row.
            self.grid.options['rowSelection'] = {
                'mode': 'multiRow',
                'checkboxes': True,
                'headerCheckbox': False,
                'enableClickSelection': False,
            }
            self.grid.options['selectionColumnDef'] = {'width': 52, 'minWidth': 52, 'pinned': 'left'}
            # The whole selection after each change (ids and codes), as one message.
            self.grid.options[':onSelectionChanged'] = _SELECTION % self.grid.id
            self.grid.on('cmmsSelection', self._selection_changed)
        if on_row_click is not None:
            # cellClicked names the column: a click on a row's checkbox selects it instead of opening it.
            self.grid.on(
                'cellClicked',
                lambda e: (
                    e.args.get('data') and e.args.get('colId') != SELECTION_COLUMN and on_row_click(e.args['data'])
                ),
                args=['data', 'colId'],
            )

    def classes(self, add: str) -> ServerGrid:
        self.grid.classes(add)
        return self

    def refresh(self, *, keep_selection: bool = False) -> None:
        """Forget every loaded block and load again from the top (after the filters changed, which also ends a
        selection: the chosen rows may no longer be listed)."""
        if not keep_selection:
            self.clear_selection()
        self.grid.run_grid_method('ensureIndexVisible', 0, 'top')
        self.grid.run_grid_method('purgeInfiniteCache')

    def clear_selection(self) -> None:
        if self._on_selection is None:
            return
        self.grid.run_grid_method('deselectAll')
        if self.selected:
            self.selected = {}
            self._on_selection(self.selected)

    def _selection_changed(self, event: Any) -> None:
        rows = event.args.get('rows') if isinstance(event.args, dict) else None
        chosen = {int(row['id']): row for row in rows or [] if isinstance(row, dict) and 'id' in row}
        if chosen.keys() != self.selected.keys():
            self.selected = chosen
            self._on_selection(self.selected)

    async def _serve(self, event: Any) -> None:
        request, start, end = int(event.args['request']), int(event.args['start']), int(event.args['end'])
        sort = event.args.get('sort')
        try:
            rows, total = await self._fetch(start, end - start, (sort[0], bool(sort[1])) if sort else None)
        except Exception:
            self._answer(request, 'params.failCallback();')
            raise
        self._answer(request, f'params.successCallback({json.dumps(rows, default=str)}, {int(total)});')

    def _answer(self, request: int, body: str) -> None:
        if not self.grid.is_deleted:
            self.grid.client.run_javascript(_ANSWER % (request, request, body))


def text_column(
    field: str,
    header: str,
    *,
    sortable: bool = False,
    width: int | None = None,
    flex: int = 1,
    bold: bool = False,
    **extra: Any,
) -> dict:
    column: dict[str, Any] = {
        'field': field,
        'headerName': header,
        'sortable': sortable,
        'flex': flex,
        'minWidth': width or 100,
        'tooltipField': field,
    }
    if not flex:
        column['width'] = width or 100
    if bold:
        column['cellClass'] = 'font-medium'
    return column | extra


def badge_column(
    field: str, header: str, styles: dict[str, list[str]], *, sortable: bool = True, width: int = 140, **extra: Any
) -> dict:
    """Cells drawn as badges: ``styles`` maps a value to [background class, text class, icon, word]."""
    renderer = f"""(params) => {{
        if (!params.value) return '';
        const style = ({json.dumps(styles)})[params.value] || ['bg-grey-7', 'text-white', 'help', params.value];
        const badge = document.createElement('span');
        badge.className = 'q-badge flex inline items-center no-wrap cmms-badge ' + style[0] + ' ' + style[1];
        const icon = document.createElement('i');
        icon.className = 'material-icons notranslate';
        icon.setAttribute('aria-hidden', 'true');
        icon.textContent = style[2];
        badge.append(icon, style[3]);
        return badge;
    }}"""
    return {
        'field': field,
        'headerName': header,
        'sortable': sortable,
        'minWidth': width,
        'width': width,
        ':cellRenderer': renderer,
    } | extra


def two_line_column(
    field: str, header: str, second: str, *, sortable: bool = True, width: int = 120, flex: int = 1, **extra: Any
) -> dict:
    """``row[field]`` with ``row[second]`` in small muted text below it (e.g. the site and where in it)."""
    renderer = f"""(params) => {{
        if (!params.data) return '';
        const cell = document.createElement('div');
        cell.className = 'cmms-two-line';
        const top = document.createElement('div');
        top.textContent = params.value || '';
        const below = document.createElement('div');
        below.className = 'cmms-second';
        below.textContent = params.data['{second}'] || '';
        cell.append(top, below);
        cell.title = [params.value, params.data['{second}']].filter(Boolean).join(' · ');
        return cell;
    }}"""
    return {
        'field': field,
        'headerName': header,
        'sortable': sortable,
        'minWidth': width,
        'flex': flex,
        ':cellRenderer': renderer,
    } | extra


def time_column(field: str, header: str, *, sortable: bool = True, width: int = 130, **extra: Any) -> dict:
    """Relative time from ``row[field]`` with the exact local time ``row[field + '_exact']`` on hover."""
    renderer = f"""(params) => {{
        if (!params.data) return '';
        const span = document.createElement('span');
        span.textContent = params.value || '';
        span.title = params.data['{field}_exact'] || '';
        return span;
    }}"""
    return {
        'field': field,
        'headerName': header,
        'sortable': sortable,
        'minWidth': width,
        'width': width,
        ':cellRenderer': renderer,
    } | extra
