"""The plain path against ``--ray``: time, what was stored, and how the work split over Ray.

    python benchmarks/ray_ingest.py ../shared/corpus/lapua/pdf [--limit N] [--engine onnx]

Runs ``aluehaku ingest PATHS --embed --json`` twice, as a user would, into two fresh data
directories: once on this machine's worker processes and once with ``--ray auto`` (a local Ray
started and stopped by the command; ``--ray ADDRESS`` measures a cluster instead). ``--no-embed``
compares parsing and storing alone (fast enough for a whole corpus on 2 cores). ``--limit``
takes the first N files in sorted order, the same subset for both. Then it compares the two data
directories (documents, chunks, facts by source; vectors by chunk) and prints a table: seconds,
documents, chunks, vectors, failed files, the largest absolute difference between the two runs'
vectors, and the tasks each Ray worker ran (parse: one file each; embed: one batch each).
Both runs share the machine with whatever else runs on it: read the times as one run's ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.store_compare import differences, max_vector_diff, snapshot

SUFFIXES = {".pdf", ".html", ".htm", ".txt", ".md", ".docx", ".csv", ".json", ".jsonl"}


def files(paths: list[Path], limit: int | None) -> list[Path]:
    """Every supported file under ``paths`` in sorted order, the first ``limit`` of them."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES]
        else:
            found.append(path)
    found.sort()
    return found[:limit] if limit else found


def run(
    inputs: list[Path], data_dir: Path, ray: str | None, env: dict[str, str], embed: bool
) -> tuple[float, dict[str, Any]]:
    """Run one ``aluehaku ingest``; return its wall time and its JSON report."""
    cmd = [sys.executable, "-m", "aluehaku.cli", "ingest", *map(str, inputs)]
    cmd += ["-d", str(data_dir), "--embed" if embed else "--no-embed", "--json"]
    if ray:
        cmd += ["--ray", ray]
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1: some files failed, the rest stored
        sys.exit(f"{' '.join(cmd[:6])} … failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return seconds, json.loads(done.stdout)


def main() -> None:
    """Parse arguments, run both paths, compare and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path, help="files or folders to ingest")
    parser.add_argument("--limit", type=int, default=None, help="first N files (sorted)")
    parser.add_argument("--engine", default=None, help="ALUEHAKU_EMBED_ENGINE for both runs")
    parser.add_argument("--ray", default="auto", help="Ray address of the Ray run (auto)")
    parser.add_argument("--work", type=Path, default=None, help="folder for the data dirs")
    parser.add_argument("--no-embed", action="store_true", help="parse and store only (no vectors)")
    args = parser.parse_args()

    inputs = files(args.paths, args.limit)
    work = args.work or Path(tempfile.mkdtemp(prefix="ray-ingest-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALUEHAKU_")}
    env["ALUEHAKU_SETTINGS_FILE"] = str(work / "no-settings.toml")
    if args.engine:
        env["ALUEHAKU_EMBED_ENGINE"] = args.engine
    print(f"{len(inputs)} files, engine {args.engine or 'default'}, data dirs under {work}")

    embed = not args.no_embed
    plain_s, plain = run(inputs, work / "plain", None, env, embed)
    ray_s, on_ray = run(inputs, work / "ray", args.ray, env, embed)
    a, b = snapshot(work / "plain"), snapshot(work / "ray")
    diff = max_vector_diff(a, b)
    print()
    print("| path | seconds | documents | chunks | vectors | failed | vectors max abs diff |")
    print("|---|---|---|---|---|---|---|")
    for name, seconds, body, snap in (
        ("plain", plain_s, plain, a),
        (f"--ray {args.ray}", ray_s, on_ray, b),
    ):
        print(
            f"| {name} | {seconds:.1f} | {len(snap.documents)} | "
            f"{sum(len(c) for c in snap.chunks.values())} | {len(snap.vectors)} | "
            f"{body['totals']['failed']} | {diff:.2e} |"
        )
    print(f"\nRay/plain time: {ray_s / plain_s:.2f}")
    for name, body in (("plain", plain), ("ray", on_ray)) if embed else ():
        e = body.get("embedding") or {}
        print(
            f"{name}: embedding {e.get('seconds', 0):.1f} s, {e.get('embedded')} embedded, "
            f"{e.get('reused')} reused"
        )
    info = on_ray["ray"]
    print(f"\nRay: {info['nodes']} node(s), {info['cpus']} CPU, {info['gpus']} GPU")
    for kind in ("parse", "embed"):
        split = info[kind]
        print(
            f"  {kind}: {sum(split.values())} tasks; "
            + ", ".join(f"{w}: {n}" for w, n in split.items())
        )
    found = differences(a, b)
    print("\nDifferences besides vectors: " + ("none" if not found else "; ".join(found)))
    if found:
        sys.exit(1)


if __name__ == "__main__":
    main()
