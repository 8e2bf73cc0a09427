"""Seven toggle buttons, Monday to Sunday, for the days something happens (a site's working week).

Big enough to tap; each says whether it is pressed (``aria-pressed``), so a screen reader reads "Saturday, not
pressed". ``value`` is the chosen weekdays, Monday = 0, in order, as the services take them.
"""

from __future__ import annotations

from collections.abc import Iterable

from nicegui import ui

from components import design

SHORT = ('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun')
LONG = ('Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday')


class WeekdayPicker(ui.row):
    def __init__(self, chosen: Iterable[int], *, enabled: bool = True) -> None:
        super().__init__()
        self.classes('gap-1 flex-wrap').props('role=group aria-label="Working days"')
        self._chosen = set(chosen)
        self._buttons: list[ui.button] = []
        with self:
            for day in range(7):
                button = ui.button(SHORT[day], on_click=lambda day=day: self._toggle(day))
                button.props(f'no-caps unelevated aria-label="{LONG[day]}"').classes(design.TOUCH_TARGET + ' w-14')
                button.set_enabled(enabled)
                self._buttons.append(button)
        self._draw()

    @property
    def value(self) -> list[int]:
        return sorted(self._chosen)

    def _toggle(self, day: int) -> None:
        self._chosen ^= {day}
        self._draw()

    def _draw(self) -> None:
        # Pressed: filled in the brand colour. Not pressed: an outline in the theme's own text colour, which reads in
        # both themes (a light grey fill would look lit up, i.e. chosen, on the dark theme).
        for day, button in enumerate(self._buttons):
            if day in self._chosen:
                button.props(remove='outline').props('color=primary text-color=white aria-pressed=true')
            else:
                button.props(remove='color text-color').props('outline aria-pressed=false')
