"""Check the realworld evaluation set for consistency.

Verifies: SOURCES.tsv and corpus/ list the same files; question ids are unique;
kinds, splits and fields are valid; every expected string of an answerable question
(except the yes/no word) occurs in one of its source files after whitespace
collapsing; unanswerable questions have no expected strings; minimum counts per kind;
splits follow make_split.py; at least 15 % unanswerable in each split.
Prints a kind x split table. Exit status 1 on any error. Standard library only.
"""

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

from make_split import file_splits, split_of

HERE = Path(__file__).resolve().parent
KINDS = {
    "list": 10,
    "count": 8,
    "amount": 15,
    "time": 12,
    "person": 10,
    "yesno": 8,
    "open": 12,
}
SOURCE_KINDS = {"project_page", "funding_list", "minutes", "funding_call", "press_release", "other"}
YESNO_WORDS = {"Kyllä", "Ei"}
MIN_QUESTIONS = 90
MIN_UNANSWERABLE = 0.15


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def check_sources(errors: list[str]) -> dict[str, str]:
    corpus = {p.name for p in (HERE / "corpus").iterdir() if p.is_file()}
    with open(HERE / "SOURCES.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
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
    for r in rows:
        if r["kind"] not in SOURCE_KINDS:
            errors.append(f"SOURCES.tsv bad kind {r['kind']!r} for {r['file']}")
        if not r["url"].startswith("http"):
            errors.append(f"SOURCES.tsv bad url for {r['file']}")
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
    return texts


def check_questions(texts: dict[str, str], errors: list[str]) -> list[dict]:
    questions = json.loads((HERE / "questions.json").read_text(encoding="utf-8"))
    splits = file_splits()
    ids = Counter(q.get("id") for q in questions)
    for qid, n in ids.items():
        if n > 1:
            errors.append(f"duplicate id {qid}")
    fields = {"id", "question", "kind", "answerable", "expected", "sources", "split"}
    for q in questions:
        qid = q.get("id")
        if set(q) != fields:
            errors.append(f"{qid}: fields {sorted(q)}")
            continue
        if q["kind"] not in KINDS:
            errors.append(f"{qid}: bad kind {q['kind']!r}")
        if q["split"] not in ("dev", "test"):
            errors.append(f"{qid}: bad split {q['split']!r}")
        for src in q["sources"]:
            if src not in texts:
                errors.append(f"{qid}: unknown source {src}")
        want = splits.get(q["sources"][0]) if q["sources"] else split_of(qid)
        if q["split"] != want:
            errors.append(f"{qid}: split {q['split']} but rule gives {want}")
        if not q["answerable"]:
            if q["expected"]:
                errors.append(f"{qid}: unanswerable question with expected strings")
            continue
        if not q["expected"] or not q["sources"]:
            errors.append(f"{qid}: answerable question without expected strings or sources")
        if q["kind"] == "yesno" and q["expected"][:1] not in (["Kyllä"], ["Ei"]):
            errors.append(f"{qid}: yes/no question must start expected with Kyllä or Ei")
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
    table = Counter((q["kind"], q["split"]) for q in questions)
    kinds = Counter(q["kind"] for q in questions)
    print(f"{'kind':8} {'dev':>5} {'test':>5} {'all':>5}  (unanswerable)")
    for kind, minimum in KINDS.items():
        una = sum(1 for q in questions if q["kind"] == kind and not q["answerable"])
        row = f"{kind:8} {table[kind, 'dev']:5} {table[kind, 'test']:5} {kinds[kind]:5}"
        print(f"{row}  ({una})")
        if kinds[kind] < minimum:
            errors.append(f"kind {kind}: {kinds[kind]} < {minimum}")
    for split in ("dev", "test"):
        qs = [q for q in questions if q["split"] == split]
        una = sum(1 for q in qs if not q["answerable"])
        share = una / len(qs) if qs else 0.0
        print(f"{split}: {len(qs)} questions, {una} unanswerable ({share:.0%})")
        if share < MIN_UNANSWERABLE:
            errors.append(f"{split}: unanswerable share {share:.1%} < 15%")


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
