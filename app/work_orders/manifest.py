"""Work orders: lifecycle, checklists, parts and time used, templates, the board and the technician's day."""

from app.assets.events import AssetStatusChanged
from app.core.audit_subjects import AuditSubject, column_references
from app.core.domain import Domain
from app.core.events import guard
from app.work_orders import api, demo, failure_codes_api, models, numbering, subscribers, templates_api, usage_api

DOMAIN = Domain(
    name='work_orders',
    models=(models,),
    # The busiest domain, matched first (creating work orders through a route behind sixty others cost a
    # twentieth of its server time). Within it, the routes of /work-orders/{id}/… before /work-orders/{id}.
    routers=(usage_api.router, templates_api.router, api.router, failure_codes_api.router),
    route_priority=10,
    api_tags=('work orders', 'work-order templates', 'failure codes'),
    demo=demo.load,
    subscriptions=(guard(AssetStatusChanged, subscribers.refuse_retiring_with_open_work),),
    pages=('pages.work_orders', 'pages.my_work'),
    audit_subjects=(
        AuditSubject('work_order', 'Work order', numbering.references, frozenset({'status', 'priority', 'work_type'})),
        AuditSubject(
            'work_order_template',
            'Work-order template',
            column_references(models.WorkOrderTemplate, 'name'),
            frozenset({'priority', 'work_type'}),
        ),
        AuditSubject('work_order_comment', 'Work-order comment'),
        AuditSubject('work_order_photo', 'Work-order photo'),
    ),
)
