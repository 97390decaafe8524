"""Audit requirements.lock for known vulnerabilities with pip-audit (PyPI's advisory data).

``make test`` runs it. pip-audit asks PyPI's JSON API (https://pypi.org/pypi/NAME/VERSION/json)
for each pinned release; where that API cannot be reached (a machine that sees only a package
mirror), pip-audit would report every package as "not found" and pass, so this script probes the
API first and, when it does not answer, skips the audit with a message and exit status 0.
``AUDIT_REQUIRED=1`` turns that skip into a failure (for a CI that must audit).
Packages that are not on PyPI (the local CPU build of torch, wheels from a local index) are
listed by pip-audit as skipped.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

API = "https://pypi.org/pypi/{name}/{version}/json"


def first_pin(lock: Path) -> tuple[str, str]:
    """The first ``name==version`` line of the lock file."""
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)", line)
        if match:
            return match.group(1), match.group(2)
    raise SystemExit(f"{lock}: no pinned package found")


def service_reachable(lock: Path, timeout: float = 10.0) -> str | None:
    """``None`` when PyPI's per-release JSON answers with vulnerability data, else the reason.

    The probe asks for a release pinned in the lock, exactly as pip-audit will: some mirrors
    and proxies pass PyPI's per-project JSON but not the per-release one pip-audit needs.
    """
    name, version = first_pin(lock)
    url = API.format(name=name, version=version)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body = json.load(response)
    except Exception as exc:  # any network, HTTP or JSON failure means: cannot audit here
        return f"{url}: {exc}"
    if "vulnerabilities" not in body:
        return f"{url} answered without vulnerability data"
    return None


def main(argv: list[str]) -> int:
    lock = Path(argv[1] if len(argv) > 1 else "requirements.lock")
    reason = service_reachable(lock)
    if reason is not None:
        required = os.environ.get("AUDIT_REQUIRED") == "1"
        word = "FAILED" if required else "skipped"
        print(
            f"pip-audit {word}: PyPI's vulnerability data cannot be reached from this machine "
            f"({reason}); {lock} was not audited.",
            file=sys.stderr,
        )
        return 1 if required else 0
    pip_audit = Path(sys.executable).with_name("pip-audit")
    cmd = [str(pip_audit), "-r", str(lock), "--no-deps", "--disable-pip"]
    cmd += ["--vulnerability-service", "pypi", "--progress-spinner", "off"]
    print("+ " + " ".join(cmd), file=sys.stderr)
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
