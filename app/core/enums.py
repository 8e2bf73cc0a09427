"""Enumerations shared by the core services, schemas and UI."""

from enum import StrEnum


class Role(StrEnum):
    ADMIN = 'admin'
    SUPERVISOR = 'supervisor'
    TECHNICIAN = 'technician'
    VIEWER = 'viewer'


class PrincipalKind(StrEnum):
    USER = 'user'
    API_KEY = 'api_key'
    SYSTEM = 'system'


class AuditAction(StrEnum):
    CREATE = 'create'
    UPDATE = 'update'
    DELETE = 'delete'
    LOGIN_SUCCEEDED = 'login_succeeded'
    LOGIN_FAILED = 'login_failed'
    ACCOUNT_LOCKED = 'account_locked'
    LOGIN_THROTTLED = 'login_throttled'
    LOGOUT = 'logout'
