"""The structure, drawn: no import from a lower layer to a higher one, no circle between files.

``scripts/import_graph.py`` reads the sources with :mod:`ast` (nothing is imported) and prints
one section per rule; every section must be empty.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "import_graph.py"


def test_layers_hold_and_no_module_circles() -> None:
    out = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    sections: dict[str, list[str]] = {}
    current = ""
    for line in out.splitlines():
        if line.startswith(" "):
            sections[current].append(line.strip())
        else:
            current = line
            sections[current] = []
    assert len(sections) == 5, out
    assert all(not entries for entries in sections.values()), out
