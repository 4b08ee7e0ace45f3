"""Outbound feeds (RSS 2.0, Atom, JSON Feed 1.1) of every list a reader can see."""
