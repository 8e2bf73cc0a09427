"""Which shelves are low, in words: a part's total can be above its summed minimum while one site runs short."""

from __future__ import annotations

from app.inventory.schemas import PartRead

NAMED_SITES = 2  # more low sites than this are counted, not named


def low_stock_text(part: PartRead) -> str:
    """'Low at Hamburg Works', 'Low at Hamburg Works, Lyon Assembly', 'Low at 3 sites'; '' when none is low."""
    low = [level.site_name or f'site {level.site_id}' for level in part.stock if level.is_low]
    if not low:
        return ''
    return f'Low at {", ".join(low)}' if len(low) <= NAMED_SITES else f'Low at {len(low)} sites'
