"""Source lists in and out as OPML, with categories."""
