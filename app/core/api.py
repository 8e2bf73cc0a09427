"""JSON routes of the core: token login, organisation, sites, users, API keys, audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from app.core import api_keys, audit, auth, tenancy, users
from app.core.api_support import PROBLEM_RESPONSES, CurrentPrincipal, client_address
from app.core.db import session_scope
from app.core.input_types import RowId
from app.core.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyRead,
    AuditEntryRead,
    AuditFilter,
    AuditSubjectRead,
    LoginRequest,
    OrganizationRead,
    OrganizationUpdate,
    Page,
    PageParams,
    PasswordReset,
    SearchText,
    SiteCreate,
    SiteRead,
    SiteUpdate,
    TokenResponse,
    UserCreate,
    UserRead,
    UserUpdate,
)
from app.core.security import issue_access_token

router = APIRouter(responses=PROBLEM_RESPONSES)
Paging = Annotated[PageParams, Query()]


@router.post('/auth/token', tags=['auth'], responses={429: {'description': 'Locked account or throttled address'}})
def create_access_token(body: LoginRequest, request: Request) -> TokenResponse:
    """Exchange an email and password for a short-lived bearer token (JWT)."""
    with session_scope() as session:
        result = auth.login(
            session=session, email=body.username, password=body.password, client_address=client_address(request)
        )
    token, ttl = issue_access_token(result.principal.id, result.session_version)
    return TokenResponse(access_token=token, expires_in=ttl)


@router.get('/organization', tags=['organization'])
def read_organization(principal: CurrentPrincipal) -> OrganizationRead:
    """The caller's organisation."""
    with session_scope() as session:
        return tenancy.get_organization(session=session, principal=principal)


@router.patch('/organization', tags=['organization'])
def update_organization(body: OrganizationUpdate, principal: CurrentPrincipal) -> OrganizationRead:
    """Change the organisation's settings: ``currency``, the ISO 4217 code money is shown in (admin)."""
    with session_scope() as session:
        return tenancy.update_organization(session=session, principal=principal, data=body)


@router.get('/sites', tags=['sites'])
def list_sites(principal: CurrentPrincipal, page: Paging) -> Page[SiteRead]:
    """Sites of the caller's organisation."""
    with session_scope() as session:
        return tenancy.list_sites(session=session, principal=principal, page=page)


@router.post('/sites', tags=['sites'], status_code=201, responses={409: {'description': 'Duplicate name'}})
def create_site(body: SiteCreate, principal: CurrentPrincipal) -> SiteRead:
    """Add a site (admin)."""
    with session_scope() as session:
        return tenancy.create_site(session=session, principal=principal, data=body)


@router.get('/sites/{site_id:int}', tags=['sites'])
def read_site(site_id: RowId, principal: CurrentPrincipal) -> SiteRead:
    """One site."""
    with session_scope() as session:
        return tenancy.get_site(session=session, principal=principal, site_id=site_id)


@router.patch('/sites/{site_id:int}', tags=['sites'], responses={409: {'description': 'Duplicate name'}})
def update_site(site_id: RowId, body: SiteUpdate, principal: CurrentPrincipal) -> SiteRead:
    """Change a site (admin)."""
    with session_scope() as session:
        return tenancy.update_site(session=session, principal=principal, site_id=site_id, data=body)


@router.get('/users', tags=['users'])
def list_users(principal: CurrentPrincipal, page: Paging, q: SearchText | None = None) -> Page[UserRead]:
    """People of the caller's organisation (admin, supervisor)."""
    with session_scope() as session:
        return users.list_users(session=session, principal=principal, page=page, q=q)


@router.post('/users', tags=['users'], status_code=201, responses={409: {'description': 'Email taken'}})
def create_user(body: UserCreate, principal: CurrentPrincipal) -> UserRead:
    """Create an account (admin)."""
    with session_scope() as session:
        return users.create_user(session=session, principal=principal, data=body)


@router.get('/users/{user_id:int}', tags=['users'])
def read_user(user_id: RowId, principal: CurrentPrincipal) -> UserRead:
    """One person (admin, supervisor)."""
    with session_scope() as session:
        return users.get_user(session=session, principal=principal, user_id=user_id)


@router.patch('/users/{user_id:int}', tags=['users'])
def update_user(user_id: RowId, body: UserUpdate, principal: CurrentPrincipal) -> UserRead:
    """Change a person's name, role, home site or active flag (admin)."""
    with session_scope() as session:
        return users.update_user(session=session, principal=principal, user_id=user_id, data=body)


@router.post('/users/{user_id:int}/password', tags=['users'])
def reset_user_password(user_id: RowId, body: PasswordReset, principal: CurrentPrincipal) -> UserRead:
    """Set a new password, unlock the account and end its sessions (admin)."""
    with session_scope() as session:
        return users.reset_password(session=session, principal=principal, user_id=user_id, data=body)


@router.get('/api-keys', tags=['api keys'])
def list_api_keys(principal: CurrentPrincipal, page: Paging) -> Page[ApiKeyRead]:
    """API keys of the organisation (admin)."""
    with session_scope() as session:
        return api_keys.list_api_keys(session=session, principal=principal, page=page)


@router.post('/api-keys', tags=['api keys'], status_code=201)
def create_api_key(body: ApiKeyCreate, principal: CurrentPrincipal) -> ApiKeyCreated:
    """Create an API key; the answer holds the full key this once (admin)."""
    with session_scope() as session:
        return api_keys.create_api_key(session=session, principal=principal, data=body)


@router.delete('/api-keys/{api_key_id:int}', tags=['api keys'], responses={409: {'description': 'Already revoked'}})
def revoke_api_key(api_key_id: RowId, principal: CurrentPrincipal) -> ApiKeyRead:
    """Revoke an API key (admin)."""
    with session_scope() as session:
        return api_keys.revoke_api_key(session=session, principal=principal, api_key_id=api_key_id)


@router.get('/audit', tags=['audit'])
def list_audit(principal: CurrentPrincipal, filters: Annotated[AuditFilter, Query()]) -> Page[AuditEntryRead]:
    """The audit log, newest first (admin)."""
    with session_scope() as session:
        return audit.list_audit_entries(session=session, principal=principal, filters=filters)


@router.get('/audit/subjects', tags=['audit'])
def list_audit_subjects(principal: CurrentPrincipal) -> list[AuditSubjectRead]:
    """The entity types the audit log holds, with their names (the values ``entity_type`` filters on) (admin)."""
    with session_scope() as session:
        return audit.list_audit_subjects(session=session, principal=principal)
