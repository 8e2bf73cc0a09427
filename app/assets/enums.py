"""Asset vocabularies (values the JSON API contract fixes): type, status, condition, criticality, history kinds."""

from enum import StrEnum


class AssetType(StrEnum):
    EQUIPMENT = 'equipment'
    MACHINERY = 'machinery'
    VEHICLE = 'vehicle'
    BUILDING = 'building'
    INFRASTRUCTURE = 'infrastructure'
    TOOL = 'tool'
    INSTRUMENT = 'instrument'
    SYSTEM = 'system'
    COMPONENT = 'component'


class AssetStatus(StrEnum):
    OPERATIONAL = 'operational'
    MAINTENANCE = 'maintenance'
    REPAIR = 'repair'
    RETIRED = 'retired'
    SPARE = 'spare'
    DECOMMISSIONED = 'decommissioned'
    TESTING = 'testing'
    STANDBY = 'standby'


class AssetCondition(StrEnum):
    EXCELLENT = 'excellent'
    GOOD = 'good'
    FAIR = 'fair'
    POOR = 'poor'
    CRITICAL = 'critical'


class Criticality(StrEnum):
    LOW = 'low'
    MEDIUM = 'medium'
    HIGH = 'high'
    CRITICAL = 'critical'


class AssetEventKind(StrEnum):
    CREATED = 'created'
    FIELD = 'field'  # any plain field changed
    STATUS = 'status'
    CONDITION = 'condition'  # a condition assessment (with note and optional score)
    LOCATION = 'location'
    METER = 'meter'
    ATTACHMENT = 'attachment'
    HIERARCHY = 'hierarchy'


# Statuses after which an asset is out of service for good; moving into one checks for open work first.
END_OF_LIFE_STATUSES = frozenset({AssetStatus.RETIRED, AssetStatus.DECOMMISSIONED})
