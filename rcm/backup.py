"""Backups that can be restored: pg_dump/pg_restore on PostgreSQL, SQLite's online backup API otherwise
(a consistent copy even while the app writes)."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


def _pg_env(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    args = ["-h", settings_dict.get("HOST") or "127.0.0.1", "-p", str(settings_dict.get("PORT") or 5432)]
    if settings_dict.get("USER"):
        args += ["-U", settings_dict["USER"]]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def backup_to(*, path: Path, alias: str = "default") -> Path:
    connection = connections[alias]
    settings_dict = connection.settings_dict
    path.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        args, env = _pg_env(settings_dict)
        command = ["pg_dump", *args, "--format=custom", "--no-owner", "--file", str(path), settings_dict["NAME"]]
        subprocess.run(command, env=env, check=True, capture_output=True)  # noqa: S603 - fixed program, no shell
        return path
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        with target:
            connection.connection.backup(target)
        target.close()
        return path
    raise RuntimeError(f"backups are not implemented for {connection.vendor}")


def restore_from(*, path: Path, alias: str = "default") -> None:
    """Restore into this database, which must be empty (no tables): restoring never overwrites live data."""
    connection = connections[alias]
    if connection.introspection.table_names():
        raise RuntimeError("the target database is not empty; restore into a freshly created database")
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        args, env = _pg_env(settings_dict)
        command = ["pg_restore", *args, "--no-owner", "--exit-on-error", "--dbname", settings_dict["NAME"], str(path)]
        subprocess.run(command, env=env, check=True, capture_output=True)  # noqa: S603
        return
    if connection.vendor == "sqlite":
        connection.close()
        shutil.copyfile(path, settings_dict["NAME"])
        return
    raise RuntimeError(f"restores are not implemented for {connection.vendor}")
