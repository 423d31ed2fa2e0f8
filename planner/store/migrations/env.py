"""Alembic's entry point: migrates the connection the planner hands over in `config.attributes`,
or (for a developer running the alembic tool) the database named by `-x db=URL`."""

from __future__ import annotations

from alembic import context


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    from sqlalchemy import create_engine

    url = context.get_x_argument(as_dictionary=True).get("db")
    if not url:
        raise SystemExit("give the database: alembic -x db=URL upgrade head")
    with create_engine(url).connect() as own:
        context.configure(connection=own, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


# Alembic runs this file inside its environment; imported anywhere else (a scan of the package) it does nothing.
if getattr(context, "_proxy", None) is not None:
    run_migrations()
