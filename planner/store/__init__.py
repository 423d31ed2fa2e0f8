"""Persistence: course files, settings, private file writing. No Qt."""
