"""Opening the store on PostgreSQL asks the server nothing the planner does not need: SQLAlchemy's psycopg dialect
looks the hstore type up at the first connection unless told not to, a query and about 3.5 ms of every command's
opening, and no column of the planner's is one."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

from planner.store.db import Store


def test_opening_on_postgresql_looks_up_no_type(postgres: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    looked_up: list[str] = []
    fetch = PGDialect_psycopg._type_info_fetch

    def recorded(self: PGDialect_psycopg, connection: Any, name: str) -> Any:
        looked_up.append(name)
        return fetch(self, connection, name)

    monkeypatch.setattr(PGDialect_psycopg, "_type_info_fetch", recorded)
    with Store.open(postgres.new_database(), user="test") as store:
        assert store.revision() is not None  # opened, and read through
    assert looked_up == []
