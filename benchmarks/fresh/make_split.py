"""Assign dev/test splits to questions.json by document.

Copied from benchmarks/realworld/make_split.py. Each corpus file goes to "dev" or
"test" by sha256(filename) % 2 (0 -> dev, 1 -> test). A question takes the split of its
first source file; a question without sources is split by hashing its id the same way.
The file is rewritten in place.
Usage: ``python3 make_split.py [SET_DIR]`` (default: this folder). Standard library
only, no network.
"""

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPLITS = ("dev", "test")


def split_of(name: str) -> str:
    """Return the deterministic split for a file name or question id."""
    return SPLITS[int(hashlib.sha256(name.encode("utf-8")).hexdigest(), 16) % 2]


def file_splits(folder: Path = HERE) -> dict[str, str]:
    """Map every corpus file (sorted by name) to its split."""
    names = sorted(p.name for p in (folder / "corpus").iterdir() if p.is_file())
    return {name: split_of(name) for name in names}


def main() -> None:
    folder = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE
    path = folder / "questions.json"
    questions = json.loads(path.read_text(encoding="utf-8"))
    splits = file_splits(folder)
    for q in questions:
        if q["sources"]:
            q["split"] = splits[q["sources"][0]]
        else:
            q["split"] = split_of(q["id"])
    text = json.dumps(questions, ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")
    counts = {s: sum(q["split"] == s for q in questions) for s in SPLITS}
    docs = {s: sum(v == s for v in splits.values()) for s in SPLITS}
    print(f"questions: {counts}  documents: {docs}")


if __name__ == "__main__":
    main()
