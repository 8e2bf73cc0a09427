"""Maintenance scheduling: site calendars and maintenance schedules (plans whose next dates explain themselves)."""

from app.core.audit_subjects import AuditSubject, column_references
from app.core.domain import Domain
from app.maintenance import calendar_api, demo, models, schedules_api

DOMAIN = Domain(
    name='maintenance',
    models=(models,),
    routers=(schedules_api.router, calendar_api.router),
    api_tags=('maintenance schedules', 'site calendars'),
    demo=demo.load,
    pages=('pages.maintenance',),
    audit_subjects=(
        AuditSubject(
            'maintenance_schedule',
            'Maintenance plan',
            column_references(models.MaintenanceSchedule, 'name'),
            frozenset({'priority', 'maintenance_type', 'trigger', 'frequency', 'plan_mode'}),
        ),
    ),
)
