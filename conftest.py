"""Suite-wide switches: browser tests run when Chromium is installed, and say plainly when they cannot;
the Hypothesis profile (tests/examples.py): `ci` with CI=true, `dev` otherwise, HYPOTHESIS_PROFILE to choose.

With CI=true a missing browser fails the run instead of skipping it, so CI can never pass without them.

Bytecode is cached even where PYTHONDONTWRITEBYTECODE is set: without the cache every test process (one per
xdist worker) compiles the project and rewrites the assertions of every test module again, about half of
what collecting the suite costs.
"""

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# Before pytest imports the test modules, which is when their bytecode would be written.
sys.dont_write_bytecode = False

from tests.examples import CI_EXAMPLES, DEV_EXAMPLES  # noqa: E402 - compiled with the cache on

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
MISSING_BROWSER = f"Chromium not found at {CHROMIUM} (install it with: apt-get install -y chromium)"

hypothesis_settings.register_profile("ci", max_examples=CI_EXAMPLES)
hypothesis_settings.register_profile("dev", max_examples=DEV_EXAMPLES)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if IN_CI else "dev")
hypothesis_settings.load_profile(HYPOTHESIS_PROFILE)


def pytest_report_header(config) -> list[str]:
    profile = f"hypothesis profile: {HYPOTHESIS_PROFILE}"
    if CHROMIUM.exists():
        return [f"browser tests: Chromium at {CHROMIUM}", profile]
    if IN_CI:
        return [f"browser tests: FAILING — {MISSING_BROWSER}; CI=true does not allow skipping them", profile]
    return [f"browser tests: SKIPPED — {MISSING_BROWSER}", profile]


def pytest_collection_modifyitems(config, items) -> None:
    if CHROMIUM.exists():
        return
    for item in items:
        if "browser" in item.keywords:
            if IN_CI:
                item.add_marker(pytest.mark.usefixtures("_fail_without_browser"))
            else:
                item.add_marker(pytest.mark.skip(reason=f"browser test skipped: {MISSING_BROWSER}"))


@pytest.fixture
def _fail_without_browser():
    pytest.fail(f"browser test cannot run: {MISSING_BROWSER}", pytrace=False)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not CHROMIUM.exists() and not IN_CI:
        terminalreporter.write_line(f"NOTE: browser tests were skipped — {MISSING_BROWSER}.", yellow=True)
