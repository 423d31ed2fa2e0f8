"""Alembic migrations of the department store, run from code (no alembic.ini at run time)."""
