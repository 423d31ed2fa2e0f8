"""Tests of the department store, each run on SQLite and on a throwaway PostgreSQL cluster."""
