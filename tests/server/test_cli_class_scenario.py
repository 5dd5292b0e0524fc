"""`backchannel instructor scenario` and `scenarios`: a class's scenario from the command line,
checked against the scenarios of the index the server serves."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.cli import main
from server.store_sqlite import SQLiteStore


def test_set_show_and_clear_a_class_scenario(
    tmp_path: Path, fixture_index_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = ["--data", str(tmp_path), "--index", str(fixture_index_dir)]
    assert main(["instructor", "add", "Lee", "--class", "HIST300", "--data", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["instructor", "scenario", "HIST300", *where]) == 0
    assert capsys.readouterr().out == "HIST300: the whole record (no scenario set)\n"
    assert main(["instructor", "scenario", "HIST300", "topic:war-1973", *where]) == 0
    assert capsys.readouterr().out == (
        "HIST300: topic:war-1973\tThe October 1973 war (our summary)\n"
    )
    store = SQLiteStore(tmp_path / "backchannel.sqlite3")
    assert store.class_scenario("HIST300") == "topic:war-1973"
    store.close()

    # vol. XV is shipped, but not in the index this server serves: refused, nothing changed
    assert main(["instructor", "scenario", "HIST300", "volume:frus1969-76v15", *where]) == 2
    out = capsys.readouterr()
    assert out.err == (
        "backchannel instructor: no scenario 'volume:frus1969-76v15'; `backchannel instructor "
        "scenarios` lists the ids (topic:..., volume:..., conversation:...).\n"
    )
    assert main(["instructor", "scenario", "HIST300", *where]) == 0
    assert "topic:war-1973" in capsys.readouterr().out

    assert main(["instructor", "scenario", "NOPE", "--clear", *where]) == 2
    assert "No class 'NOPE'" in capsys.readouterr().err
    assert main(["instructor", "scenario", "HIST300", "--clear", *where]) == 0
    assert capsys.readouterr().out == "HIST300: the whole record (no scenario set)\n"


def test_scenarios_lists_the_index_s_ids_with_their_titles(
    tmp_path: Path, fixture_index_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["instructor", "scenarios", "--index", str(fixture_index_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "topic:war-1973\tThe October 1973 war (our summary)" in lines
    volumes = [line.split("\t")[0] for line in lines if line.startswith("volume:")]
    assert volumes == [
        "volume:frus1969-76v12",
        "volume:frus1969-76v13",
        "volume:frus1969-76v25",
        "volume:frus1969-76v32",
        "volume:frus1969-76v39",
    ]
    assert "conversation:frus1969-76v39/d107\t" in "\n".join(lines)
