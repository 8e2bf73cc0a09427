"""First-run setup outside any tenant: create an admin (and the organisation) from the command line."""

from __future__ import annotations

from sqlalchemy import func, select

from app.core import audit
from app.core.db import session_scope
from app.core.enums import AuditAction, Role
from app.core.errors import Conflict
from app.core.models import Organization, User
from app.core.principal import Principal
from app.core.schemas import UserCreate, validated
from app.core.users import create_user


def create_admin(*, email: str, password: str, organization: str, name: str | None = None) -> tuple[str, str]:
    """Create an admin account; the organisation is created when it does not exist yet."""
    data = validated(
        UserCreate, {'email': email, 'name': name or email.split('@')[0], 'role': Role.ADMIN, 'password': password}
    )
    with session_scope() as session:
        # The operator at the command line owns every organisation, so they are told plainly (the API's answer to an
        # admin is neutral: app.core.users.EMAIL_TAKEN).
        if session.scalar(select(User.id).where(func.lower(User.email) == data.email.lower())):
            raise Conflict(f'an account with email {data.email.lower()} already exists')
        org = session.scalar(select(Organization).where(Organization.name == organization))
        if org is None:
            org = Organization(name=organization)
            session.add(org)
            session.flush()
            audit.record(
                session,
                None,
                AuditAction.CREATE,
                'organization',
                org.id,
                organization_id=org.id,
                summary=f'created organisation {organization} from the command line',
            )
        user = create_user(session=session, principal=Principal.system(org.id, 'command line'), data=data)
        return org.name, user.email
