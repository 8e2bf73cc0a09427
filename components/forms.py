"""Form helpers: named inputs that show a service's field errors next to the field, form dialogs, confirmations."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from app.core.errors import Conflict, DomainError, StaleVersion, ValidationFailed
from components import design

Values = dict[str, Any]
REFUSED: Any = object()  # what ``Form.submit`` returns when the service said no (its errors are on the form)
ConflictField = str | Callable[[Conflict], str | None] | None


class Form:
    """Inputs registered by field name, so ``ValidationFailed.errors`` land next to the matching input.

    Inputs with an error slot (input, number, select) show the message in it; others (switches) get a line of
    red text below them. Errors for fields the form does not show become a toast: they have no field to sit by.
    Number inputs are added without a ``min``: NiceGUI would clamp a typed -5 to 0 on blur (and the click that
    blurred it is lost), where the service should say "Must be 0 or more" instead.
    """

    def __init__(self) -> None:
        self.fields: dict[str, ui.element] = {}
        self._messages: dict[str, ui.label] = {}

    def add(self, name: str, element: ui.element) -> Any:
        self.fields[name] = element
        if isinstance(element, ValidationElement):
            # The message area grows with its text (it wraps) instead of a fixed strip a long message overflows
            # into the next field.
            element.props('hide-bottom-space')
        else:
            message = ui.label().classes('text-negative text-sm -mt-1').props('role=alert')
            message.set_visibility(False)
            self._messages[name] = message
        return element

    def values(self) -> Values:
        """Current values, text stripped."""
        return {name: _clean(getattr(element, 'value', None)) for name, element in self.fields.items()}

    def clear_errors(self) -> None:
        for name in self.fields:
            self.set_error(name, None)

    def set_error(self, name: str, message: str | None) -> bool:
        """Show (or clear) the message at the field; False if the form has no such field."""
        element = self.fields.get(name)
        if element is None:
            return False
        if isinstance(element, ValidationElement):
            element.error = message
        else:
            self._messages[name].set_text(message or '')
            self._messages[name].set_visibility(bool(message))
        return True

    async def submit(
        self,
        button: ui.button,
        save: Callable[[], Awaitable[Any]],
        *,
        conflict_field: ConflictField = None,
        remap: Callable[[ValidationFailed], ValidationFailed] | None = None,
        stale: ui.element | None = None,
    ) -> Any:
        """Run ``save`` with the button busy; what it returns, or ``REFUSED`` with the refusal shown on the form.

        ``conflict_field`` is where a Conflict's message goes (a field name, or a function choosing one from the
        conflict); ``remap`` renames a ValidationFailed's fields to this form's inputs; ``stale`` is a banner shown
        instead of an error when someone else saved the record first.
        """
        self.clear_errors()
        if stale is not None:
            stale.set_visibility(False)
        button.props('loading')
        try:
            return await save()
        except StaleVersion as error:
            if stale is None:
                self.show(error)
            else:
                stale.set_visibility(True)
        except ValidationFailed as error:
            self.show(remap(error) if remap else error)
        except Conflict as error:
            self.show(error, conflict_field=conflict_field(error) if callable(conflict_field) else conflict_field)
        except DomainError as error:
            self.show(error)
        finally:
            button.props(remove='loading')
        return REFUSED

    def show(self, error: DomainError, *, conflict_field: str | None = None) -> None:
        """Put each error at its field; a Conflict goes to ``conflict_field``; the rest is a toast."""
        if isinstance(error, ValidationFailed):
            leftover = [e for e in error.errors if not self.set_error(e.field, _sentence(e.message))]
            for field_error in leftover:
                ui.notify(f'{field_error.field}: {field_error.message}', type='negative')
        elif isinstance(error, Conflict) and conflict_field and self.set_error(conflict_field, _sentence(error.detail)):
            return
        else:
            ui.notify(_sentence(error.detail), type='negative')


class FormDialog:
    """A dialog with a title, a body for named inputs and Cancel/submit; stays open and marks fields on errors.

    ``on_submit`` gets the form's values and raises a DomainError to refuse them. The dialog deletes itself
    once closed, so whatever it showed (a new secret, say) leaves the page with it.
    """

    def __init__(
        self,
        title: str,
        submit_label: str,
        on_submit: Callable[[Values], Awaitable[Any]],
        *,
        conflict_field: str | None = None,
        intro: str = '',
    ) -> None:
        self.form = Form()
        self._on_submit = on_submit
        # Whatever on_submit draws (a follow-up dialog, say) goes where this dialog was opened, not into it:
        # this dialog deletes itself on close and would take it along.
        self._outer = ui.context.slot.parent
        self._conflict_field = conflict_field
        self.dialog = close_on_escape(ui.dialog().props('persistent'))
        self.dialog.on('hide', self.dialog.delete)
        with self.dialog, ui.card().classes('w-[32rem] max-w-full p-6 gap-4'):
            ui.label(title).classes(design.SECTION_TITLE)
            if intro:
                ui.label(intro).classes(design.MUTED_TEXT)
            self.body = ui.column().classes('w-full gap-3')
            with ui.row().classes('w-full justify-end gap-2 pt-2'):
                ui.button('Cancel', on_click=self.dialog.close).props('flat no-caps').classes(design.TOUCH_TARGET)
                self.submit_button = (
                    ui.button(submit_label, on_click=self.submit).props('no-caps').classes(design.TOUCH_TARGET)
                )

    def add(self, name: str, element: ui.element) -> Any:
        return self.form.add(name, element)

    def open(self) -> FormDialog:
        self.dialog.open()
        return self

    async def submit(self) -> None:
        if await self.form.submit(self.submit_button, self._save, conflict_field=self._conflict_field) is not REFUSED:
            self.dialog.close()

    async def _save(self) -> Any:
        with self._outer:
            return await self._on_submit(self.form.values())


def close_on_escape(dialog: ui.dialog) -> ui.dialog:
    """Esc closes the dialog, on every device and also when it is ``persistent``.

    Quasar listens for Esc only on desktops (a tablet with a keyboard gets nothing) and never closes a persistent
    dialog with it; persistent stays for form dialogs, so that a stray tap beside one keeps what was typed.
    """
    dialog.on('keydown', dialog.close, js_handler='(e) => { if (e.key === "Escape") emit() }')
    return dialog


async def confirm(title: str, message: str, action_label: str, *, danger: bool = True) -> bool:
    """Ask before an action that cannot be undone; True when the person confirms."""
    with ui.dialog() as dialog, ui.card().classes('w-[28rem] max-w-full p-6 gap-4'):
        ui.label(title).classes(design.SECTION_TITLE)
        ui.label(message)
        with ui.row().classes('w-full justify-end gap-2'):
            ui.button('Cancel', on_click=lambda: dialog.submit(False)).props('flat no-caps').classes(
                design.TOUCH_TARGET
            )
            ui.button(
                action_label, color=design.DANGER if danger else 'primary', on_click=lambda: dialog.submit(True)
            ).props('no-caps').classes(design.TOUCH_TARGET)
    confirmed = await dialog
    dialog.delete()
    return bool(confirmed)


def text_input(label: str, value: str = '', **props: str) -> ui.input:
    """An outlined, full-width text input with the given HTML attributes (autocomplete, type …)."""
    element = ui.input(label, value=value).props('outlined').classes('w-full')
    for name, prop in props.items():
        element.props(f'{name.replace("_", "-")}="{prop}"')
    return element


def select_input(label: str, options: dict | list, value: Any = None, *, searchable: bool = False) -> ui.select:
    """An outlined, full-width select; searchable ones filter their options as you type."""
    element = ui.select(options, label=label, value=value, with_input=searchable).props('outlined').classes('w-full')
    return element


def _clean(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] if message else message


def stale_banner(what: str) -> ui.row:
    """The hidden banner ``Form.submit(stale=…)`` shows when someone else saved ``what`` first (say 'this asset')."""
    with (
        ui.row()
        .classes('mx-6 mb-2 p-3 rounded-lg items-center gap-3 no-wrap bg-amber-100 text-amber-950')
        .props('role=alert') as banner
    ):
        ui.icon('sync_problem').classes('text-2xl')
        ui.label(f'Someone else changed {what} — reload to see their changes, then make yours again.').classes('grow')
        ui.button('Reload', icon='refresh', on_click=ui.navigate.reload).props(
            'unelevated no-caps color=warning'
        ).classes(design.TOUCH_TARGET)
    banner.set_visibility(False)
    return banner
