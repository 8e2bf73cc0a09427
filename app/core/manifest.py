"""The platform as a domain: organisations, sites, users, API keys, the audit log, jobs and the outbox."""

from app.core import api, jobs, models, outbox, outbox_api, tenancy
from app.core.audit_subjects import AuditSubject, column_references
from app.core.domain import Domain

DOMAIN = Domain(
    name='core',
    models=(models,),
    routers=(api.router, outbox_api.router),
    route_priority=30,
    api_tags=('auth', 'organization', 'sites', 'users', 'api keys', 'audit', 'outbox'),
    pages=('pages.platform', 'pages.admin'),
    audit_subjects=(
        AuditSubject('user', 'User', column_references(models.User, 'email'), frozenset({'role'})),
        AuditSubject('site', 'Site', column_references(models.Site, 'name')),
        AuditSubject('api_key', 'API key', column_references(models.ApiKey, 'name'), frozenset({'role'})),
        AuditSubject('session', 'Sign-in'),
        AuditSubject('organization', 'Organisation', tenancy.organization_references),
        AuditSubject('outbox_delivery', 'Outbox delivery', enum_fields=frozenset({'status'})),
    ),
    # Without pruning the claims table gains one row per job per tick forever.
    jobs=(
        jobs.interval_job('core.prune_job_runs', jobs.prune_job_runs, seconds=3600),
        # Delivered outbox rows are kept a week (to look into what was sent), then deleted.
        jobs.interval_job('core.prune_outbox', outbox.prune_delivered, seconds=3600),
    ),
)
