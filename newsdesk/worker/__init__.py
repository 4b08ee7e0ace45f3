"""The orchestrator: loads from storage, calls the pipeline stages, saves their results.

Stages (``newsdesk.ingest``, ``extract``, ...) never see the database or settings;
this package is the only place where they meet.
"""
