"""The platform as a domain: organisations, sites, users, API keys, the audit log, jobs and the outbox."""

from app.core import api, jobs, models
from app.core.domain import Domain

DOMAIN = Domain(
    name='core',
    models=(models,),
    routers=(api.router,),
    route_priority=30,
    api_tags=('auth', 'organization', 'sites', 'users', 'api keys', 'audit'),
    # Without pruning the claims table gains one row per job per tick forever.
    jobs=(jobs.interval_job('core.prune_job_runs', jobs.prune_job_runs, seconds=3600),),
)
