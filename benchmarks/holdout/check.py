"""Check the holdout evaluation set for consistency.

Adapted from benchmarks/realworld/check.py; the holdout set is test-only, so there is
no split. Verifies: SOURCES.tsv and corpus/ list the same files; no corpus file or URL
is shared with benchmarks/realworld; question ids are unique; kinds and fields are
valid; every expected string of an answerable question (except the yes/no word) occurs
in one of its source files after whitespace collapsing; unanswerable questions have no
expected strings; minimum counts per kind; at least 20 % unanswerable.
Prints a kind table. Exit status 1 on any error. Standard library only.
"""

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REALWORLD = HERE.parent / "realworld"
KINDS = {
    "amount": 25,
    "time": 20,
    "person": 15,
    "count": 12,
    "list": 12,
    "yesno": 12,
    "open": 15,
}
SOURCE_KINDS = {"project_page", "funding_list", "minutes", "funding_call", "press_release", "other"}
YESNO_WORDS = {"Kyllä", "Ei"}
MIN_QUESTIONS = 120
MIN_DOCUMENTS = 40
MIN_ORGANISATIONS = 12
MIN_UNANSWERABLE = 0.20


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def read_sources(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def check_sources(errors: list[str]) -> dict[str, str]:
    corpus = {p.name for p in (HERE / "corpus").iterdir() if p.is_file()}
    rows = read_sources(HERE / "SOURCES.tsv")
    listed = [r["file"] for r in rows]
    want = ["file", "url", "organisation", "kind", "licence_note"]
    if rows and list(rows[0].keys()) != want:
        errors.append(f"SOURCES.tsv columns {list(rows[0].keys())} != {want}")
    for name in sorted(set(listed) - corpus):
        errors.append(f"SOURCES.tsv lists missing file {name}")
    for name in sorted(corpus - set(listed)):
        errors.append(f"corpus file not in SOURCES.tsv: {name}")
    for name, n in Counter(listed).items():
        if n > 1:
            errors.append(f"SOURCES.tsv lists {name} {n} times")
    for url, n in Counter(r["url"] for r in rows).items():
        if n > 1:
            errors.append(f"SOURCES.tsv lists url {url} {n} times")
    for r in rows:
        if r["kind"] not in SOURCE_KINDS:
            errors.append(f"SOURCES.tsv bad kind {r['kind']!r} for {r['file']}")
        if not r["url"].startswith("http"):
            errors.append(f"SOURCES.tsv bad url for {r['file']}")
    if (REALWORLD / "SOURCES.tsv").exists():
        # The holdout set must be disjoint from realworld: no shared file name or URL.
        other = read_sources(REALWORLD / "SOURCES.tsv")
        for name in sorted(set(listed) & {r["file"] for r in other}):
            errors.append(f"file also in realworld: {name}")
        for url in sorted({r["url"] for r in rows} & {r["url"] for r in other}):
            errors.append(f"url also in realworld: {url}")
    texts = {}
    for name in sorted(corpus):
        if not re.fullmatch(r"[a-z0-9_]+\.(md|txt)", name):
            errors.append(f"bad corpus file name {name}")
        text = (HERE / "corpus" / name).read_text(encoding="utf-8")
        if name.endswith(".md") and not text.startswith("# "):
            errors.append(f"{name}: first line is not a '# ' title")
        texts[name] = collapse(text)
    orgs = {r["organisation"] for r in rows}
    print(f"documents: {len(corpus)}  organisations: {len(orgs)}")
    if len(corpus) < MIN_DOCUMENTS:
        errors.append(f"only {len(corpus)} documents (< {MIN_DOCUMENTS})")
    if len(orgs) < MIN_ORGANISATIONS:
        errors.append(f"only {len(orgs)} organisations (< {MIN_ORGANISATIONS})")
    return texts


def check_questions(texts: dict[str, str], errors: list[str]) -> list[dict]:
    questions = json.loads((HERE / "questions.json").read_text(encoding="utf-8"))
    ids = Counter(q.get("id") for q in questions)
    for qid, n in ids.items():
        if n > 1:
            errors.append(f"duplicate id {qid}")
    fields = {"id", "question", "kind", "answerable", "expected", "sources"}
    for q in questions:
        qid = q.get("id")
        if set(q) - {"split"} != fields:  # split: given by ../realworld/make_split.py
            errors.append(f"{qid}: fields {sorted(q)}")
            continue
        if q["kind"] not in KINDS:
            errors.append(f"{qid}: bad kind {q['kind']!r}")
        for src in q["sources"]:
            if src not in texts:
                errors.append(f"{qid}: unknown source {src}")
        if not q["answerable"]:
            if q["expected"]:
                errors.append(f"{qid}: unanswerable question with expected strings")
            continue
        if not q["expected"] or not q["sources"]:
            errors.append(f"{qid}: answerable question without expected strings or sources")
            continue
        if q["kind"] == "yesno" and q["expected"][:1] not in (["Kyllä"], ["Ei"]):
            errors.append(f"{qid}: yes/no question must start expected with Kyllä or Ei")
        if q["kind"] == "list" and not 2 <= len(q["expected"]) <= 5:
            errors.append(f"{qid}: a list question needs 2-5 expected items")
        if q["kind"] == "open" and not 1 <= len(q["expected"]) <= 2:
            errors.append(f"{qid}: an open question needs 1-2 key phrases")
        for i, exp in enumerate(q["expected"]):
            if q["kind"] == "yesno" and i == 0 and exp in YESNO_WORDS:
                continue
            needle = collapse(exp)
            if not any(needle in texts.get(src, "") for src in q["sources"]):
                errors.append(f"{qid}: expected {exp!r} not found in {q['sources']}")
    return questions


def report(questions: list[dict], errors: list[str]) -> None:
    if len(questions) < MIN_QUESTIONS:
        errors.append(f"only {len(questions)} questions (< {MIN_QUESTIONS})")
    kinds = Counter(q["kind"] for q in questions)
    print(f"{'kind':8} {'all':>5} {'answerable':>11} {'unanswerable':>13}")
    for kind, minimum in KINDS.items():
        una = sum(1 for q in questions if q["kind"] == kind and not q["answerable"])
        print(f"{kind:8} {kinds[kind]:5} {kinds[kind] - una:11} {una:13}")
        if kinds[kind] < minimum:
            errors.append(f"kind {kind}: {kinds[kind]} < {minimum}")
    una = sum(1 for q in questions if not q["answerable"])
    share = una / len(questions) if questions else 0.0
    print(f"all: {len(questions)} questions, {una} unanswerable ({share:.0%})")
    if share < MIN_UNANSWERABLE:
        errors.append(f"unanswerable share {share:.1%} < {MIN_UNANSWERABLE:.0%}")


def main() -> int:
    errors: list[str] = []
    texts = check_sources(errors)
    questions = check_questions(texts, errors)
    report(questions, errors)
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
