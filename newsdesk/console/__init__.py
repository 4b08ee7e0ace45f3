"""The operator's console (Django admin): the one page that may call the orchestrator."""
