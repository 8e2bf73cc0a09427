"""The 404 page, inside the shell when someone is signed in."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import Response
from nicegui import Client, ui
from nicegui.page import page
from starlette.exceptions import HTTPException as StarletteHTTPException

from components import design


def not_found_content(path: str) -> None:
    design.apply_theme()
    ui.page_title('Not found · CMMS Hub')
    with ui.column().classes('absolute-center items-center gap-3 text-center px-4'):
        ui.icon('travel_explore', color='primary').classes('text-7xl')
        ui.label('Page not found').classes(design.PAGE_TITLE)
        ui.label(f'There is no page at {path}.').classes(design.MUTED_TEXT)
        ui.button('Go to the start page', icon='home', on_click=lambda: ui.navigate.to('/')).classes(
            design.TOUCH_TARGET
        )


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
            not_found_content(request.url.path)
        return client.build_response(request, 404)
