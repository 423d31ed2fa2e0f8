"""A password given after '?' in a PostgreSQL URL (libpq reads password=... and sslpassword=... there
too) is never printed: messages show it as ***, like the one in the URL's user part."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from planner.cli import main
from planner.store.db.url import masked, url_secrets

CLOSED_PORT = "127.0.0.1:1"  # nothing listens there: the connection is refused at once


@pytest.mark.parametrize(("url", "shown"), [
    (f"postgresql://planner@{CLOSED_PORT}/igrt?password=SECRET1", f"postgresql://planner@{CLOSED_PORT}/igrt?password=***"),
    (f"postgresql://planner:SECRET2@{CLOSED_PORT}/igrt?sslpassword=SECRET3",
     f"postgresql://planner:***@{CLOSED_PORT}/igrt?sslpassword=***"),
    (f"postgresql://{CLOSED_PORT}/igrt?user=planner&PASSWORD=SECRET4", f"postgresql://{CLOSED_PORT}/igrt?PASSWORD=***&user=planner"),
    (f"postgresql://{CLOSED_PORT}/igrt?password=SECRET5&password=SECRET6", f"postgresql://{CLOSED_PORT}/igrt?password=***"),
])
def test_masked_hides_passwords_after_the_question_mark(url, shown):
    assert masked(url) == shown


def test_a_url_without_secrets_is_shown_as_it_is():
    assert masked(f"postgresql://planner@{CLOSED_PORT}/igrt?sslmode=require") == f"postgresql://planner@{CLOSED_PORT}/igrt?sslmode=require"
    assert url_secrets(make_url(f"postgresql://planner@{CLOSED_PORT}/igrt?sslmode=require")) == ()


def test_every_password_of_a_url_is_found_to_take_out_of_a_drivers_message():
    url = make_url(f"postgresql://planner:A1@{CLOSED_PORT}/igrt?password=B2&sslpassword=C3")
    assert sorted(url_secrets(url)) == ["A1", "B2", "C3"]


@pytest.mark.parametrize("where", ["--db", "IGRT_PLANNER_DB"])
def test_the_command_line_never_prints_a_password_given_after_the_question_mark(capsys, monkeypatch, where):
    url = f"postgresql://planner@{CLOSED_PORT}/igrt?password=HUNTER2&sslpassword=HUNTER3"
    argv = ["course", "list"]
    if where == "--db":
        argv += ["--db", url]
    else:
        monkeypatch.setenv("IGRT_PLANNER_DB", url)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot open the database" in err
    assert "HUNTER" not in err and "password=***" in err and "sslpassword=***" in err
