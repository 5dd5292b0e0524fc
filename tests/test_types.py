"""The type checker is part of the test command: ``mypy`` (strict, see pyproject.toml) passes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_strict_passes_on_transcripts_and_embeddings() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy"],  # its cache, .mypy_cache/, is gitignored
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout
