"""Web pages, one module per screen. Importing this package registers every page with NiceGUI."""

from pages import (  # noqa: F401
    admin,
    admin_api_keys,
    admin_audit,
    admin_sites,
    admin_users,
    asset_detail,
    asset_import,
    asset_labels,
    asset_map,
    assets_list,
    home,
    login,
    scan,
)
