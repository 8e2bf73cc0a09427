"""Inventory: the parts catalogue, stock per site and its ledger.

No demo loader of its own: the demo's stock ledger follows the demo work orders' use of parts, so the work-order
history writes it through ``app.inventory.demo``.
"""

from app.core.audit_subjects import AuditSubject, column_references
from app.core.domain import Domain
from app.inventory import api, models

DOMAIN = Domain(
    name='inventory',
    models=(models,),
    routers=(api.router,),
    route_priority=20,
    api_tags=('parts',),
    pages=('pages.inventory',),
    audit_subjects=(AuditSubject('part', 'Part', column_references(models.Part, 'part_number')),),
)
