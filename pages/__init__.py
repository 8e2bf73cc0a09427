"""The web UI: a package per area (``pages/assets/``, ``pages/work_orders/`` …) with its own router, and the
kernel every area shares (``pages/kernel/``). The domains' manifests name their areas; ``app/web.py`` installs
them (``pages.kernel.areas.install_page_areas``)."""
