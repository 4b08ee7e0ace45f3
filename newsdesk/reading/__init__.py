"""The read side: what every reader of the news sees, written once.

The pages (``newsdesk.web``), the JSON API (``newsdesk.api``) and every later reader
read through here: named querysets on the models say which articles are shown, and
these modules build what surrounds them (copies, related coverage, story cards,
hashtag pages, stored AI results). Nothing here imports the orchestrator
(``newsdesk.worker``); work that needs a language model is asked of the task queue
through the port in ``ai_results``.
"""
