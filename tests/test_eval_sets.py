"""The judged free-line sets in tests/data cite real turns of the shipped corpus.

A fit that points at a missing document, a turn past the end, a turn of the wrong speaker or a
turn with no reply after it would make every figure `eval` prints on these sets wrong, silently.
The files are judged by hand (see tests/data/README.md); this only checks their shape and that
every citation resolves, so a corpus change that shifts turn indices is caught here.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from pathlib import Path

import pytest

from transcripts import load_corpus

DATA = Path(__file__).parent / "data"
# Lines per side the student plays; `free_dev_c` and `free_holdout_c` hold both sides in one file.
FREE_SETS = {
    "free_dev.jsonl": {"kissinger": 120},
    "free_dev_b.jsonl": {"kissinger": 83},
    "free_dev_c.jsonl": {"kissinger": 45, "dobrynin": 15},
    "free_dev_openers.jsonl": {"kissinger": 30},
    "free_dev_whatabout.jsonl": {"kissinger": 13, "dobrynin": 9},
    "free_dev_hubs.jsonl": {"kissinger": 19, "dobrynin": 7},
    "free_dev_smalltalk.jsonl": {"kissinger": 26, "dobrynin": 18},
    "free_holdout.jsonl": {"kissinger": 60},
    "free_holdout_c.jsonl": {"kissinger": 40, "dobrynin": 12},
    "free_holdout_d.jsonl": {"kissinger": 50},
    "free_holdout_e.jsonl": {"kissinger": 24},
    "free_holdout_f.jsonl": {"kissinger": 40},
    "free_holdout_g.jsonl": {"kissinger": 40},
    "free_holdout_smalltalk.jsonl": {"kissinger": 13, "dobrynin": 10},
    "free_dobrynin_dev.jsonl": {"dobrynin": 30},
    "free_dobrynin_dev_b.jsonl": {"dobrynin": 27},
    "free_dobrynin_holdout.jsonl": {"dobrynin": 15},
    "free_dobrynin_holdout_b.jsonl": {"dobrynin": 20},
    "free_dobrynin_holdout_c.jsonl": {"dobrynin": 15},
}
HOSTILE_SETS = {
    "hostile_dev.jsonl": 40,
    "hostile_holdout.jsonl": 20,
    "hostile_holdout_b.jsonl": 27,
    "dev_offtopic_c.jsonl": 40,
    "holdout_offtopic_c.jsonl": 20,
}
SIDES = {"kissinger": "dobrynin", "dobrynin": "kissinger"}
# Share of a side's lines with a fit. The sets made to be balanced hold about half; a set written
# wholly blind keeps the share the record gave it (`free_holdout_d`: 9 of 50), which is the point
# of it: lines typed without knowing the record mostly ask for what it does not hold (session 49's
# `free_holdout_g` 8 of 40, `free_dobrynin_holdout_c` 4 of 15).
# `free_dev_whatabout`'s Kissinger lines ask "what about X?" of topics the record holds, and
# Dobrynin seldom answers such a question with something of X (3 of 13).
FIT_SHARE = {
    "free_holdout_d.jsonl": (0.1, 0.3),
    "free_holdout_g.jsonl": (0.1, 0.3),
    "free_dobrynin_holdout_c.jsonl": (0.1, 0.3),
    "free_dev_whatabout.jsonl": (0.2, 0.65),
}


def read(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="module")
def shipped():
    return load_corpus()


@pytest.mark.parametrize("name", sorted(FREE_SETS))
def test_free_set_fits_are_turns_of_the_played_side_followed_by_a_reply(shipped, name):
    sizes = FREE_SETS[name]
    rows = read(name)
    assert Counter(r["as"] for r in rows) == sizes
    for side, size in sizes.items():
        with_fits = [r for r in rows if r["as"] == side and r["fits"]]
        # Roughly half the lines have a fitting exchange in the record and half have none.
        low, high = FIT_SHARE.get(name, (0.35, 0.65))
        assert low * size <= len(with_fits) <= high * size, side
    for row in rows:
        assert set(row) <= {"query", "fits", "as", "topic", "note"}, row
        side = row["as"]
        assert row["query"].strip() and row["topic"], row
        for fit in row["fits"]:
            turns = shipped.document(fit["document"]).turns
            assert 0 <= fit["turn"] < len(turns), (row["query"], fit)
            assert turns[fit["turn"]].speaker == side, (row["query"], fit)
            later = [t.speaker for t in turns[fit["turn"] + 1 :]]
            assert SIDES[side] in later, ("no reply after", row["query"], fit)
        cited = [(f["document"], f["turn"]) for f in row["fits"]]
        assert len(cited) == len(set(cited)), row["query"]
        # The v13 d161 / v32 d143 duplicate is cited once, as v13 d161.
        assert "frus1969-76v32/d143" not in {d for d, _ in cited}, row["query"]


@pytest.mark.parametrize("name", sorted(HOSTILE_SETS))
def test_hostile_sets_expect_no_match(name):
    rows = read(name)
    assert len(rows) == HOSTILE_SETS[name]
    assert all(r["fits"] == [] and r["query"].strip() for r in rows)


def test_no_line_repeats_across_the_sets():
    seen: dict[str, str] = {}
    for path in sorted(DATA.glob("*.jsonl")):
        for row in read(path.name):
            key = " ".join(row["query"].lower().split())
            assert key not in seen, f"{row['query']!r} is in {seen.get(key)} and {path.name}"
            seen[key] = path.name


# Judged pairs for how far a correction reaches (benchmarks/correction_reach.py): same-meaning,
# different-meaning pairs per file.
PAIR_SETS = {
    "dev.jsonl": (55, 55),
    "holdout.jsonl": (15, 15),
    "holdout_b.jsonl": (16, 16),
    "holdout_c.jsonl": (20, 20),
    "holdout_d.jsonl": (20, 20),
}


def test_correction_pairs_are_judged_pairs_of_one_side_and_the_holdouts_are_apart():
    lines = {}
    for name, sizes in PAIR_SETS.items():
        with open(DATA / "correction_pairs" / name, encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        assert all(set(r) == {"corrected", "line", "same", "as"} for r in rows), name
        assert all(r["as"] in SIDES and r["corrected"] != r["line"] for r in rows), name
        assert (sum(r["same"] for r in rows), sum(not r["same"] for r in rows)) == sizes
        lines[name] = {r[k] for r in rows for k in ("corrected", "line")}
    for one, other in itertools.combinations(PAIR_SETS, 2):
        assert not lines[one] & lines[other], (one, other)
