"""Imports every domain's models so that ``Base.metadata`` knows all tables (Alembic, tests)."""

from app.assets import models as asset_models
from app.core import models as core_models
from app.core.db import Base
from app.work_orders import models as work_order_models
from app.work_orders import parts_models

__all__ = ['Base', 'asset_models', 'core_models', 'parts_models', 'work_order_models']
