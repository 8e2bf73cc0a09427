"""User accounts: invite/create, change role or home site, deactivate, reset password, dark-mode preference."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core import audit
from app.core.enums import AuditAction, Role
from app.core.errors import Conflict, NotFound, ValidationFailed
from app.core.models import Site, User
from app.core.permissions import Permission, require
from app.core.principal import Principal
from app.core.schemas import Page, PageParams, PasswordReset, UserCreate, UserRead, UserUpdate
from app.core.scoping import load_scoped
from app.core.search_text import contains_text
from app.core.security import hash_password, password_problem

USER_FIELDS = ['email', 'name', 'role', 'site_id', 'active']
# Emails sign a person in without naming their organisation, so they are unique across organisations and a taken
# address must be refused. The answer is the same whoever holds it (this organisation, another one, a deactivated
# account) and names no one; that an address is taken somewhere is the one fact it cannot hide (README, Security).
EMAIL_TAKEN = 'this email address cannot be used for a new account; choose another'
LAST_ADMIN = 'the organisation needs at least one active admin; make someone else an admin first'


def list_users(
    *, session: Session, principal: Principal, page: PageParams | None = None, q: str | None = None
) -> Page[UserRead]:
    """People of the principal's organisation, by name."""
    require(principal, Permission.USERS_READ)
    page = page or PageParams(limit=500)
    query = select(User).where(User.organization_id == principal.organization_id)
    if q:
        query = query.where(contains_text(q, User.name, User.email))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(User.name, User.id).limit(page.limit).offset(page.offset))
    return Page(items=[UserRead.model_validate(r) for r in rows], total=total, limit=page.limit, offset=page.offset)


def get_user(*, session: Session, principal: Principal, user_id: int) -> UserRead:
    """One person of the principal's organisation."""
    require(principal, Permission.USERS_READ)
    return UserRead.model_validate(load_scoped(session, User, user_id, principal))


def create_user(*, session: Session, principal: Principal, data: UserCreate) -> UserRead:
    """Create an account with an initial password the person changes or an admin resets."""
    require(principal, Permission.USERS_MANAGE)
    if problem := password_problem(data.password):
        raise ValidationFailed.field('password', problem)
    email = data.email.lower()
    if session.scalar(select(User.id).where(func.lower(User.email) == email)):
        raise Conflict(EMAIL_TAKEN)
    _check_site(session, principal, data.site_id)
    user = User(
        organization_id=principal.organization_id,
        email=email,
        name=data.name,
        role=data.role,
        site_id=data.site_id,
        password_hash=hash_password(data.password),
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        principal,
        AuditAction.CREATE,
        'user',
        user.id,
        changes=audit.created(audit.snapshot(user, USER_FIELDS)),
        summary=f'created user {email}',
    )
    return UserRead.model_validate(user)


def update_user(*, session: Session, principal: Principal, user_id: int, data: UserUpdate) -> UserRead:
    """Change name, role, home site or active flag; an admin cannot demote or deactivate themself."""
    require(principal, Permission.USERS_MANAGE)
    user = load_scoped(session, User, user_id, principal)
    values = data.model_dump(exclude_unset=True)
    if user.id == principal.user_id:
        if values.get('active') is False:
            raise ValidationFailed.field('active', 'you cannot deactivate your own account')
        if 'role' in values and values['role'] != user.role:
            raise ValidationFailed.field('role', 'you cannot change your own role')
    if user.role == Role.ADMIN and user.active:
        if values.get('active') is False:
            _keep_an_admin(session, user, 'active')
        if 'role' in values and values['role'] != Role.ADMIN:
            _keep_an_admin(session, user, 'role')
    if 'site_id' in values:
        _check_site(session, principal, values['site_id'])
    before = audit.snapshot(user, USER_FIELDS)
    for name, value in values.items():  # only site_id may be null (organisation-wide); the schema refuses others
        setattr(user, name, value)
    if before['active'] and not user.active:
        user.session_version += 1  # ends the person's open sessions and tokens
    session.flush()
    changes = audit.diff(before, audit.snapshot(user, USER_FIELDS))
    if changes:
        audit.record(
            session,
            principal,
            AuditAction.UPDATE,
            'user',
            user.id,
            changes=changes,
            summary=f'updated user {user.email}',
        )
    return UserRead.model_validate(user)


def reset_password(*, session: Session, principal: Principal, user_id: int, data: PasswordReset) -> UserRead:
    """Set a new password, unlock the account and end its sessions."""
    require(principal, Permission.USERS_MANAGE)
    user = load_scoped(session, User, user_id, principal)
    if problem := password_problem(data.password):
        raise ValidationFailed.field('password', problem)
    user.password_hash = hash_password(data.password)
    user.failed_login_count = 0
    user.locked_until = None
    user.session_version += 1
    session.flush()
    audit.record(
        session,
        principal,
        AuditAction.UPDATE,
        'user',
        user.id,
        changes={'password': [audit.REDACTED, audit.REDACTED]},
        summary=f'reset password of {user.email}',
    )
    return UserRead.model_validate(user)


def get_own_account(*, session: Session, principal: Principal) -> UserRead:
    """The acting user's own account (every role may read itself)."""
    return UserRead.model_validate(load_scoped(session, User, principal.user_id, principal))


def set_dark_mode(*, session: Session, principal: Principal, enabled: bool) -> None:
    """Remember the acting user's dark-mode choice (a preference, so not audited)."""
    if principal.user_id is None:
        return
    user = load_scoped(session, User, principal.user_id, principal)
    user.dark_mode = enabled


def _keep_an_admin(session: Session, user: User, field: str) -> None:
    """Refuse to demote or deactivate the organisation's last active admin, whoever asks (a person or an API key).

    The other admins are locked, so two admins demoting each other at once cannot both succeed.
    """
    others = session.scalars(
        select(User.id)
        .where(
            User.organization_id == user.organization_id,
            User.role == Role.ADMIN,
            User.active.is_(True),
            User.id != user.id,
        )
        .with_for_update()
    ).all()
    if not others:
        raise ValidationFailed.field(field, LAST_ADMIN)


def _check_site(session: Session, principal: Principal, site_id: int | None) -> None:
    if site_id is None:
        return
    try:
        load_scoped(session, Site, site_id, principal)
    except NotFound:
        raise ValidationFailed.field('site_id', f'site {site_id} not found') from None
