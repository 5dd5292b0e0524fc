"""How far an instructor's correction reaches: which lines it answers besides the one corrected.

A correction answers its line and the lines within ``server.corrections.PARAPHRASE`` of it (the
cosine of the two lines' sentence vectors in standard spelling). Too low a threshold and a
correction captures lines that need another recorded reply; too high and a student who rewords
the corrected line gets the search's wrong match again. For each threshold around the shipped
one this prints:

- on the judged pairs of ``tests/data/correction_pairs/`` (see tests/data/README.md): the share
  of same-meaning pairs the correction of one line reaches the other of, and the share of
  different-meaning pairs (same topic, another reply needed) it wrongly captures;
- on the dev sets' lines (``tests/data/dev_*.jsonl``): of the pairs of lines of one side written
  for different recorded turns (or one for a turn and one off-topic), how many a correction made
  on one would capture the other.

Each share is given by the cosine alone, then with the veto (server/rewording.py: a line that
changes a name, number, negation, role, direction or opposite of the corrected one is not
reached). Each cosine is :class:`server.corrections.Corrector`'s own, found with the threshold
set below every cosine, so the comparison (exact repeat, shorthand read as standard spelling,
the model) is the server's, and so is the veto (its ``Lexicon``). ``python
benchmarks/correction_reach.py --index DIR [--holdout [NAME ...]]`` (after ``backchannel build
--index DIR``); ``--holdout`` adds the holdout sets of pairs named (all of them if none is): run
each once, after choosing, never to tune.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from judged_sets import DATA

from embeddings import Index, index_encoder
from server import corrections
from server.corrections import Corrector
from server.store import Correction

THRESHOLDS = (0.6, 0.65, 0.7, 0.72, 0.74, 0.75, 0.76, 0.78, 0.8, 0.82, 0.85)
PAIRS = DATA / "correction_pairs"
HOLDOUTS = ("holdout", "holdout_b", "holdout_c", "holdout_d")


def correction_of(line: str, as_: str) -> Correction:
    """A correction of ``line`` said as ``as_`` (its target does not change the comparison)."""
    return Correction(
        id=1, class_code="BENCH", line=line, document=None, turn=None, speaker=as_, created=""
    )


# A pair's cosine, and whether the veto lets the correction reach it (server/rewording.py).
Scored = tuple[float, bool]


def cosines(corrector: Corrector, corrected: str, said: list[tuple[str, str]]) -> list[Scored]:
    """The cosine the server compares for each ``(line, as_)`` of ``said`` against a correction
    of ``corrected`` (made as the first line's side), 1.0 for an exact repeat; and whether the
    veto lets it through (an exact repeat always)."""
    found = corrector.find_all([correction_of(corrected, said[0][1])], said, keep=True)
    return [
        (f[1], f[1] == 1.0 or corrector.lexicon.rewords(corrected, line))
        if f is not None
        else (float("-inf"), False)
        for f, (line, _) in zip(found, said, strict=True)
    ]


def pair_cosines(corrector: Corrector, path: Path) -> tuple[list[Scored], list[Scored]]:
    """The judged pairs' cosines and vetoes: same-meaning pairs', different-meaning pairs'."""
    same, different = [], []
    for row in path.open(encoding="utf-8"):
        pair = json.loads(row)
        scored = cosines(corrector, pair["corrected"], [(pair["line"], pair["as"])])[0]
        (same if pair["same"] else different).append(scored)
    return same, different


def dev_lines() -> list[tuple[str, str, tuple[str, str] | None]]:
    """Every dev set's line: its text, its side and its recorded turn (None: off-topic)."""
    lines = []
    for path in sorted(DATA.glob("dev_*.jsonl")):
        for row in path.open(encoding="utf-8"):
            item = json.loads(row)
            turn = (item["document"], item["source"]) if item.get("source") else None
            lines.append((item["query"], item.get("as", "kissinger"), turn))
    return lines


def cross_cosines(corrector: Corrector) -> list[Scored]:
    """Cosines of the pairs of dev lines of one side meant for different turns (or one for a
    turn, one off-topic): a correction on one that reaches the other captures it wrongly."""
    lines = dev_lines()
    out = []
    for side in ("kissinger", "dobrynin"):
        mine = [line for line in lines if line[1] == side]
        for n, (text, _, turn) in enumerate(mine):
            others = [o for o in mine[n + 1 :] if o[2] != turn]
            if others:
                out += cosines(corrector, text, [(o[0], side) for o in others])
    return out


def share(values: list[Scored], threshold: float, veto: bool) -> str:
    """How many of ``values`` reach ``threshold`` (``veto``: and pass the veto), as a share and
    a count."""
    hit = sum(cos >= threshold and (kept or not veto) for cos, kept in values)
    return f"{hit / len(values):.3f} ({hit}/{len(values)})"


def shares(values: list[Scored], threshold: float) -> str:
    """``share`` by the cosine alone, then with the veto."""
    return f"{share(values, threshold, False)} -> {share(values, threshold, True)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True)
    parser.add_argument(
        "--holdout",
        nargs="*",
        choices=HOLDOUTS,
        metavar="NAME",
        help=f"add these holdout pair sets, all if none named ({', '.join(HOLDOUTS)}): once each",
    )
    args = parser.parse_args()
    index_dir = Path(args.index)
    index = Index.load(index_dir)
    corrector = Corrector(index, index_encoder(index_dir, index.model_id), veto=False)
    shipped = corrections.PARAPHRASE
    corrections.PARAPHRASE = -1.0  # every line found, with its cosine
    sets = {"dev": pair_cosines(corrector, PAIRS / "dev.jsonl")}
    if args.holdout is not None:
        for name in args.holdout or HOLDOUTS:
            sets[name] = pair_cosines(corrector, PAIRS / f"{name}.jsonl")
    cross = cross_cosines(corrector)
    corrections.PARAPHRASE = shipped
    print(f"shipped PARAPHRASE = {shipped}")
    for name, (same, different) in sets.items():
        print(
            f"\n{name} pairs: reached (same meaning) | captured (different meaning), "
            "by the cosine alone -> with the veto"
        )
        for threshold in THRESHOLDS:
            print(f"  {threshold:.2f}  {shares(same, threshold)} | {shares(different, threshold)}")
        print(f"  same meaning, lowest: {lowest(same)}; vetoed: {vetoed(same)}")
        print(f"  different, highest: {highest(different)}; vetoed: {vetoed(different)}")
    print(f"\ndev sets' lines for different turns, captured ({len(cross)} pairs):")
    for threshold in THRESHOLDS:
        print(f"  {threshold:.2f}  {shares(cross, threshold)}")
    print(f"  highest: {highest(cross, 3)}; vetoed: {vetoed(cross)}")
    print(f"  highest the veto lets through: {highest([s for s in cross if s[1]], 3)}")


def lowest(values: list[Scored], n: int = 5) -> str:
    """The ``n`` lowest cosines."""
    return ", ".join(f"{c:.3f}" for c, _ in sorted(values)[:n])


def highest(values: list[Scored], n: int = 5) -> str:
    """The ``n`` highest cosines."""
    return ", ".join(f"{c:.3f}" for c, _ in sorted(values)[-n:])


def vetoed(values: list[Scored]) -> str:
    """How many the veto stops, whatever their cosine."""
    return f"{sum(not kept for _, kept in values)}/{len(values)}"


if __name__ == "__main__":
    main()
