"""The ``cmms`` command: serve, migrate, create-admin, demo, backup, restore."""

from __future__ import annotations

import argparse
import sys

from app.core.config import get_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog='cmms', description='CMMS Hub maintenance command centre')
    commands = parser.add_subparsers(dest='command', required=True)
    commands.add_parser('serve', help='run the web app on CMMS_HOST:CMMS_PORT')
    commands.add_parser('migrate', help='upgrade the database schema to the newest revision')
    admin = commands.add_parser('create-admin', help='create an admin account (and its organisation if new)')
    admin.add_argument('--email', required=True)
    admin.add_argument('--password', required=True)
    admin.add_argument('--organization', default='My Organization')
    admin.add_argument('--name', default=None)
    demo = commands.add_parser('demo', help='load the demo organisation "Demo Plant"')
    demo.add_argument('--size', choices=['small', 'large'], default='small')
    backup = commands.add_parser('backup', help='write every table to a portable backup file')
    backup.add_argument('file')
    restore = commands.add_parser('restore', help='load a backup file into an empty database')
    restore.add_argument('file')
    restore.add_argument('--force', action='store_true', help='wipe a non-empty database first')
    args = parser.parse_args(argv)
    return COMMANDS[args.command](args)


def _serve(_args: argparse.Namespace) -> int:
    from app.web import serve

    serve()
    return 0


def _migrate(_args: argparse.Namespace) -> int:
    engine = _database()
    from app.core.migrate import current_revision

    print(f'database at revision {current_revision(engine)}')
    return 0


def _create_admin(args: argparse.Namespace) -> int:
    _database()
    from app.core.errors import DomainError
    from app.core.setup import create_admin

    try:
        organization, email = create_admin(
            email=args.email, password=args.password, organization=args.organization, name=args.name
        )
    except DomainError as exc:
        print(f'error: {exc.detail}', file=sys.stderr)
        return 2
    print(f'created admin {email} in organisation "{organization}"')
    return 0


def _demo(args: argparse.Namespace) -> int:
    _database()
    from app.demo import demo_logins_text, load_demo

    if not load_demo(args.size):
        print('the demo organisation already exists; nothing loaded')
    print(demo_logins_text())
    return 0


def _backup(args: argparse.Namespace) -> int:
    _database()
    from app.core.backup import write_backup
    from app.domains import Base

    counts = write_backup(args.file, Base.metadata)
    print(f'wrote {sum(counts.values())} rows from {len(counts)} tables to {args.file}')
    return 0


def _restore(args: argparse.Namespace) -> int:
    _database()
    from app.core.backup import BackupError, read_backup
    from app.domains import Base

    try:
        counts = read_backup(args.file, Base.metadata, force=args.force)
    except BackupError as exc:
        print(f'error: {exc}', file=sys.stderr)
        return 2
    print(f'restored {sum(counts.values())} rows into {len(counts)} tables')
    return 0


def _database():
    """Open the configured database and bring its schema up to date (every command needs both)."""
    from app.core.db import use_database
    from app.core.logs import configure_logging
    from app.core.migrate import upgrade_to_head

    configure_logging()
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = use_database(settings.effective_database_url)
    upgrade_to_head(engine)
    from app.domains import install

    install()
    return engine


COMMANDS = {
    'serve': _serve,
    'migrate': _migrate,
    'create-admin': _create_admin,
    'demo': _demo,
    'backup': _backup,
    'restore': _restore,
}

if __name__ == '__main__':
    sys.exit(main())
