"""A check run as a subprocess beside the suite: started when its test is collected, so its
minutes of one core overlap the tests that wait on a browser or a server, and awaited by the
test itself, which asserts on its exit status and output as if it had run it there.

It is started once per suite run. Under pytest-xdist each worker collects every test but only
one is given this one, and none knows at collection which: the process that hands the tests out
starts the command instead, and the worker that runs the test reads what it wrote. So the
command writes its output and exit status into a folder every process of the run sees, and a
file lock there is held until it has ended: the test waits on that lock (``finished``).
"""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

from filelock import FileLock

OUTPUT = "output"
RETURNCODE = "returncode"
LOCK = "lock"


class BackgroundRun:
    """One command started now, its output written to ``folder``/output and, once it has
    ended, its exit status to ``folder``/returncode; ``folder``/lock is held until then."""

    def __init__(self, command: list[str], cwd: Path, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._folder = folder
        # not thread-local: taken here, given back by the thread that sees the command end
        self._lock = FileLock(folder / LOCK, thread_local=False)
        self._lock.acquire()
        # A file, not a pipe: a pipe nobody reads would fill and stall the command until its
        # test came to read it.
        with (folder / OUTPUT).open("w", encoding="utf-8") as output:
            self._process = subprocess.Popen(
                command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT, text=True
            )
        self._waiter = threading.Thread(target=self._record_end, daemon=True)
        self._waiter.start()

    def _record_end(self) -> None:
        try:
            (self._folder / RETURNCODE).write_text(str(self._process.wait()), encoding="utf-8")
        finally:
            self._lock.release()

    def stop(self) -> None:
        """End the command if its test never came to wait for it (a run stopped by -x)."""
        if self._process.poll() is None:
            self._process.kill()
        self._waiter.join()


def finished(folder: Path, timeout: float) -> tuple[int, str]:
    """The exit status and output of the ``BackgroundRun`` writing to ``folder``, in this
    process or another of the suite run, once it has ended (waiting at most ``timeout`` s)."""
    with FileLock(folder / LOCK, timeout=timeout):
        if not (folder / RETURNCODE).is_file():
            raise AssertionError(
                f"No background run wrote to {folder}: it is started when its test is "
                "collected (tests/conftest.py)."
            )
        returncode = int((folder / RETURNCODE).read_text(encoding="utf-8"))
        return returncode, (folder / OUTPUT).read_text(encoding="utf-8")
