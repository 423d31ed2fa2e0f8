"""The README's command-line examples run as written, in order, in an empty folder."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def example_script() -> str:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    runnable = [block for block in blocks if "./run.sh" not in block]  # the set-up commands are CI's own run
    return "\n".join(runnable)


def test_readme_examples_run_in_an_empty_folder(tmp_path):
    script = example_script()
    assert "--save jane.json" in script and "--previous jane-old.ics" in script
    shim = f"python() {{ {shlex.quote(sys.executable)} \"$@\"; }}\nset -e\n"
    result = subprocess.run(["bash", "-c", shim + script], cwd=tmp_path, capture_output=True, timeout=300, stdin=subprocess.DEVNULL)
    out = result.stdout.decode()
    # The last example is `diff`, whose exit status 1 means "the calendars differ".
    assert result.returncode == 1, result.stderr.decode()
    assert re.search(r"^\d+ changes:\n(  Moved: .*\n)+\Z", out, re.M), out[-500:]
    assert result.stderr == b""
    for name in ("jane.json", "weeks.pdf", "week.pdf", "sheet.pdf", "jane.ics", "jane-old.ics", "jane-discreet.ics"):
        assert (tmp_path / name).is_file(), name


def test_readme_department_file_imports_with_its_ct_simulator_and_clinic_room(tmp_path):
    """The README's department file reads as written, and books scans and reviews where its comments say."""
    text = README.read_text(encoding="utf-8")
    example = next(block for block in re.findall(r"```toml\n(.*?)```", text, re.S) if block.startswith("[department]"))
    (tmp_path / "riverside.toml").write_text(example, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "planner", "department", "import", "riverside.toml", "--db", "sqlite:///d.db"],
                            cwd=tmp_path, capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 0 and result.stderr == b"", result.stderr.decode()
    assert "Treats: Linac 1; planning scans: CT simulator; reviews: Review room\n" in result.stdout.decode()
