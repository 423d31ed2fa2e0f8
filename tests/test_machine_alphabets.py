"""A machine's name whose word mixes Latin, Cyrillic or Greek letters ('Lіnac 1' with a Cyrillic 'і')
reads as another machine's on every screen though no key tells them apart: the department file, the
settings' machine table and `department import` refuse it, naming the word and the odd letter. Names
wholly in one alphabet, or whose words each keep to one, are the clinic's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.app.department_tables import DepartmentTables, department_from_tables, tables_from_department
from planner.cli import main
from planner.core.department import DepartmentFileError, mixed_alphabets, parse_department
from planner.store.db import Store

MACHINE = '[department]\nname = "D"\n\n[[machines]]\nname = "{name}"\n'


@pytest.mark.parametrize("name", ["Linac 1", "Линак 1", "Линак Halcyon", "γ-Knife", "Σ-Linac 2", "TrueBeam αβ", "Ｌinac 1"])
def test_names_in_one_alphabet_a_word_are_the_clinics_own(name):
    assert mixed_alphabets(name) is None
    assert parse_department(MACHINE.format(name=name), "d.toml").machines[0].name == name


@pytest.mark.parametrize(("name", "word", "odd"), [
    ("Lіnac 1", "Lіnac", "U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I"),
    ("Linaс 2", "Linaс", "U+0441 CYRILLIC SMALL LETTER ES"),
    ("Halcyon Linac1і", "Linac1і", "U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I"),
    ("ΤrueBeam", "ΤrueBeam", "U+0072 LATIN SMALL LETTER R"),  # a Greek capital tau first
])
def test_a_word_mixing_alphabets_is_refused_naming_it(name, word, odd):
    with pytest.raises(DepartmentFileError) as caught:
        parse_department(MACHINE.format(name=name), "d.toml")
    said = str(caught.value)
    assert said.startswith(f"d.toml: [[machines]] #1 ({name}): 'name': the word '{word}' mixes ")
    assert odd in said and said.endswith("type it in one alphabet so that it cannot pass for another machine's name")


def test_the_settings_machine_table_refuses_it_too():
    department = parse_department(MACHINE.format(name="Linac 1"), "d.toml")
    tables = tables_from_department(department)
    tables.machines[0][0] = "Lіnac 1"
    with pytest.raises(DepartmentFileError, match="'name': the word 'Lіnac' mixes Latin and Cyrillic letters"):
        department_from_tables(tables)
    assert isinstance(tables, DepartmentTables)


def test_department_import_is_one_line_exit_2(tmp_path: Path, capsys):
    path = tmp_path / "d.toml"
    path.write_text(MACHINE.format(name="Lіnac 1"), encoding="utf-8")
    status = main(["department", "import", str(path), "--db", f"sqlite:///{tmp_path / 'd.db'}"])
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1 and "mixes Latin and Cyrillic letters" in err
    if (tmp_path / "d.db").exists():  # nothing imported: a store, if made, holds no department
        with Store.open(f"sqlite:///{tmp_path / 'd.db'}") as store:
            assert store.department() is None
