"""`manage.py check --deploy --fail-level WARNING` is clean with exactly the variables docs/deployment.md
lists — read from the document itself, so the docs and the settings cannot drift apart — and the project's own
deployment checks name what a per-process cache or an untrusted proxy would break."""

import os
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "deployment.md"


def documented_variables() -> dict[str, str]:
    """The `NAME=value` pairs of the first shell block of "1. Configuration"; "…" stands for a secret."""
    section = DOCS.read_text(encoding="utf-8").split("## 1. Configuration", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    secret = secrets.token_urlsafe(50)
    pairs = (word.split("=", 1) for word in shlex.split(block, comments=True) if "=" in word)
    return {name: value.replace("…", secret) for name, value in pairs}


def deploy_check(variables: dict[str, str]) -> subprocess.CompletedProcess:
    environment = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"), **variables}  # noqa: S108
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_documented_variables_are_the_production_ones():
    variables = documented_variables()
    assert {"DJANGO_SECRET_KEY", "DJANGO_HSTS_SECONDS", "RCM_TRUSTED_PROXIES", "CACHE_URL"} <= set(variables)
    assert variables["DJANGO_DEBUG"] == "0"


def test_check_deploy_is_clean_with_exactly_the_documented_variables():
    """Failed before the fix: security.W005 and security.W021 (HSTS subdomains and preload not in the docs)."""
    result = deploy_check(documented_variables())
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize(("left_out", "check"), [("CACHE_URL", "rcm.W001"), ("RCM_TRUSTED_PROXIES", "rcm.W002")])
def test_leaving_out_the_cache_or_the_proxy_is_a_warning(left_out, check):
    variables = documented_variables()
    del variables[left_out]
    result = deploy_check(variables)
    assert result.returncode != 0 and f"({check})" in result.stderr
