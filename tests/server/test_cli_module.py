"""`python3 -m server.cli` runs the `backchannel` command (it said "No module named
server.cli.__main__", though the helpers' brief and a checkout without the entry point use it)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_python_m_server_cli_runs_the_command_and_its_exit_code(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "server.cli", "instructor", "add", "", "--data", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert run.stderr.startswith("usage: backchannel instructor add")
    assert "argument NAME: '' is not an instructor's name" in run.stderr
