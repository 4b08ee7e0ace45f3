"""Persistence: the Django models every other layer reads and the orchestrator writes."""
