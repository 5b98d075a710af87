"""The import contracts of pyproject.toml hold on the tree, every module is on one side of them, and an import
the wrong way breaks them: `lint-imports` fails naming the contract (on a copy of the tree, never the tree), and
each contract catches its kind of wrong import (checked on the project's import graph with one import added)."""

import copy
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
import pytest
from importlinter.api import read_configuration
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.independence import IndependenceContract
from importlinter.contracts.layers import LayersContract

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
CONTRACTS = {contract["id"]: contract for contract in CONFIG["contracts"]}
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

# Neither domain nor interface: what Django loads to put the others together.
WIRING = {
    "decisions.apps",
    "decisions.migrations",
    "members.apps",
    "members.migrations",
    "outbox.apps",
    "outbox.migrations",
    "rcm.settings",
    "rcm.settings_test",
    "rcm.wsgi",
}


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    environment["COLUMNS"] = "200"  # one line per import in the report
    return subprocess.run(  # noqa: S603 - the venv's own lint-imports
        [str(LINT_IMPORTS), "--no-cache"], cwd=tree, capture_output=True, text=True, env=environment, timeout=60
    )


def copy_of_the_tree(destination: Path) -> Path:
    for package in CONFIG["root_packages"]:
        shutil.copytree(ROOT / package, destination / package, ignore=shutil.ignore_patterns("__pycache__", "*.json"))
    shutil.copy(ROOT / "pyproject.toml", destination / "pyproject.toml")
    return destination


def top_level_modules() -> set[str]:
    found = set()
    for package in CONFIG["root_packages"]:
        for path in (ROOT / package).iterdir():
            if path.name == "__init__.py" or path.name.startswith((".", "_")):
                continue
            if path.suffix == ".py" or (path.is_dir() and (path / "__init__.py").exists()):
                found.add(f"{package}.{path.stem}")
    return found


def test_the_tree_keeps_every_contract():
    result = lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    for contract in CONTRACTS.values():
        assert f"{contract['name']} KEPT" in result.stdout


def test_every_module_is_domain_interface_or_wiring():
    """A new module must be put on one side of the inward contract, or it would be checked by neither."""
    inward = CONTRACTS["inward"]
    domain, interfaces = set(inward["source_modules"]), set(inward["forbidden_modules"])

    assert not domain & interfaces
    assert top_level_modules() == domain | interfaces | WIRING
    assert set(CONTRACTS["interfaces"]["modules"]) <= interfaces


def test_lint_imports_fails_on_a_wrong_way_import_naming_the_contract(tmp_path):
    tree = copy_of_the_tree(tmp_path)
    with (tree / "decisions" / "rules" / "status.py").open("a", encoding="utf-8") as source:
        source.write("\nimport decisions.site  # noqa: E402\n")

    result = lint_imports(tree)

    assert result.returncode != 0
    assert f"{CONTRACTS['inward']['name']} BROKEN" in result.stdout
    assert "decisions.rules.status -> decisions.site" in result.stdout
    assert f"{CONTRACTS['pure-parser']['name']} KEPT" in result.stdout


@pytest.fixture(scope="module")
def project_graph() -> grimp.ImportGraph:
    return grimp.build_graph(*CONFIG["root_packages"], include_external_packages=True, cache_dir=None)


def verdicts(graph: grimp.ImportGraph) -> dict[str, bool]:
    """Each contract of pyproject.toml checked as lint-imports checks it: id → kept."""
    configuration = read_configuration(str(ROOT / "pyproject.toml"))
    kinds = {"forbidden": ForbiddenContract, "independence": IndependenceContract, "layers": LayersContract}
    kept = {}
    for contract_options in configuration["contracts_options"]:
        contract = kinds[contract_options["type"]](
            name=contract_options["name"],
            session_options=configuration["session_options"],
            contract_options=contract_options,
        )
        kept[contract_options["id"]] = contract.check(copy.deepcopy(graph), verbose=False).kept
    return kept


@pytest.mark.parametrize(
    ("importer", "imported", "broken"),
    [
        # The site's views then reach the site through the domain too: both contracts say so.
        ("decisions.services.reminders", "decisions.workflow.forms", {"inward", "interfaces"}),
        ("decisions.selectors", "decisions.templatetags.rcm_site", {"inward"}),
        ("members.services", "members.admin", {"inward"}),
        ("rcm.middleware", "decisions.api.views.problems", {"inward"}),
        (
            "decisions.selectors.pages.lists",
            "decisions.management.commands.send_reminders",
            {"inward", "interfaces", "domain-layers"},
        ),
        ("decisions.api.urls", "decisions.workflow.views", {"interfaces"}),
        ("decisions.admin.actions", "decisions.site.forms", {"interfaces"}),
        # Inside the domain: rules below models below selectors and filters below caching below services.
        ("decisions.rules.status", "decisions.models", {"domain-layers"}),
        ("decisions.models.items", "decisions.selectors.visibility", {"domain-layers"}),
        ("decisions.selectors.visibility", "decisions.services.actions", {"domain-layers"}),
        ("decisions.selectors.pages.lists", "decisions.caching", {"domain-layers"}),
        ("decisions.filters.sets", "decisions.services.status", {"domain-layers"}),
        ("decisions.parsing.text", "django", {"pure-parser"}),
        ("decisions.parsing.text", "decisions.models", {"pure-parser", "domain-layers"}),
    ],
)
def test_a_wrong_way_import_breaks_its_contract(project_graph, importer, imported, broken):
    graph = copy.deepcopy(project_graph)
    graph.add_import(importer=importer, imported=imported, line_number=1, line_contents=f"import {imported}")

    assert verdicts(graph) == {contract: contract not in broken for contract in CONTRACTS}
