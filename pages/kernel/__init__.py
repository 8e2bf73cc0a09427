"""What every page area shares: the bridge to the services, the page guard and shell data, browser routes, the
area registry (drawer entries, detail tabs), the detail-page scaffold, timezones and form input parsing."""
