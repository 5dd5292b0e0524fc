"""The README is the user's manual: every command and every setting must be in it."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from server.cli import build_parser
from server.settings import Settings
from server.stores import SQLITE_FILE

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def subcommands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append(f"{prefix}{name}")
                found.extend(subcommands(sub, f"{prefix}{name} "))
    return found


def test_readme_names_every_command() -> None:
    missing = [c for c in subcommands(build_parser()) if f"backchannel {c}" not in README]
    assert missing == [], f"README.md does not show these commands: {missing}"


def test_readme_names_every_setting() -> None:
    variables = {f"BACKCHANNEL_{name.upper()}" for name in Settings.model_fields}
    assert variables - set(re.findall(r"BACKCHANNEL_[A-Z_]+", README)) == set()


def test_readme_test_command_is_what_ci_runs() -> None:
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m pytest -q" in README
    assert ci.rstrip().endswith("python3 -m pytest -q")


def test_readme_names_the_database_file_the_store_writes(tmp_path: Path) -> None:
    from server.stores import open_store

    store = open_store(Settings(data=tmp_path))
    store.close()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".sqlite3"] == [SQLITE_FILE]
    data_row = next(line for line in README.splitlines() if "`BACKCHANNEL_DATA`" in line)
    assert f"`{SQLITE_FILE}`" in data_row
    assert "backchannel.db" not in README


def test_readme_shows_every_setting_with_its_default() -> None:
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| `BACKCHANNEL_([A-Z_]+)` \| ([^|]*) \|", README, flags=re.M)
    }
    for name, field in Settings.model_fields.items():
        assert name.upper() in rows, f"BACKCHANNEL_{name.upper()} has no row in the table"
        if isinstance(field.default, str | int) and field.default is not None:
            assert f"`{field.default}`" in rows[name.upper()], (name, rows[name.upper()])
