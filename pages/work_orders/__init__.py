"""The work-order pages: the board, the list, one work order with its sections, templates, the failure-code
catalogue; and the Work tab this area adds to the asset page."""

from app.core.permissions import Permission
from pages.kernel.areas import DetailTab, NavEntry, PageArea
from pages.work_orders import (  # noqa: F401  their pages are on the router
    activity,
    asset_tab,
    board,
    checklist,
    detail,
    failure_catalogue,
    list_page,
    sections,
    templates,
)
from pages.work_orders.routes import router

AREA = PageArea(
    router=router,
    nav=(NavEntry('Work orders', 'assignment', '/work-orders', Permission.WORK_ORDERS_READ, order=60),),
    tabs=(
        DetailTab('asset', 'work', 'Work', 'assignment', asset_tab.work_tab, 35, Permission.WORK_ORDERS_READ),
        DetailTab('work_order', 'checklist', 'Checklist', 'checklist', checklist.checklist_section, order=10),
        DetailTab('work_order', 'parts', 'Parts', 'inventory_2', sections.parts_section, order=20),
        DetailTab('work_order', 'time', 'Time', 'timer', sections.time_section, order=30),
        DetailTab('work_order', 'costs', 'Costs', 'payments', sections.costs_section, order=40),
        DetailTab('work_order', 'comments', 'Comments', 'forum', activity.comments_section, order=50),
        DetailTab('work_order', 'photos', 'Photos', 'photo_library', activity.photos_section, order=60),
        DetailTab('work_order', 'timeline', 'Timeline', 'history', activity.timeline_section, order=70),
    ),
)
