"""Asset import and export as CSV or XLSX, with a dry-run preview of every row's errors.

Import rules (also shown on the import page):
- The file's first row names the columns (any letter case): code, name and asset_type are required, the
  rest of ``COLUMNS`` and any ``attr:<key>`` (a custom attribute) are optional; an unknown column is an error.
- The code is the key. A code that already exists in the organisation UPDATES that asset; a new code
  creates one. So re-importing an export changes what was edited and creates nothing twice.
- On update only the file's columns are set; an empty cell clears the field (site, parent, location, dates…)
  except status, condition and criticality, which keep their value. On create an empty cell means the default.
  ``attr:<key>`` cells are merged into the stored attributes; an empty one removes that key.
- A parent may be a row earlier or later in the same file, or an existing asset; site is the site's name.
- A CSV export puts a quote before text that a spreadsheet would take for a formula (``'=…``, ``'-…``; see
  app.core.spreadsheets); a CSV import takes that quote off again, so such cells import as they were exported.
- ``strict`` writes nothing unless every row is valid; ``valid_rows`` imports the valid rows and skips the
  rest (a row whose parent's row is invalid is invalid too). Either way it is one transaction.
- Writes are bulk (transfer_write): one executemany INSERT for the new assets, with ids drawn ahead so that
  parents are linked in the same pass (a child may come before its parent in the file), one executemany
  UPDATE for the changed ones, the history events in bulk, and one audit entry summarising the import.
- Concurrency: the import holds the organisation's hierarchy lock (no move can form a cycle with it), and each
  update checks the version it read, so an asset saved by someone else meanwhile refuses the import (409).
- Limits: 20 MB and 100,000 rows per file. The file itself is not stored.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.assets.hierarchy import lock_hierarchy
from app.assets.schemas import ImportReport
from app.assets.transfer_export import export_assets, template_csv
from app.assets.transfer_plan import plan_import
from app.assets.transfer_rows import COLUMNS, EXAMPLE_ROW
from app.assets.transfer_write import write_plan
from app.core import audit
from app.core.enums import AuditAction
from app.core.errors import Conflict, FieldError, ValidationFailed
from app.core.permissions import Permission, require
from app.core.principal import Principal

__all__ = ['COLUMNS', 'EXAMPLE_ROW', 'ImportRejected', 'export_assets', 'preview_import', 'run_import', 'template_csv']

ImportMode = Literal['strict', 'valid_rows']
Mapping = dict[str, str]  # file column → field ('' ignores it); see transfer_mapping
MAX_FILE_BYTES = 20 * 1024 * 1024


class ImportRejected(ValidationFailed):
    """A strict import of a file with errors: nothing was written; ``report`` lists every row error.

    The API answers 422 with each error as ``{"field": "row 7: parent_code", "message": ...}``.
    """

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        errors = [FieldError(f'row {e.row}: {e.field}', e.message) for e in report.errors]
        invalid = report.rows - report.valid_rows
        super().__init__(
            errors,
            f'nothing imported: {invalid} of {report.rows} rows have errors'
            if report.rows
            else 'nothing imported: the file has errors',
        )


def preview_import(
    *, session: Session, principal: Principal, file_name: str, content: bytes, mapping: Mapping | None = None
) -> ImportReport:
    """Check a file without writing: counts of rows that would be created or updated, and every row error.
    ``mapping`` (file column → field, '' to ignore) reads a file whose columns are named otherwise."""
    require(principal, Permission.ASSETS_IMPORT)
    _check_size(content)
    return plan_import(session, principal.organization_id, file_name, content, mapping).report(dry_run=True)


def run_import(
    *,
    session: Session,
    principal: Principal,
    file_name: str,
    content: bytes,
    mode: ImportMode = 'strict',
    mapping: Mapping | None = None,
) -> ImportReport:
    """Import a file in one transaction; strict raises ImportRejected (writing nothing) if any row has an error."""
    require(principal, Permission.ASSETS_IMPORT)
    _check_size(content)
    lock_hierarchy(session, principal.organization_id)  # the asset services' lock: no move races the import
    plan = plan_import(session, principal.organization_id, file_name, content, mapping)
    if plan.file_errors or (mode == 'strict' and plan.errors):
        raise ImportRejected(plan.report(dry_run=False, created=0, updated=0))
    try:
        write_plan(session, principal, plan, file_name)
    except IntegrityError:
        raise Conflict('some of these assets were changed at the same moment by someone else; import again') from None
    audit.record(
        session,
        principal,
        AuditAction.CREATE,
        'asset_import',
        None,
        changes={
            'file_name': [None, file_name],
            'mode': [None, mode],
            'rows': [None, len(plan.rows)],
            'created': [None, len(plan.creates)],
            'updated': [None, len(plan.updates)],
            'skipped': [None, len(plan.rows) - plan.valid_count],
        },
        summary=f'imported {file_name}: {len(plan.creates)} created, {len(plan.updates)} updated, '
        f'{len(plan.rows) - plan.valid_count} skipped',
    )
    return plan.report(dry_run=False)


def _check_size(content: bytes) -> None:
    if len(content) > MAX_FILE_BYTES:
        raise ValidationFailed.field('file', f'the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB; split it')
