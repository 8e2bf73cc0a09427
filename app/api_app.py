"""The FastAPI application: JSON API under /api/v1, OpenAPI and docs, /health, /metrics, middleware.

NiceGUI's pages are mounted onto this app by the composition root (app/web.py); tests use it alone.
"""

from __future__ import annotations

import secrets
from importlib.resources import files
from typing import Annotated

from fastapi import FastAPI, Header, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.routing import BaseRoute, Match
from starlette.types import Scope

from app.core.api_support import install_problem_handlers, install_problem_schema, problem
from app.core.config import get_settings
from app.core.health import health_report
from app.core.http_security import SecurityHeadersMiddleware
from app.core.metrics import RequestMetricsMiddleware, render_metrics
from app.core.request_limits import RequestLimitsMiddleware
from app.domains import DOMAINS, install

API_PREFIX = '/api/v1'
SWAGGER_UI_FILES = str(files('fastapi_swagger') / 'resources')


def create_api_app() -> FastAPI:
    settings = get_settings()
    install()
    # The API docs group by tag in domain order (platform first, /health and /metrics last); requests are matched
    # against routes in the order they were added, so domains are added by route priority (the busiest first).
    tags = [tag for domain in DOMAINS for tag in domain.api_tags] + ['platform']
    app = FastAPI(
        title='CMMS Hub API',
        version='1',
        description='Assets, work orders and parts. '
        'Authenticate with `Authorization: Bearer <API key or access token>`.',
        openapi_url='/api/openapi.json',
        openapi_tags=[{'name': tag} for tag in tags],
        docs_url=None,
        redoc_url=None,
    )
    install_problem_handlers(app)
    install_problem_schema(app)
    for domain in sorted(DOMAINS, key=lambda d: d.route_priority):
        for router in domain.routers:
            app.include_router(router, prefix=API_PREFIX)
    _add_platform_routes(app)
    # Added first, so innermost: its refusals pass the security headers and the metrics like any answer.
    app.add_middleware(
        RequestLimitsMiddleware,
        max_body_bytes=settings.max_body_bytes,
        max_upload_bytes=settings.max_upload_bytes,
    )
    app.add_middleware(
        SecurityHeadersMiddleware, production=settings.is_production, tile_source=settings.map_tile_source
    )
    app.add_middleware(RequestMetricsMiddleware)
    return app


def _add_platform_routes(app: FastAPI) -> None:
    # Swagger UI's files come from a Python package so the docs work offline (no CDN at run time). That package is
    # fastapi-swagger, which ships Swagger UI 5: FastAPI writes OpenAPI 3.1, which Swagger UI 4 refuses to render.
    app.mount('/api/docs-assets', StaticFiles(directory=SWAGGER_UI_FILES), name='docs-assets')

    @app.get('/api/docs', include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url='/api/openapi.json',
            title='CMMS Hub API',
            swagger_js_url='/api/docs-assets/swagger-ui-bundle.js',
            swagger_css_url='/api/docs-assets/swagger-ui.css',
            swagger_favicon_url='/api/docs-assets/favicon-32x32.png',
        )

    @app.get('/health', tags=['platform'])
    async def health() -> JSONResponse:
        """Database reachable, migrations current, scheduler state (503 when unhealthy)."""
        healthy, report = await run_in_threadpool(health_report)
        return JSONResponse(report, status_code=200 if healthy else 503)

    @app.get('/metrics', tags=['platform'], response_class=Response)
    async def metrics(authorization: Annotated[str | None, Header()] = None) -> Response:
        """Prometheus metrics (needs `Bearer <CMMS_METRICS_TOKEN>` when that setting is set)."""
        token = get_settings().metrics_token
        if token is not None and not secrets.compare_digest(authorization or '', f'Bearer {token.get_secret_value()}'):
            return problem(
                401, 'Unauthorized', 'metrics need the metrics token', headers={'WWW-Authenticate': 'Bearer'}
            )
        body, content_type = await run_in_threadpool(render_metrics)
        return Response(body, media_type=content_type)

    # The API's own routes, as they are now: the web pages mounted later have catch-alls of their own that would
    # match any path, and must not make an unknown API path look like a known one.
    api_routes = list(app.router.routes)

    @app.api_route('/api/{path:path}', methods=['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], include_in_schema=False)
    def unknown_api_path(path: str, request: Request) -> JSONResponse:
        # Without this, an unknown /api path would fall through to the web pages and answer HTML. It also matches
        # a known path asked with a method it does not have (this route matches fully, theirs only partly): that
        # is 405 with the methods it has, as HTTP says.
        allowed = sorted(_methods_of(api_routes, request.scope))
        if allowed:
            return problem(
                405,
                'Method not allowed',
                f'{request.method} /api/{path} is not offered; use {", ".join(allowed)}',
                headers={'Allow': ', '.join(allowed)},
            )
        return problem(404, 'Not found', f'no API endpoint {request.method} /api/{path}')


def _methods_of(routes: list[BaseRoute], scope: Scope) -> set[str]:
    """The methods ``routes`` offer for this request's path: each route asked, through Starlette's public
    ``matches``, whether it would take the request with that method (included routers are one lazy route each in
    FastAPI, so their routes cannot be listed)."""
    return {
        method
        for method in _PROBED_METHODS
        if any(route.matches({**scope, 'method': method})[0] is Match.FULL for route in routes)
    }


_PROBED_METHODS = ('GET', 'POST', 'PUT', 'PATCH', 'DELETE')
