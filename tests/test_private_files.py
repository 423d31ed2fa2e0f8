"""Saving health data: atomic even when the process is killed mid-save, and no half-written
copy (which holds the patient's name) outlives the crash past the next save."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from planner.store.files import remove_stale_parts, write_private

_SAVER = """
import sys
from pathlib import Path
from planner.store.files import write_private
target, size = Path(sys.argv[1]), int(sys.argv[2])
print("ready", flush=True)
for round in range(1_000_000):
    write_private(target, (b"%09d " % round) * (size // 10))
"""


def complete(data: bytes, size: int) -> bool:
    """Whole: `size` bytes, one round number repeated throughout."""
    return len(data) == size // 10 * 10 and data == data[:10] * (size // 10)


def parts(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.part"))


def test_kill_9_mid_save_leaves_a_complete_file_and_the_next_save_removes_the_leftover(tmp_path):
    target, size = tmp_path / "course.json", 4_000_000
    target.write_bytes(b"%09d " % 0 * (size // 10))
    leftovers = 0
    for trial in range(12):
        child = subprocess.Popen([sys.executable, "-c", _SAVER, str(target), str(size)], stdout=subprocess.PIPE)
        assert child.stdout is not None and child.stdout.readline() == b"ready\n"
        time.sleep(0.02 + 0.013 * trial)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
        assert complete(target.read_bytes(), size), f"trial {trial}: the file is not whole"
        leftovers += bool(parts(tmp_path))
        write_private(target, b"%09d " % 1 * (size // 10))
        assert parts(tmp_path) == [], f"trial {trial}: a dead save's copy is still there"
        assert (target.stat().st_mode & 0o777) == 0o600
    assert leftovers, "no kill landed mid-save: the test proved nothing"


def test_a_running_saves_copy_and_other_files_are_left_alone(tmp_path):
    target = tmp_path / "course.json"
    live = tmp_path / f".course.json.{os.getpid()}-abcd1234.part"  # this process is alive
    dead = tmp_path / ".course.json.999999999-abcd1234.part"  # no such process
    old_unmarked, new_unmarked = tmp_path / ".course.json.abcd1234.part", tmp_path / ".course.json.wxyz5678.part"
    other = tmp_path / ".other.json.999999999-abcd1234.part"
    unrelated = tmp_path / ".course.json.notes.part"
    for path in (live, dead, old_unmarked, new_unmarked, other, unrelated):
        path.write_bytes(b"Jane Doe")
    os.utime(old_unmarked, (time.time() - 3600, time.time() - 3600))
    remove_stale_parts(target)
    assert sorted(p.name for p in parts(tmp_path)) == sorted(p.name for p in (live, new_unmarked, other, unrelated))


def test_a_symlink_that_looks_like_a_leftover_is_not_followed(tmp_path):
    keep = tmp_path / "keep.txt"
    keep.write_text("precious")
    link = tmp_path / ".course.json.999999999-abcd1234.part"
    link.symlink_to(keep)
    remove_stale_parts(tmp_path / "course.json")
    assert keep.read_text() == "precious" and link.is_symlink()


def test_the_folders_made_for_settings_and_the_store_are_private_under_umask_000(tmp_path, monkeypatch):
    """A first start with no ~/.config or ~/.local/share made them with mkdir's default mode: under umask 000
    writable by everyone (another user could drop an autostart or .desktop file there). Each folder the planner
    makes is 0700, as the XDG base directory spec asks; folders that were there are left as they were."""
    from planner.store.files import config_dir, data_dir
    from planner.store.settings import Settings, save_settings

    for name in ("IGRT_PLANNER_CONFIG_DIR", "IGRT_PLANNER_DATA_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    monkeypatch.setenv("HOME", str(home))
    old = os.umask(0)
    try:
        save_settings(Settings(clinic_name="Riverside"))
        from planner.store.db import Store

        with Store.open(f"sqlite:///{data_dir() / 'planner.db'}"):
            pass
    finally:
        os.umask(old)
    for folder in (home / ".config", config_dir(), home / ".local", home / ".local" / "share", data_dir()):
        assert (folder.stat().st_mode & 0o777) == 0o700, folder
    assert (home.stat().st_mode & 0o777) == 0o755
