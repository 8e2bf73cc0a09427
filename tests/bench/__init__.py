"""Benchmarks (not collected by pytest): ``make bench`` runs every ``bench_*.py`` module here."""
