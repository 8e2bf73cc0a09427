"""The asset register: assets, hierarchy, locations and floor plans, meters, files, import/export, QR labels."""

from app.assets import api, demo, floor_plan_api, models, transfer_api
from app.core.domain import Domain

DOMAIN = Domain(
    name='assets',
    models=(models,),
    routers=(floor_plan_api.router, transfer_api.router, api.router),
    route_priority=40,
    api_tags=('floor plans', 'assets'),
    demo=demo.load,
    pages=('pages.assets',),
)
