"""Check the fresh evaluation set for consistency.

Adapted from benchmarks/holdout/check.py (itself from benchmarks/realworld/check.py).
Verifies: SOURCES.tsv and corpus/ list the same files; no corpus file name or URL is
shared with benchmarks/realworld or benchmarks/holdout, and no corpus page is a
near-copy of one of their pages (word 8-gram containment); question ids are unique;
kinds and fields are valid; every question carries the split that make_split.py gives
it; every expected string of an answerable question (except the yes/no word) occurs in
one of its source files after whitespace collapsing; unanswerable questions have no
expected strings; list questions have 2-5 items and open questions 1-2 key phrases;
minimum counts per kind; at least 20 % unanswerable. Prints a kind x split table.
Exit status 1 on any error. Standard library only, no network.
"""

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
OTHER_SETS = [HERE.parent / "realworld", HERE.parent / "holdout"]
KINDS = {
    "amount": 25,
    "time": 20,
    "person": 15,
    "count": 12,
    "list": 12,
    "yesno": 12,
    "open": 15,
}
SPLITS = ("dev", "test")
SOURCE_KINDS = {"project_page", "funding_list", "minutes", "funding_call", "press_release", "other"}
YESNO_WORDS = {"Kyllä", "Ei"}
MIN_QUESTIONS = 150
MIN_DOCUMENTS = 40
MIN_ORGANISATIONS = 12
MIN_UNANSWERABLE = 0.20
NGRAM = 8  # words per shingle for the near-copy check
MAX_CONTAINMENT = 0.5  # share of a page's shingles found in one other page


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "realworld"))
from make_split import split_of  # noqa: E402  (the one split rule of every set)


def shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + NGRAM]) for i in range(max(0, len(words) - NGRAM + 1))}


def read_sources(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def check_disjoint(rows: list[dict[str, str]], texts: dict[str, str], errors: list[str]) -> None:
    """No shared file name or URL, and no near-copy, with the other evaluation sets."""
    listed = {r["file"] for r in rows}
    urls = {r["url"] for r in rows}
    mine = {name: shingles(text) for name, text in texts.items()}
    for other in OTHER_SETS:
        if not (other / "SOURCES.tsv").exists():
            errors.append(f"missing {other / 'SOURCES.tsv'} for the disjointness check")
            continue
        theirs = read_sources(other / "SOURCES.tsv")
        for name in sorted(listed & {r["file"] for r in theirs}):
            errors.append(f"file also in {other.name}: {name}")
        for url in sorted(urls & {r["url"] for r in theirs}):
            errors.append(f"url also in {other.name}: {url}")
        for path in sorted((other / "corpus").iterdir()):
            if not path.is_file():
                continue
            other_sh = shingles(collapse(path.read_text(encoding="utf-8")))
            if not other_sh:
                continue
            for name, sh in mine.items():
                if not sh:
                    continue
                shared = len(sh & other_sh)
                share = max(shared / len(sh), shared / len(other_sh))
                if share > MAX_CONTAINMENT:
                    errors.append(
                        f"{name} is a near-copy of {other.name}/{path.name} ({share:.0%})"
                    )


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
        if not r["organisation"].strip() or not r["licence_note"].strip():
            errors.append(f"SOURCES.tsv empty organisation or licence_note for {r['file']}")
    texts = {}
    for name in sorted(corpus):
        if not re.fullmatch(r"[a-z0-9_]+\.(md|txt)", name):
            errors.append(f"bad corpus file name {name}")
        text = (HERE / "corpus" / name).read_text(encoding="utf-8")
        if name.endswith(".md") and not text.startswith("# "):
            errors.append(f"{name}: first line is not a '# ' title")
        texts[name] = collapse(text)
    check_disjoint(rows, texts, errors)
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
    texts_of = Counter(q.get("question") for q in questions)
    for text, n in texts_of.items():
        if n > 1:
            errors.append(f"question asked {n} times: {text}")
    fields = {"id", "question", "kind", "answerable", "expected", "sources", "split"}
    for q in questions:
        qid = q.get("id")
        if set(q) != fields:
            errors.append(f"{qid}: fields {sorted(q)}")
            continue
        if not re.fullmatch(r"f\d{3}", qid):
            errors.append(f"{qid}: id is not of the form f001")
        if q["kind"] not in KINDS:
            errors.append(f"{qid}: bad kind {q['kind']!r}")
        for src in q["sources"]:
            if src not in texts:
                errors.append(f"{qid}: unknown source {src}")
        want = split_of(q["sources"][0]) if q["sources"] else split_of(qid)
        if q["split"] != want:
            errors.append(
                f"{qid}: split {q['split']!r} != {want!r} (run realworld/make_split.py on this set)"
            )
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
    print("kind × split (number unanswerable in brackets)")
    print(f"{'kind':8} {'dev':>9} {'test':>9} {'all':>9}")
    for kind, minimum in KINDS.items():
        cells = []
        for split in SPLITS:
            qs = [q for q in questions if q["kind"] == kind and q.get("split") == split]
            una = sum(1 for q in qs if not q["answerable"])
            cells.append(f"{len(qs)} ({una})")
        allq = [q for q in questions if q["kind"] == kind]
        una = sum(1 for q in allq if not q["answerable"])
        print(f"{kind:8} {cells[0]:>9} {cells[1]:>9} {f'{len(allq)} ({una})':>9}")
        if len(allq) < minimum:
            errors.append(f"kind {kind}: {len(allq)} < {minimum}")
    cells = []
    for split in SPLITS:
        qs = [q for q in questions if q.get("split") == split]
        una = sum(1 for q in qs if not q["answerable"])
        cells.append(f"{len(qs)} ({una})")
    una = sum(1 for q in questions if not q["answerable"])
    print(f"{'all':8} {cells[0]:>9} {cells[1]:>9} {f'{len(questions)} ({una})':>9}")
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
