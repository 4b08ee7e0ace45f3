"""The JSON API (django-ninja), described at /api/openapi.json."""
