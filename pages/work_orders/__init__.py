"""The work-order pages: the board, the list, one work order with its sections, templates, the failure-code
catalogue; and what this area adds to other pages: the asset page's Work tab, its "Report a problem" button and
open-work card, the "needs attention" panels for overdue work and waiting requests, and work orders in the top bar's
search."""

from app.core.permissions import Permission
from pages.kernel.areas import (
    AttentionPanel,
    DetailAction,
    DetailSection,
    DetailTab,
    NavEntry,
    PageArea,
    SearchProvider,
)
from pages.work_orders import (  # noqa: F401  their pages are on the router
    activity,
    asset_tab,
    attention,
    board,
    checklist,
    detail,
    failure_catalogue,
    list_page,
    report_problem,
    search,
    sections,
    templates,
)
from pages.work_orders.routes import router

READ = Permission.WORK_ORDERS_READ

AREA = PageArea(
    router=router,
    nav=(NavEntry('Work orders', 'assignment', '/work-orders', READ, order=60),),
    tabs=(
        DetailTab('asset', 'work', 'Work', 'assignment', asset_tab.work_tab, 35, READ),
        DetailTab('work_order', 'checklist', 'Checklist', 'checklist', checklist.checklist_section, order=10),
        DetailTab('work_order', 'parts', 'Parts', 'inventory_2', sections.parts_section, order=20),
        DetailTab('work_order', 'time', 'Time', 'timer', sections.time_section, order=30),
        DetailTab('work_order', 'costs', 'Costs', 'payments', sections.costs_section, order=40),
        DetailTab('work_order', 'comments', 'Comments', 'forum', activity.comments_section, order=50),
        DetailTab('work_order', 'photos', 'Photos', 'photo_library', activity.photos_section, order=60),
        DetailTab('work_order', 'timeline', 'Timeline', 'history', activity.timeline_section, order=70),
    ),
    actions=(DetailAction('asset', 'report', report_problem.report_button, 10, Permission.WORK_ORDERS_REQUEST),),
    sections=(DetailSection('asset', 'overview', 'open_work', asset_tab.open_work_card, 10, READ),),
    attention=(
        AttentionPanel('overdue', attention.overdue_work, 10, READ),
        AttentionPanel('requests', attention.requests_waiting, 30, READ),
    ),
    search=(SearchProvider('work_orders', search.search_work_orders, 20, READ),),
)
