"""The orchestrator: loads from storage, calls the pipeline stages, saves their results.

Stages (``newsdesk.ingest``, ``extract``, ...) never see the database or settings;
this package is the only place where they meet. Readers (``newsdesk.reading``, the
site, the API) never import it: model work they ask for reaches ``tasks`` through the
queue port ``apps.WorkerConfig`` connects.
"""
