"""`agenda --discreet` keeps its word on every output, not the day list alone: the text shows
initials and the session, no name, hospital number or kind of appointment; the JSON each patient's
initials. With `--pdf` the command says only what it wrote."""

from __future__ import annotations

import json

from .booking_scenario import place_bookings, stock
from .command_line import run


def test_discreet_text_and_json_show_initials_only(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    pdf = tmp_path / "day.pdf"
    status, out, err = run(capsys, "agenda", "--db", url, "--date", "2030-03-25", "--pdf", str(pdf), "--discreet")
    assert (status, out, err) == (0, f"Wrote {pdf}\n", "") and pdf.exists()
    status, out, err = run(capsys, "agenda", "--db", url, "--date", "2030-03-25", "--discreet")
    assert "Z. Å.  1/20" in out, out
    for secret in ("Zoë", "Ångström", "Amir", "H0001", "H0002", "fraction", "course-"):
        assert secret not in out, secret
    status, out, _ = run(capsys, "agenda", "--db", url, "--date", "2030-03-25", "--discreet", "--json")
    patients = {b["patient"] for m in json.loads(out)["machines"] for b in m["bookings"]}
    assert status == 0 and "Z. Å." in patients and not any("Zoë" in p or "Amir" in p for p in patients)
    status, out, _ = run(capsys, "agenda", "--db", url, "--date", "2030-03-25")
    assert status == 0 and "Zoë Ångström (H0001)  fraction 1/20" in out, "without --discreet: the name and number"
