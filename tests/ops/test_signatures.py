"""Every public top-level function of the domain is keyword-only and fully typed (issue "One rule, one place",
item 5): `def noun_verb(*, a: T, ...) -> R`. Imports every module of the domain packages and names each function
that takes a positional parameter, `*args`/`**kwargs`, or lacks an annotation. The checker itself is tested on a
small synthetic module, so a bad function cannot pass unnoticed."""

import importlib
import inspect
import pkgutil
import types

import pytest

# The domain: writes, reads, rules, caching, filters, and the shared helpers below them (not the interfaces).
DOMAIN_PACKAGES = [
    "decisions.caching",
    "decisions.demo",
    "decisions.filters",
    "decisions.rules",
    "decisions.selectors",
    "decisions.services",
]
DOMAIN_MODULES = [
    "members.api_keys",
    "members.passwords",
    "members.roles",
    "members.selectors",
    "members.services",
    "outbox.delivery",
    "outbox.services",
    "rcm.backup",
    "rcm.clients",
    "rcm.commits",
    "rcm.compensation",
    "rcm.env",
    "rcm.errors",
    "rcm.limits",
    "rcm.planner",
    "rcm.problems",
    "rcm.records",
    "rcm.versioning",
]

# Functions whose caller is not ours and calls them positionally, each with the reason.
EXCEPTIONS = {
    # Migrations 0011 and 0012 call them positionally, and migrations are history: never rewritten.
    "decisions.rules.folding.folded_texts": "called positionally by migration 0011_search_text",
    "decisions.rules.due.next_meeting_due": "called positionally by migration 0012_next_meeting_deadlines",
    # Django calls these with its own positional arguments.
    "decisions.selectors.search.register_sqlite_fold": "a connection_created signal receiver",
    "decisions.selectors.changes.record_historical": "a simple-history signal receiver",
    "decisions.caching.fragments.cached_fragment_parse": "a template tag's compile function (parser, token)",
    "rcm.planner.analyze_after_migrate": "a post_migrate signal receiver",
    "rcm.clients.client_address": "django-axes calls it with the request (settings.AXES_CLIENT_IP_CALLABLE)",
}


def domain_modules() -> list[types.ModuleType]:
    modules = [importlib.import_module(name) for name in DOMAIN_MODULES]
    for package_name in DOMAIN_PACKAGES:
        package = importlib.import_module(package_name)
        modules.append(package)
        for info in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            modules.append(importlib.import_module(info.name))
    return modules


def signature_problems(module: types.ModuleType) -> list[str]:
    """What is wrong with the signature of each public function defined at the top of `module`."""
    problems = []
    for name, function in vars(module).items():
        if name.startswith("_") or not inspect.isfunction(function) or function.__module__ != module.__name__:
            continue
        qualified = f"{module.__name__}.{name}"
        if qualified in EXCEPTIONS:
            continue
        signature = inspect.signature(function)
        for parameter in signature.parameters.values():
            if parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
                problems.append(f"{qualified}: {parameter.name} is not keyword-only ({parameter.kind.description})")
            if parameter.annotation is inspect.Parameter.empty:
                problems.append(f"{qualified}: {parameter.name} has no annotation")
        if signature.return_annotation is inspect.Signature.empty:
            problems.append(f"{qualified}: no return annotation")
    return problems


def test_every_public_domain_function_is_keyword_only_and_typed():
    problems = [problem for module in domain_modules() for problem in signature_problems(module)]

    assert problems == []


def test_every_exception_still_exists():
    """An exception outliving its function would hide the next one of that name."""
    for qualified in EXCEPTIONS:
        module_name, name = qualified.rsplit(".", 1)
        assert inspect.isfunction(getattr(importlib.import_module(module_name), name)), qualified


def synthetic_module() -> types.ModuleType:
    module = types.ModuleType("decisions.synthetic")
    source = """
def good_service(*, action: int, status: str = "") -> bool:
    return True

def positional_service(action: int, *, status: str) -> bool:
    return True

def untyped_service(*, action, status: str) -> bool:
    return True

def unreturned_service(*, action: int):
    return True

def fields_service(*, action: int, **fields: object) -> None:
    return None

def _private_helper(action, status):
    return None

imported_elsewhere = len
"""
    exec(compile(source, "decisions/synthetic.py", "exec"), module.__dict__)  # noqa: S102 - a fixed test source
    return module


def test_the_checker_names_each_bad_function_and_only_those():
    assert signature_problems(synthetic_module()) == [
        "decisions.synthetic.positional_service: action is not keyword-only (positional or keyword)",
        "decisions.synthetic.untyped_service: action has no annotation",
        "decisions.synthetic.unreturned_service: no return annotation",
        "decisions.synthetic.fields_service: fields is not keyword-only (variadic keyword)",
    ]


@pytest.mark.parametrize("module_name", ["decisions.services.actions", "decisions.selectors.visibility"])
def test_the_checker_reads_the_real_modules(module_name):
    """The domain list reaches the modules the issue named (the checker would pass on an empty list)."""
    assert importlib.import_module(module_name) in domain_modules()
