"""The asset register: assets, hierarchy, locations and floor plans, meters, files, import/export, QR labels."""

from app.assets import api, demo, floor_plan_api, models, transfer_api
from app.core.audit_subjects import AuditSubject, column_references
from app.core.domain import Domain

DOMAIN = Domain(
    name='assets',
    models=(models,),
    routers=(floor_plan_api.router, transfer_api.router, api.router),
    route_priority=40,
    api_tags=('floor plans', 'assets'),
    demo=demo.load,
    pages=('pages.assets',),
    audit_subjects=(
        AuditSubject(
            'asset',
            'Asset',
            column_references(models.Asset, 'code'),
            frozenset({'asset_type', 'status', 'condition', 'criticality'}),
        ),
        AuditSubject('asset_meter', 'Asset meter', column_references(models.Meter, 'name')),
        AuditSubject('asset_attachment', 'Asset file', column_references(models.Attachment, 'file_name')),
        AuditSubject('floor_plan', 'Floor plan'),
        AuditSubject('asset_import', 'Asset import'),
    ),
)
