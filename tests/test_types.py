"""The type checker is part of the test command: ``mypy`` (strict, see pyproject.toml) passes."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKED = {"transcripts", "embeddings", "server"}


def test_mypy_checks_every_python_package() -> None:
    """A package left out of mypy's ``files`` would pass unchecked."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert set(config["tool"]["mypy"]["files"]) == CHECKED
    assert config["tool"]["mypy"]["strict"] is True


def test_mypy_strict_passes_on_transcripts_embeddings_and_server(
    mypy_run: Callable[[float], tuple[int, str]],
) -> None:
    """``python3 -m mypy`` from the repository root (started when collected: tests/conftest.py)."""
    returncode, output = mypy_run(1800)
    assert returncode == 0, output
    assert "Success: no issues found" in output
