"""Rosters: HR exports read into members with roles, teams, managers and held credentials."""
