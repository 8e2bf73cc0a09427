"""Maintenance scheduling: site calendars now; schedules, generation and the calendar page build on them."""

from app.core.domain import Domain
from app.maintenance import calendar_api, models

DOMAIN = Domain(
    name='maintenance',
    models=(models,),
    routers=(calendar_api.router,),
    api_tags=('site calendars',),
    pages=('pages.maintenance',),
)
