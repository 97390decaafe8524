"""The answer benchmark's scorer (``benchmarks/answers.py``): one spelling of a date, a
dash or a sum, so that an answer is scored by what it says, not by how it is typeset."""

from __future__ import annotations

from benchmarks.answers import is_correct


def _item(kind: str, *expected: str) -> dict[str, object]:
    return {"kind": kind, "answerable": True, "expected": list(expected)}


def test_a_date_is_one_date_with_or_without_leading_zeros() -> None:
    item = _item("time", "05.06.2023", "19.06.2023")
    assert is_correct(item, "Aineiston mukaan 5.6.2023 ja 19.6.2023 [1].", False)
    assert not is_correct(item, "Aineiston mukaan 5.6.2023 [1].", False)
    assert not is_correct(_item("time", "13.09.2022"), "Aineiston mukaan 13.9.2021.", False)


def test_dashes_and_thousands_are_one_spelling() -> None:
    assert is_correct(_item("time", "2018-2021"), "vuosille 2018–2021 [1]", False)
    assert is_correct(_item("amount", "1 340 000 euroa"), "noin 1340000 euroa", False)


def test_a_yes_no_verdict_must_open_the_answer() -> None:
    item = {"kind": "yesno", "answerable": True, "expected": ["Ei", "jatkuva haku"]}
    assert is_correct(item, "Ei. ”Kyseessä on jatkuva haku.” [1]", False)
    assert not is_correct(item, "Kyllä. ”Kyseessä on jatkuva haku.” [1]", False)
    assert not is_correct(item, "Ei. ”Kyseessä on jatkuva haku.” [1]", True)
