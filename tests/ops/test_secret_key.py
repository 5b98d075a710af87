"""Without DJANGO_SECRET_KEY and without debugging: maintenance commands run, serving refuses to start."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(ROOT)}  # no DJANGO_* variable at all
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603


def test_migration_checks_need_no_secret():
    result = run("manage.py", "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_serving_without_a_secret_refuses_to_start_and_says_why():
    result = run("-c", "import rcm.wsgi")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off." in result.stderr
