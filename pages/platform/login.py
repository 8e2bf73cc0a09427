"""Login and logout pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from nicegui import ui

from app.core.auth import login, record_logout
from app.core.errors import DomainError
from components import design
from pages.kernel.bridge import call
from pages.kernel.session import sign_in, sign_out, signed_in_user
from pages.platform.routes import router


@router.page('/login')
async def login_page(redirect_to: str = '/') -> None:
    target = safe_redirect(redirect_to)
    if signed_in_user() is not None:
        ui.navigate.to(target)
        return
    design.apply_theme()
    ui.page_title('Sign in · CMMS Hub')
    address = ui.context.client.request.client.host if ui.context.client.request.client else None

    async def attempt() -> None:
        email.error = None if email.value.strip() else 'Enter your email address'
        password.error = None if password.value else 'Enter your password'
        if email.error or password.error:
            return
        submit.props('loading')
        try:
            result = await call(login, email=email.value, password=password.value, client_address=address)
        except DomainError as exc:
            message.set_text(exc.detail)
            message.set_visibility(True)
            password.value = ''
            return
        finally:
            submit.props(remove='loading')
        sign_in(result)
        ui.navigate.to(target)

    with ui.column().classes('absolute-center items-center gap-6 w-full max-w-sm px-4'):
        with ui.row().classes('items-center gap-3'):
            ui.image(design.static('favicon.svg')).props('alt="CMMS Hub"').classes('w-12 h-12')
            ui.label('CMMS Hub').classes('text-3xl font-semibold text-primary')
        with ui.card().classes('w-full p-6 gap-4 ' + design.CARD):
            ui.label('Sign in').classes(design.SECTION_TITLE)
            email = (
                ui.input('Email', validation=None)
                .props('outlined autofocus autocomplete=username type=email')
                .classes('w-full')
            )
            password = (
                ui.input('Password', password=True, password_toggle_button=True)
                .props('outlined autocomplete=current-password')
                .classes('w-full')
            )
            message = ui.label().classes('text-negative text-sm').props('role=alert')
            message.set_visibility(False)
            submit = ui.button('Sign in', on_click=attempt).props('no-caps').classes('w-full ' + design.TOUCH_TARGET)
            email.on('keydown.enter', lambda: password.run_method('focus'))
            password.on('keydown.enter', attempt)
        ui.label('Maintenance command centre').classes(design.MUTED_TEXT)


@router.page('/logout')
async def logout_page() -> None:
    if (signed_in := signed_in_user()) is not None:
        address = ui.context.client.request.client.host if ui.context.client.request.client else None
        await call(record_logout, user_id=signed_in[0], client_address=address)
    sign_out()
    ui.navigate.to('/login')


def safe_redirect(target: str) -> str:
    """Only same-site paths: an attacker's link must not bounce a fresh login to another host."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith('/') or target.startswith('//'):
        return '/'
    return target
