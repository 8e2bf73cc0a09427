"""The 404 page: inside the shell for someone signed in (the drawer, search and user menu stay), bare otherwise."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import Response
from nicegui import Client, ui
from nicegui.page import page
from starlette.exceptions import HTTPException as StarletteHTTPException

from components import design
from components.frame import frame
from pages.kernel.browser_routes import request_principal
from pages.kernel.page_context import page_context

TITLE = 'Page not found'


def not_found_content(path: str, *, centered: bool = True) -> None:
    with ui.column().classes(
        ('absolute-center' if centered else 'w-full py-16') + ' items-center gap-3 text-center px-4'
    ):
        ui.icon('travel_explore', color='primary').classes('text-7xl')
        ui.label(TITLE).classes(design.PAGE_TITLE)
        ui.label(f'There is no page at {path}.').classes(design.MUTED_TEXT + ' break-all')
        ui.button('Go to the start page', icon='home', on_click=lambda: ui.navigate.to('/')).props('no-caps').classes(
            design.TOUCH_TARGET
        )


async def _draw(request: Request) -> None:
    if request_principal(request) is None:  # only unmatched static files get here unsigned: no shell to draw
        design.apply_theme()
        ui.page_title('Not found · CMMS Hub')
        not_found_content(request.url.path)
        return
    opened = await page_context()
    if opened is not None:
        with frame(opened[1], 'Not found', ''):
            not_found_content(request.url.path, centered=False)


def install_not_found_page(app: FastAPI) -> None:
    """Replace NiceGUI's bare 404 with ours, keeping JSON for non-page endpoints as NiceGUI does."""

    @app.exception_handler(404)
    async def _not_found(request: Request, exception: Exception) -> Response:
        endpoint = request.scope.get('endpoint')
        if (
            endpoint is not None
            and endpoint is not app
            and not request.scope.get('nicegui_page_path')
            and isinstance(exception, StarletteHTTPException)
        ):
            return await http_exception_handler(request, exception)
        with Client(page(''), request=request) as client:
            await _draw(request)
        return client.build_response(request, 404)
