"""The checks every question-answering evaluation set shares (realworld, holdout, fresh).

Each set's ``check.py`` states its own minimums and extra rules and calls these. Standard
library only, no network: ``python3 check.py`` in a set's folder.
"""

import csv
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

SOURCE_KINDS = {"project_page", "funding_list", "minutes", "funding_call", "press_release", "other"}
SOURCE_COLUMNS = ["file", "url", "organisation", "kind", "licence_note"]
YESNO_WORDS = {"Kyllä", "Ei"}
SPLITS = ("dev", "test")
QUESTION_FIELDS = {"id", "question", "kind", "answerable", "expected", "sources", "split"}
NGRAM = 8  # words per shingle for the near-copy check
MAX_CONTAINMENT = 0.5  # share of a page's shingles found in one other page


def collapse(text: str) -> str:
    """Whitespace runs as one space: expected strings are checked against this form."""
    return re.sub(r"\s+", " ", text).strip()


def read_sources(path: Path) -> list[dict[str, str]]:
    """The rows of a SOURCES.tsv."""
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def shingles(text: str) -> set[tuple[str, ...]]:
    """Word 8-grams of a page, for the near-copy check."""
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + NGRAM]) for i in range(max(0, len(words) - NGRAM + 1))}


def check_sources(
    folder: Path,
    errors: list[str],
    *,
    unique_urls: bool = False,
    filled_fields: bool = False,
) -> tuple[list[dict[str, str]], dict[str, str]]:
    """SOURCES.tsv against corpus/: the same files, valid kinds and URLs, titled pages.

    Returns the rows and each corpus file's collapsed text.
    """
    corpus = {p.name for p in (folder / "corpus").iterdir() if p.is_file()}
    rows = read_sources(folder / "SOURCES.tsv")
    listed = [r["file"] for r in rows]
    if rows and list(rows[0].keys()) != SOURCE_COLUMNS:
        errors.append(f"SOURCES.tsv columns {list(rows[0].keys())} != {SOURCE_COLUMNS}")
    for name in sorted(set(listed) - corpus):
        errors.append(f"SOURCES.tsv lists missing file {name}")
    for name in sorted(corpus - set(listed)):
        errors.append(f"corpus file not in SOURCES.tsv: {name}")
    for name, n in Counter(listed).items():
        if n > 1:
            errors.append(f"SOURCES.tsv lists {name} {n} times")
    if unique_urls:
        for url, n in Counter(r["url"] for r in rows).items():
            if n > 1:
                errors.append(f"SOURCES.tsv lists url {url} {n} times")
    for r in rows:
        if r["kind"] not in SOURCE_KINDS:
            errors.append(f"SOURCES.tsv bad kind {r['kind']!r} for {r['file']}")
        if not r["url"].startswith("http"):
            errors.append(f"SOURCES.tsv bad url for {r['file']}")
        if filled_fields and (not r["organisation"].strip() or not r["licence_note"].strip()):
            errors.append(f"SOURCES.tsv empty organisation or licence_note for {r['file']}")
    texts = {}
    for name in sorted(corpus):
        if not re.fullmatch(r"[a-z0-9_]+\.(md|txt)", name):
            errors.append(f"bad corpus file name {name}")
        text = (folder / "corpus" / name).read_text(encoding="utf-8")
        if name.endswith(".md") and not text.startswith("# "):
            errors.append(f"{name}: first line is not a '# ' title")
        texts[name] = collapse(text)
    return rows, texts


def check_counts(
    rows: list[dict[str, str]], errors: list[str], min_documents: int, min_organisations: int
) -> None:
    """Print and check the number of documents and organisations."""
    orgs = {r["organisation"] for r in rows}
    print(f"documents: {len(rows)}  organisations: {len(orgs)}")
    if len(rows) < min_documents:
        errors.append(f"only {len(rows)} documents (< {min_documents})")
    if len(orgs) < min_organisations:
        errors.append(f"only {len(orgs)} organisations (< {min_organisations})")


def check_disjoint(
    rows: list[dict[str, str]],
    texts: dict[str, str],
    others: Iterable[Path],
    errors: list[str],
    *,
    near_copies: bool = False,
) -> None:
    """No file name or URL shared with the other sets (and, optionally, no near-copy)."""
    listed = {r["file"] for r in rows}
    urls = {r["url"] for r in rows}
    mine = {name: shingles(text) for name, text in texts.items()} if near_copies else {}
    for other in others:
        if not (other / "SOURCES.tsv").exists():
            errors.append(f"missing {other / 'SOURCES.tsv'} for the disjointness check")
            continue
        theirs = read_sources(other / "SOURCES.tsv")
        for name in sorted(listed & {r["file"] for r in theirs}):
            errors.append(f"file also in {other.name}: {name}")
        for url in sorted(urls & {r["url"] for r in theirs}):
            errors.append(f"url also in {other.name}: {url}")
        if not near_copies:
            continue
        for path in sorted((other / "corpus").iterdir()):
            other_sh = shingles(collapse(path.read_text(encoding="utf-8")))
            for name, sh in mine.items():
                if not sh or not other_sh:
                    continue
                shared = len(sh & other_sh)
                share = max(shared / len(sh), shared / len(other_sh))
                if share > MAX_CONTAINMENT:
                    errors.append(
                        f"{name} is a near-copy of {other.name}/{path.name} ({share:.0%})"
                    )


def load_questions(folder: Path, errors: list[str]) -> list[dict]:
    """questions.json, with duplicate ids reported."""
    questions: list[dict] = json.loads((folder / "questions.json").read_text(encoding="utf-8"))
    for qid, n in Counter(q.get("id") for q in questions).items():
        if n > 1:
            errors.append(f"duplicate id {qid}")
    return questions


def check_question(
    q: dict,
    texts: dict[str, str],
    kinds: Iterable[str],
    errors: list[str],
    *,
    item_counts: bool = False,
) -> None:
    """One question's kind, sources and expected strings (found in a source, collapsed).

    With ``item_counts``, a list question has 2-5 expected items and an open one 1-2.
    """
    qid = q.get("id")
    if q["kind"] not in set(kinds):
        errors.append(f"{qid}: bad kind {q['kind']!r}")
    for src in q["sources"]:
        if src not in texts:
            errors.append(f"{qid}: unknown source {src}")
    if not q["answerable"]:
        if q["expected"]:
            errors.append(f"{qid}: unanswerable question with expected strings")
        return
    if not q["expected"] or not q["sources"]:
        errors.append(f"{qid}: answerable question without expected strings or sources")
        return
    if q["kind"] == "yesno" and q["expected"][:1] not in (["Kyllä"], ["Ei"]):
        errors.append(f"{qid}: yes/no question must start expected with Kyllä or Ei")
    if item_counts and q["kind"] == "list" and not 2 <= len(q["expected"]) <= 5:
        errors.append(f"{qid}: a list question needs 2-5 expected items")
    if item_counts and q["kind"] == "open" and not 1 <= len(q["expected"]) <= 2:
        errors.append(f"{qid}: an open question needs 1-2 key phrases")
    for i, exp in enumerate(q["expected"]):
        if q["kind"] == "yesno" and i == 0 and exp in YESNO_WORDS:
            continue
        needle = collapse(exp)
        if not any(needle in texts.get(src, "") for src in q["sources"]):
            errors.append(f"{qid}: expected {exp!r} not found in {q['sources']}")


def check_questions(
    questions: list[dict],
    texts: dict[str, str],
    kinds: dict[str, int],
    errors: list[str],
    *,
    id_letter: str,
    split_of: Callable[[str], str],
    need_sources: bool = False,
) -> None:
    """Every question of a blind set: no text asked twice, its fields, an id ``<letter>001``,
    the split ``split_of`` its first source gives it, and :func:`check_question`'s rules."""
    for text, n in Counter(q.get("question") for q in questions).items():
        if n > 1:
            errors.append(f"question asked {n} times: {text}")
    for q in questions:
        qid = q.get("id")
        if set(q) != QUESTION_FIELDS:
            errors.append(f"{qid}: fields {sorted(q)}")
            continue
        if not re.fullmatch(rf"{id_letter}\d{{3}}", qid):
            errors.append(f"{qid}: id is not of the form {id_letter}001")
        if need_sources and not q["sources"]:
            errors.append(f"{qid}: no sources (every question names its document)")
        want = split_of(q["sources"][0]) if q["sources"] else split_of(qid)
        if q["split"] != want:
            errors.append(f"{qid}: split {q['split']!r} != {want!r} (run make_split.py)")
        check_question(q, texts, kinds, errors, item_counts=True)


def check_list_share(
    questions: list[dict], errors: list[str], min_share: float, min_per_split: int
) -> None:
    """A list-rich set: the share of list questions among the answerable ones, and the list
    questions in each split."""
    answerable = [q for q in questions if q.get("answerable")]
    lists = [q for q in answerable if q.get("kind") == "list"]
    share = len(lists) / len(answerable) if answerable else 0.0
    print(f"answerable: {len(answerable)}, of them list: {len(lists)} ({share:.0%})")
    if share < min_share:
        errors.append(f"list share of answerable {share:.1%} < {min_share:.0%}")
    for split in SPLITS:
        n = sum(1 for q in questions if q.get("kind") == "list" and q.get("split") == split)
        if n < min_per_split:
            errors.append(f"{split}: only {n} list questions (< {min_per_split})")


#: Every blind set beside this folder, in the order they were written. Each set's pages and
#: questions must repeat none of the others' (no shared file name or address, no near-copy).
BLIND_SETS = (
    "realworld",
    "holdout",
    "fresh",
    "lists",
    "lists2",
    "minutes",
    "projects",
    "mixed",
    "programmes",
    "news",
    "regions",
    "actors",
    "figures",
    "towns",
    "transition",
    "skills",
    "infra",
    "tourism",
    "wellbeing",
    "environment",
    "rural",
    "innovation",
    "planning",
    "economy",
    "culture",
    "housing",
    "employment",
)


def other_sets(name: str) -> tuple[str, ...]:
    """The blind sets other than ``name``: the one list every set's check reads."""
    return tuple(s for s in BLIND_SETS if s != name)


@dataclass(frozen=True)
class BlindSet:
    """What a blind set built after realworld promises: its minimums and the letter of its ids."""

    id_letter: str
    other_sets: tuple[str, ...]  # folder names beside this one, which it must not repeat
    kinds: dict[str, int]  # questions of each kind at least
    min_questions: int
    min_documents: int
    min_organisations: int
    min_unanswerable: float = 0.20
    need_sources: bool = False
    min_list_share: float | None = None  # of the answerable questions, for a list-rich set
    min_list_per_split: int = 0


def mixed_set(id_letter: str, other_sets: tuple[str, ...]) -> BlindSet:
    """The promises of a set of every question kind (mixed, news, regions): amount 30, time
    25, person 20, count 15, list 30, yes/no 15, open 20; at least 240 questions, 40
    documents, 15 organisations, 20 % unanswerable, a source for every question."""
    return BlindSet(
        id_letter=id_letter,
        other_sets=other_sets,
        kinds={
            "amount": 30,
            "time": 25,
            "person": 20,
            "count": 15,
            "list": 30,
            "yesno": 15,
            "open": 20,
        },
        min_questions=240,
        min_documents=40,
        min_organisations=15,
        need_sources=True,
    )


def check_blind_set(folder: Path, spec: BlindSet, split_of: Callable[[str], str]) -> int:
    """Every check of a blind set in ``folder``: sources, disjointness from the other sets
    (no shared file or URL, no near-copy), counts, each question, the kind x split table and,
    for a list-rich set, the share of lists. Returns the exit status."""
    errors: list[str] = []
    rows, texts = check_sources(folder, errors, unique_urls=True, filled_fields=True)
    others = [folder.parent / name for name in spec.other_sets]
    check_disjoint(rows, texts, others, errors, near_copies=True)
    check_counts(rows, errors, spec.min_documents, spec.min_organisations)
    questions = load_questions(folder, errors)
    check_questions(
        questions,
        texts,
        spec.kinds,
        errors,
        id_letter=spec.id_letter,
        split_of=split_of,
        need_sources=spec.need_sources,
    )
    if len(questions) < spec.min_questions:
        errors.append(f"only {len(questions)} questions (< {spec.min_questions})")
    kind_split_table(questions, spec.kinds, errors, spec.min_unanswerable, per_split=False)
    if spec.min_list_share is not None:
        check_list_share(questions, errors, spec.min_list_share, spec.min_list_per_split)
    return finish(errors)


def kind_split_table(
    questions: list[dict],
    kinds: dict[str, int],
    errors: list[str],
    min_unanswerable: float,
    *,
    per_split: bool = True,
) -> None:
    """Print kind x split with the unanswerable count; check per-kind minimums and the
    unanswerable share of each split (or, without ``per_split``, of the whole set)."""
    print("kind × split (number unanswerable in brackets)")
    print(f"{'kind':8} {'dev':>9} {'test':>9} {'all':>9}")

    def cell(qs: list[dict]) -> str:
        return f"{len(qs)} ({sum(1 for q in qs if not q['answerable'])})"

    for kind, minimum in kinds.items():
        allq = [q for q in questions if q["kind"] == kind]
        cells = [cell([q for q in allq if q.get("split") == s]) for s in SPLITS]
        print(f"{kind:8} {cells[0]:>9} {cells[1]:>9} {cell(allq):>9}")
        if len(allq) < minimum:
            errors.append(f"kind {kind}: {len(allq)} < {minimum}")
    cells = [cell([q for q in questions if q.get("split") == s]) for s in SPLITS]
    print(f"{'all':8} {cells[0]:>9} {cells[1]:>9} {cell(questions):>9}")
    groups = [(s, [q for q in questions if q.get("split") == s]) for s in SPLITS]
    if not per_split:
        groups = [("all", questions)]
    for name, qs in groups:
        una = sum(1 for q in qs if not q["answerable"])
        share = una / len(qs) if qs else 0.0
        print(f"{name}: {len(qs)} questions, {una} unanswerable ({share:.0%})")
        if share < min_unanswerable:
            errors.append(f"{name}: unanswerable share {share:.1%} < {min_unanswerable:.0%}")


def finish(errors: list[str]) -> int:
    """Print the errors and OK or their number; the exit status."""
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0
