"""Copies of evaluation sets as a hurried student types them, to measure what sloppiness costs.

Two mechanical copies of each given set, written to ``--out`` (the lines' judgements kept):

- ``shorthand/``: lower case, no apostrophes or punctuation, texting shorthand ("you" -> "u",
  "your" -> "ur", "are" -> "r", "please" -> "pls", "going to" -> "gonna", "before" -> "b4"...);
- ``slips/``: one typing slip (a letter dropped, two swapped, or one wrong) in about a third of
  the words of five letters or more, seeded, so every run writes the same lines.

The README's figures for shorthand and slips (``Retrieval quality``) come from these copies:
``python benchmarks/typed_copies.py tests/data/dev_loose.jsonl ... --out /tmp/typed`` then
``backchannel eval /tmp/typed/slips/*.jsonl --index DIR``. The hand-written ``dev_texting`` and
``holdout_texting`` sets are the better measure; these say how much each kind of sloppiness
costs on lines whose answers are known.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

SHORTHAND = (
    (r"\byou're\b", "ur"),
    (r"\byou\b", "u"),
    (r"\byour\b", "ur"),
    (r"\bare\b", "r"),
    (r"\bplease\b", "pls"),
    (r"\bthanks\b", "thx"),
    (r"\bgoing to\b", "gonna"),
    (r"\bwant to\b", "wanna"),
    (r"\bbecause\b", "cuz"),
    (r"\btomorrow\b", "tmrw"),
    (r"\bpeople\b", "ppl"),
    (r"\bgovernment\b", "govt"),
    (r"\babout\b", "abt"),
    (r"\bbefore\b", "b4"),
    (r"\bmessage\b", "msg"),
)


def shorthand(line: str) -> str:
    line = line.lower().replace("’", "'")
    for word, short in SHORTHAND:
        line = re.sub(word, short, line)
    return " ".join(re.sub(r"[.,!?;:]+", "", line.replace("'", "")).split())


def slips(line: str, rng: random.Random) -> str:
    def slip(word: str) -> str:
        i = rng.randrange(1, len(word) - 1)
        kind = rng.choice("dts")
        if kind == "d":
            return word[:i] + word[i + 1 :]
        if kind == "t":
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        return word[:i] + rng.choice("aeiourstnl") + word[i + 1 :]

    return re.sub(r"[A-Za-z]{5,}", lambda m: slip(m[0]) if rng.random() < 0.35 else m[0], line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="+", type=Path, help="evaluation sets (.jsonl)")
    parser.add_argument("--out", type=Path, required=True, help="folder for the copies")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for kind in ("shorthand", "slips"):
        (args.out / kind).mkdir(parents=True, exist_ok=True)
    for path in args.sets:
        lines = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
        for kind in ("shorthand", "slips"):
            with (args.out / kind / path.name).open("w", encoding="utf-8") as out:
                for item in lines:
                    query = item["query"]
                    typed = shorthand(query) if kind == "shorthand" else slips(query, rng)
                    out.write(json.dumps({**item, "query": typed}) + "\n")
        print(f"{path.name}: {len(lines)} lines -> {args.out}/shorthand, {args.out}/slips")


if __name__ == "__main__":
    main()
