"""The store back-end the tests run against, and a real PostgreSQL server for them.

``WARTA_TEST_STORE=postgresql`` runs the suite against PostgreSQL: the ``db`` fixture (and every database a
test makes through :func:`new_database`) is then a ``postgresql://`` URL on a server this module starts,
with ``initdb`` and ``pg_ctl`` from Debian's ``postgresql`` package (``scripts/install-postgres.sh`` makes sure
it is installed), in a temporary directory, listening on a Unix socket there only. PostgreSQL refuses to run
as root: as root, the server runs as the ``postgres`` user (the package creates it), or ``nobody``. The
server lives for the test session; each test's database is dropped when the test ends.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Any

BACKEND = os.environ.get("WARTA_TEST_STORE", "sqlite").strip().lower() or "sqlite"
if BACKEND in {"postgres", "pg"}:
    BACKEND = "postgresql"
if BACKEND not in {"sqlite", "postgresql"}:
    raise RuntimeError(f"WARTA_TEST_STORE={BACKEND!r}: expected sqlite or postgresql")
ON_POSTGRES = BACKEND == "postgresql"

SUPERUSER = "warta"


def postgres_bindir() -> Path | None:
    """Where initdb and pg_ctl are: Debian's newest /usr/lib/postgresql/N/bin, else pg_config's, else PATH."""
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if debian:
        return Path(debian[-1]).parent
    if shutil.which("pg_config"):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False).stdout.strip()
        if found and (Path(found) / "initdb").exists():
            return Path(found)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PostgresServer:
    """A throwaway PostgreSQL cluster: ``start()``, ``url(name)``, ``create``/``drop``, ``stop()``."""

    def __init__(self) -> None:
        bindir = postgres_bindir()
        if bindir is None:
            raise RuntimeError(
                "PostgreSQL is not installed (no initdb): run scripts/install-postgres.sh (make test does)"
            )
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="warta-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root
        self.port = 5432
        self.user: str | None = None
        if os.geteuid() == 0:
            self.user = _unprivileged_user()
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        os.chmod(self.root, 0o755)
        self._names = itertools.count(1)
        self._lock = threading.Lock()
        self._admin: Any = None

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        proc = subprocess.run(command, capture_output=True, text=True, cwd=self.root, timeout=120, check=False)
        if proc.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}{tail}")

    def start(self) -> PostgresServer:
        self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8",
            "--locale=C.UTF-8" if _has_c_utf8() else "--locale=C", "--no-sync",
        )  # fmt: skip
        options = " ".join(
            [
                f"-k {self.socket_dir}",
                "-c listen_addresses=''",
                f"-p {self.port}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=300",
                "-c shared_buffers=64MB",
                "-c log_min_messages=warning",
            ]
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )
        return self

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.close()
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError):
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str) -> str:
        return f"postgresql://{SUPERUSER}@/{dbname}?host={self.socket_dir}&port={self.port}"

    def new_name(self, hint: str = "t") -> str:
        """A database name not used before in this session (the database is not created)."""
        clean = "".join(c if c.isalnum() else "_" for c in hint.lower())[:30] or "t"
        return f"{clean}_{os.getpid()}_{next(self._names)}"

    def _admin_execute(self, statement: Any, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run ``statement`` on an autocommit connection to the ``postgres`` database."""
        import psycopg

        with self._lock:
            if self._admin is None or self._admin.closed:
                self._admin = psycopg.connect(self.url("postgres"), autocommit=True)
            cur = self._admin.execute(statement, params)
            return list(cur.fetchall()) if cur.description else []

    def exists(self, dbname: str) -> bool:
        return bool(self._admin_execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)))

    def create(self, dbname: str) -> str:
        """Create an empty database (not a warta one until a store opens it for writing)."""
        from psycopg import sql

        self._admin_execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
        return self.url(dbname)

    def drop(self, dbname: str) -> None:
        from psycopg import sql

        if self.exists(dbname):
            self._admin_execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))


def _unprivileged_user() -> str:
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as")


def _has_c_utf8() -> bool:
    try:
        out = subprocess.run(["locale", "-a"], capture_output=True, text=True, timeout=10, check=False).stdout
    except OSError:
        return False
    return any(line.strip().lower() in {"c.utf8", "c.utf-8"} for line in out.splitlines())


_server: PostgresServer | None = None
_server_lock = threading.Lock()


def server() -> PostgresServer:
    """The session's server, started at the first call (stopped by :func:`stop_server`)."""
    global _server
    with _server_lock:
        if _server is None:
            _server = PostgresServer().start()
        return _server


def stop_server() -> None:
    global _server
    with _server_lock:
        if _server is not None:
            _server.stop()
            _server = None


class DatabaseURL(str):
    """A test's PostgreSQL database: its URL (``str(db)`` is what ``--db`` takes), and ``exists()`` as a
    path has, so a test written for a database file reads the same on both back-ends."""

    @property
    def dbname(self) -> str:
        return self.split("/", 3)[3].split("?", 1)[0]

    def exists(self) -> bool:
        return server().exists(self.dbname)


def new_database(folder: Path, name: str = "warta.db") -> Any:
    """A database for a test that does not exist yet (a first ingest creates it): the file ``folder/name`` on
    SQLite, a :class:`DatabaseURL` on PostgreSQL. Typed ``Any``: tests use it as a path, or with ``str()``."""
    if not ON_POSTGRES:
        return folder / name
    return DatabaseURL(server().url(server().new_name(Path(name).stem)))


def database_name(url: str) -> str:
    return DatabaseURL(url).dbname


def is_postgres(db: Any) -> bool:
    return str(db).startswith("postgresql://")


def query(db: Any, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (``?`` placeholders) on the test database ``db``, read-only, whichever the back-end."""
    if is_postgres(db):
        import psycopg

        with psycopg.connect(str(db), autocommit=True) as conn:
            conn.execute("SET default_transaction_read_only = on")
            return [tuple(r) for r in conn.execute(sql.replace("?", "%s"), params).fetchall()]
    import sqlite3

    conn = sqlite3.connect(f"{Path(db).resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [tuple(r) for r in conn.execute(sql, params).fetchall()]
    finally:
        conn.close()


def execute(db: Any, sql: str, *params: Any) -> None:
    """Change the test database ``db`` behind warta's back (``?`` placeholders), whichever the back-end."""
    if is_postgres(db):
        import psycopg

        with psycopg.connect(str(db), autocommit=True) as conn:
            conn.execute(sql.replace("?", "%s"), params)
        return
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute(sql, params)
    conn.close()


def scalar(db: Any, sql: str, *params: Any) -> Any:
    [(value,)] = query(db, sql, *params)
    return value


def schema_is_current(db: Any) -> bool:
    """Whether the database's schema version is this warta's (``PRAGMA user_version`` / ``warta_meta``)."""
    if is_postgres(db):
        from warta.store.pg_migrations import SCHEMA_VERSION as PG_SCHEMA_VERSION

        return bool(scalar(db, "SELECT schema_version FROM warta_meta") == PG_SCHEMA_VERSION)
    from warta.store.migrations import SCHEMA_VERSION

    return bool(scalar(db, "PRAGMA user_version") == SCHEMA_VERSION)


def integrity_ok(db: Any) -> bool:
    """SQLite's ``integrity_check``; on PostgreSQL, the store's own consistency check."""
    from warta.store import open_store

    with open_store(db, mode="read") as store:
        return store.integrity_ok()
