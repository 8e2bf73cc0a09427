"""Inventory: the parts catalogue, stock per site and the ledger of every stock movement."""
