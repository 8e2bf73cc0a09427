"""Demo data of the parts store (written by the work-order history, which decides what was used when)."""
