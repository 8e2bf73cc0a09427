"""Helpers (no tests) for the service and API tests, one module per job:

- ``organizations``: ``make_org`` (sites, one real user per role, principals, JWTs, API keys when asked) and the
  unique names every test's data carries, because the tests of a backend share one database;
- ``services``: ``call`` a service as an entry point does, and ``make_*`` domain objects through the services;
- ``rows``: what the tables hold, read back for assertions (audit entries, timelines, ledgers, stock);
- ``snapshots``: everything an organisation holds, to compare before and after a request that must change nothing;
- ``api``: the one TestClient, bearer headers, logging in, and problem-detail assertions;
- ``access``: the role × endpoint matrix the ``*_api_access`` tests run against the permission table;
- ``files``: small valid files (images, PDF), import rows and spreadsheets built from dicts;
- ``databases``: databases of one test's own (new ones of either backend, or any other URL), cleaned up after it.

Shared fixtures (``org``, ``other``, ``world``, ``other_world``, ``own_databases``) live in ``tests/app/conftest.py``.
"""
