"""Outcome reports (Markdown, CSV, JSON) -- built from a board's state."""
