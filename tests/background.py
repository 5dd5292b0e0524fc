"""A check run as a subprocess beside the suite: started when its test is collected, so its
minutes of one core overlap the tests that wait on a browser or a server, and awaited by the
test itself, which asserts on its exit status and output as if it had run it there."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


class BackgroundRun:
    """One command started now; ``result`` waits for it and gives its exit status and output.

    The output goes to a temporary file, not a pipe: a pipe nobody reads would fill and stall
    the command until its test came to read it.
    """

    def __init__(self, command: list[str], cwd: Path) -> None:
        # open until the test reads it (or stop closes it): no with-block can hold it
        self._output = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115
        self._process = subprocess.Popen(
            command, cwd=cwd, stdout=self._output, stderr=subprocess.STDOUT, text=True
        )

    def result(self, timeout: float) -> tuple[int, str]:
        returncode = self._process.wait(timeout=timeout)
        self._output.seek(0)
        return returncode, self._output.read()

    def stop(self) -> None:
        """End the command if its test never came to wait for it (a run stopped by -x)."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._output.close()
