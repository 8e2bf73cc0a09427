"""The work order on the technician's screen, as the parts of the work view see it (``view``, ``sheets``,
``steps``, ``parts``). The page itself (``pages.my_work.view.WorkScreen``) says how to reload and move it; the
parts only know this contract, so they need not import the page that draws them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime

from nicegui import ui

from app.assets.schemas import AssetRead
from app.core.principal import Principal
from app.work_orders.enums import WorkOrderStatus as S
from app.work_orders.schemas import PhotoRead, RunningTimerRead, StatusChange, WorkOrderRead
from components.frame import ShellContext
from pages.kernel.zones import Zones


@dataclass(eq=False)  # identity, not field equality: NiceGUI's refreshable methods tell views apart by it
class WorkView(ABC):
    """The work order on screen and what the parts of the page need; ``reload`` fetches and redraws it all."""

    principal: Principal
    context: ShellContext
    wo: WorkOrderRead
    asset: AssetRead | None
    zones: Zones
    timer: RunningTimerRead | None
    photos: list[PhotoRead] = field(default_factory=list)
    sheets: ui.element | None = None  # where dialogs go: outside everything that redraws
    uploader: ui.upload | None = None

    @property
    def editable(self) -> bool:
        return self.wo.status is S.IN_PROGRESS

    def when(self, moment: datetime | None) -> tuple[str, str]:
        return self.zones.when(moment, self.wo.site_id)

    @abstractmethod
    async def reload(self) -> None: ...

    @abstractmethod
    async def move(self, target: S, note: str = '') -> bool:
        """Change the status; False (with the refusal shown) when the service said no."""

    @abstractmethod
    async def change(self, data: StatusChange) -> None:
        """Make the move ``data`` describes and redraw; a refusal raises, for a form to show at its fields."""
