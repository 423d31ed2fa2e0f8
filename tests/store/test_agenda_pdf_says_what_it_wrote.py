"""`agenda --pdf FILE` says what it wrote, as `print` does: the day list's patient names go into the
file, not onto the terminal as well. With `--json` the agenda's JSON stays on stdout (its contract)."""

from __future__ import annotations

import json

from .booking_scenario import place_bookings, stock
from .command_line import run


def test_agenda_pdf_prints_only_what_it_wrote(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    pdf = tmp_path / "day.pdf"
    status, out, err = run(capsys, "agenda", "--db", url, "--date", "2030-03-25", "--pdf", str(pdf))
    assert (status, out, err) == (0, f"Wrote {pdf}\n", "")
    assert pdf.read_bytes().startswith(b"%PDF")
    pdf.unlink()
    status, out, err = run(capsys, "agenda", "--db", url, "--date", "2030-03-25", "--pdf", str(pdf), "--json")
    assert status == 0 and err == "" and pdf.exists()
    names = {b["patient"] for m in json.loads(out)["machines"] for b in m["bookings"]}
    assert any("Zoë" in name for name in names)
