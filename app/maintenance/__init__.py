"""Maintenance scheduling: schedules, site calendars and the one trigger engine that computes when work is due."""
