"""A real PostgreSQL server for the tests, started from Debian's binaries in a temporary directory.

No mock and no shared system service: ``initdb`` makes a throw-away cluster, ``pg_ctl`` runs it
on a free loopback port, and each test gets a database of its own. PostgreSQL refuses to run
as root, so when the tests do (CI does), the cluster belongs to an unprivileged system user,
``postgres`` (created by the Debian package), and its commands run through ``runuser``.
"""

from __future__ import annotations

import glob
import os
import pwd
import shlex
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

from tests.served import free_port

USER = "backchannel"  # the cluster's superuser, trusted on loopback


def find_bindir() -> Path:
    """Where ``initdb`` and ``pg_ctl`` are: on PATH, or Debian's /usr/lib/postgresql/N/bin."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version)
    if not versions:
        raise RuntimeError(
            "PostgreSQL is not installed: the tests start a real server from its initdb and "
            "pg_ctl. Install it (`apt-get install postgresql`; .ci/run does) and run again."
        )
    return Path(versions[-1]).parent


def _version(path: str) -> int:
    return int(Path(path).parents[1].name.split(".")[0])


class PostgresCluster:
    """One running PostgreSQL server; ``database()`` hands out empty databases on it."""

    def __init__(self, *, durable: bool = False) -> None:
        """``durable``: PostgreSQL's own fsync settings (benchmarks); else none (tests)."""
        self.bindir = find_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="backchannel-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self._owner = None if os.geteuid() != 0 else pwd.getpwnam("postgres")
        if self._owner is not None:
            os.chown(self.root, self._owner.pw_uid, self._owner.pw_gid)
        self._count = 0
        self._run(
            "initdb", "-D", str(self.data), "-U", USER, "--auth=trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.root} -c max_connections=200"
        )
        if not durable:
            options += " -c fsync=off -c full_page_writes=off"
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w",
            "-t", "60", "-o", options, "start",
        )  # fmt: skip

        # If this process dies without stop() (a killed test run), the server must not linger.
        stop = shlex.join(self._command("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop"))
        self._watchdog = subprocess.Popen(
            ["sh", "-c", f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 1; done; "
             f"{stop}; rm -rf {shlex.quote(str(self.root))}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip

    def _command(self, tool: str, *args: str) -> list[str]:
        command = [str(self.bindir / tool), *args]
        if self._owner is not None:
            command = ["runuser", "-u", self._owner.pw_name, "--", *command]
        return command

    def _run(self, tool: str, *args: str) -> None:
        command = self._command(tool, *args)
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.root)
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stderr or done.stdout}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def database(self, prefix: str = "t") -> str:
        """The URL of a new, empty database."""
        self._count += 1
        name = f"{prefix}_{os.getpid()}_{self._count}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def password_role(self, role: str) -> str:
        """A new role ``role`` that logs in only with its password (scram-sha-256 on loopback,
        every other role trusted as before), owning a new database: that database's name. The
        superuser sets the password (``ALTER ROLE … PASSWORD``); the rule is in force once
        this returns (a reload is read by the server in its own time: a login without the
        password is tried until it is refused)."""
        self._count += 1
        name = f"{role}_{os.getpid()}_{self._count}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE ROLE "{role}" LOGIN')
            conn.execute(f'CREATE DATABASE "{name}" OWNER "{role}"')
        hba = self.data / "pg_hba.conf"
        hba.write_text(f"host all {role} 127.0.0.1/32 scram-sha-256\n{hba.read_text()}")
        self._run("pg_ctl", "-D", str(self.data), "reload")
        url = f"postgresql://{role}@127.0.0.1:{self.port}/{name}"
        for _ in range(600):
            try:
                psycopg.connect(url).close()
            except psycopg.OperationalError:
                return name
            time.sleep(0.1)
        raise RuntimeError(f"the server still lets {role} in without a password")

    def stop(self) -> None:
        """Stop the server now; its files are removed in the background. Each database is
        ~10 MB written without fsync: deleting them waits for the disk's writeback, which was
        most of the suite's last teardown (8.6 s for 10 databases after the browser tests, one
        test file of them; 26 s in the whole suite), and nothing needs them gone first."""
        self._watchdog.kill()
        self._watchdog.wait()
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        subprocess.Popen(
            ["rm", "-rf", str(self.root)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
