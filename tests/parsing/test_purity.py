"""The parser is plain Python: importing it must not import Django, and no module may mention it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from .helpers import PROJECT

PACKAGE = PROJECT / "decisions" / "parsing"


def test_no_module_imports_django():
    sources = sorted(PACKAGE.glob("*.py"))
    assert len(sources) >= 8
    for source in sources:
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(?:import|from)\s+django\b", text, re.MULTILINE), source.name


def test_importing_the_parser_loads_no_django():
    code = (
        "import sys; import decisions.parsing as p; "
        "p.parse_declaration(open(sys.argv[1], encoding='utf-8').read()); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'rest_framework')))"
    )
    seed = PROJECT / "decisions" / "seed" / "ix_meeting_2004_en.txt"
    # A fresh interpreter, so modules imported by other tests cannot hide an import; the command is ours.
    command = [sys.executable, "-c", code, str(seed)]
    result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=True)  # noqa: S603
    assert result.stdout.strip() == "[]"


def test_modules_stay_small():
    for source in PACKAGE.glob("*.py"):
        assert len(Path(source).read_text(encoding="utf-8").splitlines()) < 300, source.name
