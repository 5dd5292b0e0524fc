"""The type checker is part of the test command: ``mypy`` (strict, see pyproject.toml) passes."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKED = {"transcripts", "embeddings", "server"}


def test_mypy_checks_every_python_package() -> None:
    """A package left out of mypy's ``files`` would pass unchecked."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert set(config["tool"]["mypy"]["files"]) == CHECKED
    assert config["tool"]["mypy"]["strict"] is True


def test_mypy_strict_passes_on_transcripts_embeddings_and_server() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy"],  # its cache, .mypy_cache/, is gitignored
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout
