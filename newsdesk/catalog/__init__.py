"""API lists beyond single objects: search, stories, trending hashtags, with cursors."""
