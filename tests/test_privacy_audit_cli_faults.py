"""A fault of the planner's own on the command line ends with one line naming its kind and place:
a traceback's message may quote a patient's name, hospital number or dates (a database error
quotes the row it could not write), and stderr ends up in terminals, cron mails and logs."""

from __future__ import annotations

import os
import subprocess
import sys

_BROKEN = """
import sys
from planner import cli
def broken(args, settings):
    raise RuntimeError("could not write ('Jane Doe', 'H200', '1961-04-02')")
cli.COMMANDS["sites"] = broken
sys.exit(cli.entry())
"""


def run(*, traceback: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "IGRT_PLANNER_TRACEBACK"}
    if traceback:
        env["IGRT_PLANNER_TRACEBACK"] = "1"
    return subprocess.run([sys.executable, "-c", _BROKEN, "sites"], capture_output=True, text=True, env=env, timeout=120)


def test_an_internal_error_is_one_line_without_its_message():
    done = run()
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("planner: internal error: RuntimeError at <string>:5 broken <- ")
    for secret in ("Jane", "H200", "1961", "Traceback"):
        assert secret not in done.stderr


def test_the_whole_traceback_when_asked_for():
    done = run(traceback=True)
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "Jane Doe" in done.stderr


def test_python_m_planner_goes_through_the_same_door(tmp_path):
    (tmp_path / "sitecustomize.py").write_text(
        "from planner import cli\n"
        "def broken(args, settings):\n"
        "    raise KeyError('Jane Doe')\n"
        "cli.COMMANDS['sites'] = broken\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "IGRT_PLANNER_TRACEBACK"}
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), *filter(None, [env.get("PYTHONPATH")])])
    done = subprocess.run([sys.executable, "-m", "planner", "sites"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1
    assert done.stderr.startswith("planner: internal error: KeyError at sitecustomize.py:3 broken <- ")
    assert done.stderr.count("\n") == 1 and "Jane" not in done.stderr
