"""``python -m tests.bench [name ...]``: run the benchmarks and print one table of figures and targets.

Exits non-zero when a benchmark missed its target or failed to run, naming which.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import traceback
from pathlib import Path

# Benchmarks run with their own data directory and without the scheduler, like the tests.
os.environ.setdefault('CMMS_DATA_DIR', tempfile.mkdtemp(prefix='cmms-bench-'))
os.environ['CMMS_SCHEDULER_ENABLED'] = '0'

from tests.bench.harness import Result, format_table


def main(selected: list[str]) -> int:
    modules = sorted(p.stem for p in Path(__file__).parent.glob('bench_*.py'))
    if selected:
        modules = [m for m in modules if any(s in m for s in selected)]
    results: list[Result] = []
    failed = []
    for name in modules:
        print(f'running {name} …', flush=True)
        try:
            results.extend(importlib.import_module(f'tests.bench.{name}').run())
        except Exception:
            traceback.print_exc()
            failed.append(name)
    print()
    print(format_table(results))
    missed = [r for r in results if not r.meets_target]
    if missed:
        print(f'\nmissed targets: {", ".join(f"{r.id} ({r.figure:,.2f} {r.unit})" for r in missed)}')
    if failed:
        print(f'\nfailed to run: {", ".join(failed)}')
    if not (missed or failed):
        print(f'\nall {len(results)} targets met')
    return 1 if missed or failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
