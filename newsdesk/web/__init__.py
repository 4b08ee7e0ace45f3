"""The public site: server-rendered pages readable without JavaScript."""
