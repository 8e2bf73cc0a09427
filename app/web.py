"""Composition root: the one module in app/ that imports NiceGUI. Builds the web app and serves it."""

from __future__ import annotations

import logging
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from nicegui import app as nicegui_app
from nicegui import ui
from nicegui.storage import Storage

from app.api_app import create_api_app
from app.core import jobs
from app.core.config import get_secrets, get_settings
from app.core.db import use_database
from app.core.logs import configure_logging
from app.core.migrate import upgrade_to_head
from app.core.outbox import OutboxDispatcher
from app.demo import demo_logins_text, load_demo_if_empty
from app.domains import DOMAINS, install, job_specs

log = logging.getLogger(__name__)
SESSION_COOKIE = 'cmms_session'
SESSION_MAX_AGE_SECONDS = 14 * 24 * 3600
# The repository's assets/ folder (favicon, vendored front-end libraries) is served at /static, not /assets,
# which is the asset register's own area.
ASSETS_DIR = Path(__file__).resolve().parents[1] / 'assets'
FAVICON = ASSETS_DIR / 'favicon.svg'


def build_app() -> FastAPI:
    """Migrate, load demo data when asked, and return the API app with the NiceGUI pages mounted."""
    settings = get_settings()
    configure_logging()
    storage_secret, _ = get_secrets()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = use_database(settings.effective_database_url)
    upgrade_to_head(engine)
    install()
    if settings.demo:
        load_demo_if_empty()

    # Browser sessions live in the data directory, or in Redis so that several instances share them.
    Storage.path = settings.data_dir / 'sessions'
    if settings.session_redis_url:
        Storage.redis_url = settings.session_redis_url

    api = create_api_app()
    install_pages(nicegui_app)
    nicegui_app.on_startup(lambda: jobs.start_scheduler(job_specs()))
    nicegui_app.on_shutdown(jobs.stop_scheduler)
    if settings.scheduler_enabled:  # the dispatcher is background work like the jobs: off where they are off
        dispatcher = OutboxDispatcher()
        nicegui_app.on_startup(dispatcher.start)
        nicegui_app.on_shutdown(dispatcher.stop)
    ui.run_with(
        api,
        title='CMMS Hub',
        favicon=FAVICON,
        storage_secret=storage_secret,
        session_middleware_kwargs={
            'session_cookie': SESSION_COOKIE,
            'https_only': settings.is_production,
            'same_site': 'lax',
            'max_age': SESSION_MAX_AGE_SECONDS,
        },
        show_welcome_message=False,
        language='en-GB',  # the lang attribute screen readers pronounce by; the app writes British English
    )
    return api


def serve() -> None:
    """Run the web app with uvicorn on CMMS_HOST:CMMS_PORT (one process; NiceGUI refuses workers > 1)."""
    settings = get_settings()
    api = build_app()
    if settings.demo:
        print(demo_logins_text(), flush=True)  # the documented demo logins, on purpose on stdout
    log.info('serving on http://%s:%s', settings.host, settings.port)
    uvicorn.run(
        api,
        host=settings.host,
        port=settings.port,
        log_config=None,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )


def install_pages(ui_app: FastAPI) -> None:
    """The web UI on NiceGUI's app: the page areas the domains name, the sign-in guard, the 404 page, static files.

    The UI is imported here and nowhere else in ``app``: the services never depend on the pages.
    """
    from components import design
    from pages.kernel.areas import install_page_areas
    from pages.kernel.auth_middleware import install_auth_middleware
    from pages.kernel.not_found import install_not_found_page

    install_page_areas(ui_app, [area for domain in DOMAINS for area in domain.pages])
    install_auth_middleware(ui_app)
    install_not_found_page(ui_app)
    ui_app.add_static_files(design.STATIC_URL.rstrip('/'), ASSETS_DIR)
